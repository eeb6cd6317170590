import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KiteError } from '../../core/index.js';
import type { MetadataStore, NewArtifact } from '../types.js';
import { openSqliteMetadataStore } from './sqlite-metadata-store.js';

let meta: MetadataStore;
const spec = { pipelineInfo: { name: 'demo' } };
const art = (uri: string, over: Partial<NewArtifact> = {}): NewArtifact => ({
  uri,
  typeTitle: 'system.Dataset',
  digest: `sha256:${uri.length}`,
  sizeBytes: 3,
  kind: 'file',
  ...over,
});

beforeEach(() => {
  meta = openSqliteMetadataStore(':memory:');
});
afterEach(() => meta.close());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as KiteError).code;
  }
  return undefined;
}

describe('tasks and attempts', () => {
  it('ensureTask is idempotent and needs an existing run', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const a = meta.ensureTask(run.id, { path: 'for-loop-2/iteration-0/train', componentName: 'comp-train' });
    const b = meta.ensureTask(run.id, { path: 'for-loop-2/iteration-0/train', componentName: 'comp-train' });
    expect(b.id).toBe(a.id);
    expect(a.state).toBe('PENDING');
    expect(meta.listTasks(run.id)).toHaveLength(1);
    expect(codeOf(() => meta.ensureTask('missing', { path: 'x', componentName: 'c' }))).toBe('NOT_FOUND');
  });

  it('records retries, errors and summed usage', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const t = meta.ensureTask(run.id, { path: 'train', componentName: 'c' });
    const first = meta.startAttempt(t.id, {
      cacheKey: 'k1',
      inputs: { parameters: { lr: 1 }, artifacts: {} },
    });
    expect(first.attempt).toBe(1);
    expect(codeOf(() => meta.startAttempt(t.id))).toBe('CONFLICT');
    const usage = { wallMs: 10, cpuMs: 8, peakRssBytes: 100 };
    const afterFail = meta.failAttempt(t.id, 1, {
      error: { message: 'boom', stack: 'Error: boom\n    at train (train.ts:3:9)' },
      usage,
      retrying: true,
    });
    expect(afterFail.state).toBe('PENDING');
    expect(afterFail.error?.stack).toContain('train.ts:3:9');
    expect(codeOf(() => meta.failAttempt(t.id, 1, { error: { message: 'again' } }))).toBe('CONFLICT');
    meta.startAttempt(t.id);
    const done = meta.succeedAttempt(t.id, 2, {
      parameters: { accuracy: 0.9 },
      usage: { wallMs: 5, cpuMs: 4, peakRssBytes: 300 },
    });
    expect(done.state).toBe('SUCCEEDED');
    expect(done.error).toBeNull();
    expect(done.attempts).toBe(2);
    expect(done.cacheKey).toBe('k1');
    expect(done.inputs?.parameters).toEqual({ lr: 1 });
    expect(done.outputs).toEqual({ parameters: { accuracy: 0.9 }, artifacts: {} });
    expect(done.usage).toEqual({ wallMs: 15, cpuMs: 12, peakRssBytes: 300 });
    const attempts = meta.listAttempts(t.id);
    expect(attempts.map((a) => [a.attempt, a.state])).toEqual([
      [1, 'FAILED'],
      [2, 'SUCCEEDED'],
    ]);
    expect(attempts[0]?.usage).toEqual(usage);
    expect(codeOf(() => meta.startAttempt(t.id))).toBe('CONFLICT');
  });

  it('a final failure and a cancellation end the task', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const a = meta.ensureTask(run.id, { path: 'a', componentName: 'c' });
    meta.startAttempt(a.id);
    expect(meta.failAttempt(a.id, 1, { error: { message: 'x', code: 'USER_CODE' } }).state).toBe('FAILED');
    expect(meta.getTaskById(a.id)?.error).toEqual({ message: 'x', code: 'USER_CODE' });
    const b = meta.ensureTask(run.id, { path: 'b', componentName: 'c' });
    meta.startAttempt(b.id);
    expect(
      meta.failAttempt(b.id, 1, { error: { message: 'aborted' }, canceled: true, retrying: true }).state,
    ).toBe('CANCELED');
    const c = meta.ensureTask(run.id, { path: 'c', componentName: 'c' });
    expect(meta.markTask(c.id, 'SKIPPED').state).toBe('SKIPPED');
    const d = meta.ensureTask(run.id, { path: 'd', componentName: 'c' });
    meta.startAttempt(d.id);
    expect(meta.markTask(d.id, 'CANCELED', { message: 'ctrl-c' }).state).toBe('CANCELED');
    expect(meta.listAttempts(d.id)[0]?.state).toBe('CANCELED');
  });
});

describe('artifacts, caching and lineage', () => {
  function producer(runId: string, path: string, uri: string, cacheKey = 'key') {
    const t = meta.ensureTask(runId, { path, componentName: 'comp-make' });
    const { attempt } = meta.startAttempt(t.id, { cacheKey });
    return meta.succeedAttempt(t.id, attempt, {
      parameters: { n: 1 },
      artifacts: { data: [art(uri, { metadata: { rows: 3 } })] },
    });
  }

  it('records committed outputs with OUTPUT events', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const task = producer(run.id, 'make', '/r/artifacts/p/x/make/data');
    const id = task.outputs!.artifacts.data![0]!;
    const a = meta.getArtifact(id)!;
    expect(a).toMatchObject({
      committed: true,
      kind: 'file',
      producerTaskId: task.id,
      metadata: { rows: 3 },
    });
    expect(meta.listTaskArtifacts(task.id, 'OUTPUT')).toEqual([{ port: 'data', artifact: a }]);
  });

  it('finds the latest successful execution whose outputs are committed and present', () => {
    const r1 = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const r2 = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const old = producer(r1.id, 'make', '/u/1');
    const recent = producer(r2.id, 'make', '/u/2');
    expect(meta.findCachedExecution('key')?.task.id).toBe(recent.id);
    expect(meta.findCachedExecution('other')).toBeUndefined();
    // The recent content is gone on disk: the predicate skips it.
    expect(meta.findCachedExecution('key', (a) => a.uri !== '/u/2')?.task.id).toBe(old.id);
    meta.markArtifactsMissing(recent.outputs!.artifacts.data!);
    expect(meta.listCacheCandidates('key').map((h) => h.task.id)).toEqual([old.id]);
  });

  it('overwriting a URI uncommits its older rows', () => {
    const r1 = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const first = producer(r1.id, 'make', '/same');
    const t = meta.ensureTask(r1.id, { path: 'again', componentName: 'c' });
    meta.startAttempt(t.id);
    meta.succeedAttempt(t.id, 1, { artifacts: { data: [art('/same')] } });
    const rows = meta.getArtifactsByUri('/same');
    expect(rows.map((a) => a.committed)).toEqual([true, false]);
    expect(meta.findCachedExecution('key')).toBeUndefined();
    expect(rows[1]?.id).toBe(first.outputs!.artifacts.data![0]);
  });

  it('cached tasks copy outputs and show up in lineage; consumers across runs are found', () => {
    const r1 = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const made = producer(r1.id, 'make', '/r/artifacts/p/r1/make/data');
    const dataId = made.outputs!.artifacts.data![0]!;
    const r2 = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const t2 = meta.ensureTask(r2.id, { path: 'make', componentName: 'comp-make' });
    const hit = meta.findCachedExecution('key')!;
    const cached = meta.markCached(t2.id, hit, { cacheKey: 'key' });
    expect(cached).toMatchObject({ state: 'CACHED', cachedFromTaskId: made.id, outputs: made.outputs });
    // A cached task is not itself a cache source.
    expect(meta.listCacheCandidates('key').map((h) => h.task.id)).toEqual([made.id]);
    const train = meta.ensureTask(r2.id, { path: 'train', componentName: 'comp-train' });
    meta.startAttempt(train.id, { inputs: { parameters: {}, artifacts: { data: [dataId] } } });
    expect(
      codeOf(() =>
        meta.startAttempt(meta.ensureTask(r2.id, { path: 'bad', componentName: 'c' }).id, {
          inputs: { parameters: {}, artifacts: { data: [9999] } },
        }),
      ),
    ).toBe('NOT_FOUND');

    const byId = meta.getLineage(dataId);
    const byUri = meta.getLineage('/r/artifacts/p/r1/make/data');
    expect(byUri).toEqual(byId);
    expect(meta.getLineage(String(dataId)).artifact.id).toBe(dataId);
    expect(byId.producedBy.map((e) => [e.run.id, e.task.path, e.task.state])).toEqual([
      [r1.id, 'make', 'SUCCEEDED'],
      [r2.id, 'make', 'CACHED'],
    ]);
    expect(byId.consumedBy.map((e) => [e.run.id, e.task.path, e.event.port])).toEqual([
      [r2.id, 'train', 'data'],
    ]);
    expect(byId.consumedBy[0]?.run.pipelineName).toBe('p');
    expect(codeOf(() => meta.getLineage('/nope'))).toBe('NOT_FOUND');
  });

  it('records imported artifacts without a producer', () => {
    const a = meta.recordArtifact(art('/data/iris.csv', { typeTitle: 'system.Dataset' }));
    expect(a.producerTaskId).toBeNull();
    expect(meta.getLineage('/data/iris.csv').producedBy).toEqual([]);
  });

  it('resetTask puts a finished task back to PENDING', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const t = producer(run.id, 'make', '/u/x');
    const reset = meta.resetTask(t.id);
    expect(reset).toMatchObject({ state: 'PENDING', outputs: null, attempts: 1 });
    meta.startAttempt(t.id);
    expect(codeOf(() => meta.resetTask(t.id))).toBe('CONFLICT');
  });
});

describe('metrics and logs', () => {
  it('keeps metrics per run, task and step', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const t = meta.ensureTask(run.id, { path: 'train', componentName: 'c' });
    meta.recordMetrics(run.id, t.id, { loss: 0.5, acc: 0.7 }, 1);
    meta.recordMetrics(run.id, t.id, { loss: 0.3 }, 2);
    meta.recordMetrics(run.id, null, { best: 0.9 });
    expect(
      meta.listMetrics({ runId: run.id, taskId: t.id, name: 'loss' }).map((m) => [m.step, m.value]),
    ).toEqual([
      [1, 0.5],
      [2, 0.3],
    ]);
    expect(meta.listMetrics({ runId: run.id })).toHaveLength(4);
    expect(codeOf(() => meta.recordMetrics(run.id, null, { bad: Number.NaN }))).toBe('INVALID_ARGUMENT');
    expect(meta.listMetrics({ runId: run.id })).toHaveLength(4);
  });

  it('appends log lines with a per-attempt sequence', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: '/r' });
    const t = meta.ensureTask(run.id, { path: 'train', componentName: 'c' });
    meta.appendLogs(t.id, 1, [
      { stream: 'stdout', line: 'a' },
      { stream: 'stderr', line: 'b' },
    ]);
    meta.appendLogs(t.id, 1, [{ stream: 'log', line: 'c', time: 5 }]);
    meta.appendLogs(t.id, 2, [{ stream: 'stdout', line: 'd' }]);
    meta.appendLogs(t.id, 2, []);
    const all = meta.getTaskLogs(t.id);
    expect(all.map((l) => [l.attempt, l.seq, l.stream, l.line])).toEqual([
      [1, 0, 'stdout', 'a'],
      [1, 1, 'stderr', 'b'],
      [1, 2, 'log', 'c'],
      [2, 0, 'stdout', 'd'],
    ]);
    expect(all[2]?.time).toBe(5);
    expect(meta.getTaskLogs(t.id, { attempt: 1, afterSeq: 0, stream: 'log' }).map((l) => l.line)).toEqual([
      'c',
    ]);
    expect(meta.getTaskLogs(t.id, { limit: 1 })).toHaveLength(1);
    expect(codeOf(() => meta.appendLogs(424242, 1, [{ stream: 'log', line: 'x' }]))).toBe('NOT_FOUND');
  });
});
