import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compilePipeline, componentsOf } from '../compiler/index.js';
import type { AnyPipeline } from '../dsl/index.js';
import { openStore, type Store } from '../store/index.js';
import { failing, flow, retrying, sleepy, wide } from './fixtures/pipelines.js';
import { runPipeline } from './run-pipeline.js';
import type { RunEvent, RunPipelineOptions } from './types.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-orch-'));
  store = openStore(join(dir, 'root'), { fsync: false });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (p: AnyPipeline, extra: Partial<RunPipelineOptions> = {}) =>
  runPipeline({
    spec: compilePipeline(p),
    store,
    components: componentsOf(p),
    backoffScale: 0.001,
    ...extra,
  });

const byPath = <T extends { path: string }>(tasks: T[]): Record<string, T> =>
  Object.fromEntries(tasks.map((t) => [t.path, t]));

describe('runPipeline', () => {
  it('runs data passing, conditions, loops and the exit handler', async () => {
    const events: RunEvent[] = [];
    const r = await run(flow, { onEvent: (e) => events.push(e) });
    expect(r.state).toBe('SUCCEEDED');
    const t = byPath(r.tasks);
    expect(t['exit-handler-1/produce']?.state).toBe('SUCCEEDED');
    expect(t['exit-handler-1/produce']?.outputs.parameters).toEqual({ count: 3 });
    expect(t['exit-handler-1/consume']?.outputs.parameters).toEqual({ total: 3 });
    const branches = r.tasks.filter((x) => /condition-\d+\/consume/.test(x.path));
    expect(branches.map((b) => [b.state, b.outputs.parameters.total ?? null]).sort()).toEqual([
      ['SKIPPED', null],
      ['SUCCEEDED', 30],
    ]);
    const loop = r.tasks.filter((x) => /iteration-\d+\/consume/.test(x.path));
    expect(loop.map((x) => x.outputs.parameters.total).sort()).toEqual([3, 6, 9]);
    expect(t.announce?.outputs.parameters).toEqual({ seen: 'SUCCEEDED:' });
    // the artifact exists at its final URI with its content and metadata
    const uri = t['exit-handler-1/produce']?.outputs.artifacts.data?.[0] ?? '';
    expect(readFileSync(uri, 'utf8')).toBe('hi\nhi\nhi');
    const artifact = store.meta.getArtifactsByUri(uri)[0];
    expect(artifact).toMatchObject({ kind: 'file', committed: true, metadata: { rows: 3 } });
    // logs, metrics, costs and lineage were recorded
    const produceTask = store.meta.getTask(r.runId, 'exit-handler-1/produce')!;
    expect(store.meta.getTaskLogs(produceTask.id).map((l) => l.line)).toEqual([
      expect.stringContaining('wrote 3 rows'),
    ]);
    expect(
      store.meta.listMetrics({ runId: r.runId, taskId: produceTask.id }).map((m) => [m.name, m.value]),
    ).toEqual([['loss', 0.5]]);
    expect(produceTask.usage?.wallMs).toBeGreaterThan(0);
    expect(store.meta.getLineage(uri).consumedBy.length).toBe(5); // consume, the true branch, 3 iterations;
    expect(events.some((e) => e.type === 'progress' && e.path === 'exit-handler-1/produce')).toBe(true);
  });

  it('takes the else branch and passes params by type', async () => {
    const r = await run(flow, { params: { n: 2, sweep: [5] } });
    expect(r.state).toBe('SUCCEEDED');
    const branches = r.tasks.filter((x) => /condition-\d+\/consume/.test(x.path));
    expect(branches.map((b) => b.outputs.parameters.total ?? b.state).sort()).toEqual([-2, 'SKIPPED']);
  });

  it('reuses cached outputs on a re-run and not with noCache', async () => {
    const first = await run(flow);
    const second = await run(flow);
    expect(second.tasks.filter((t) => t.state === 'CACHED').length).toBe(
      first.tasks.filter((t) => t.state === 'SUCCEEDED').length - 1, // the exit task sees a new run id
    );
    const third = await run(flow, { noCache: true });
    expect(third.tasks.some((t) => t.state === 'CACHED')).toBe(false);
  });

  it('fails a task with the user error, skips downstream and still runs the exit handler', async () => {
    const r = await run(failing);
    expect(r.state).toBe('FAILED');
    const t = byPath(r.tasks);
    expect(t['exit-handler-1/boom']?.state).toBe('FAILED');
    expect(t['exit-handler-1/boom']?.error?.message).toMatch(/RangeError: the answer is not 42/);
    expect(t['exit-handler-1/boom']?.error?.stack).toMatch(/pipelines\.ts:\d+/);
    expect(t['exit-handler-1/noop']?.state).toBe('SKIPPED');
    expect(t['exit-handler-1/consume']?.state).toBe('SUCCEEDED');
    expect(t.announce?.state).toBe('SUCCEEDED');
    expect(String(t.announce?.outputs.parameters.seen)).toMatch(
      /^FAILED:task exit-handler-1\/boom: .*not 42/,
    );
    expect(r.error?.message).toMatch(/task exit-handler-1\/boom failed/);
    expect(store.meta.requireRun(r.runId).state).toBe('FAILED');
  });

  it('retries with the backoff policy until the task succeeds', async () => {
    const counter = join(dir, 'counter');
    const events: RunEvent[] = [];
    const r = await run(retrying, { params: { counter }, onEvent: (e) => events.push(e) });
    expect(r.state).toBe('SUCCEEDED');
    expect(r.tasks[0]).toMatchObject({
      state: 'SUCCEEDED',
      attempts: 3,
      outputs: { parameters: { attempts: 3 } },
    });
    const delays = events.flatMap((e) => (e.type === 'retry' ? [e.delayMs] : []));
    expect(delays).toEqual([1, 2]); // 1 s, then × 2, scaled by 0.001
    const failed = await run(retrying, { params: { counter: join(dir, 'c2'), failures: 5 } });
    expect(failed.state).toBe('FAILED');
    expect(failed.tasks[0]).toMatchObject({ state: 'FAILED', attempts: 3 });
  });

  it('cancels: the running task gets the signal, nothing half written is committed', async () => {
    const controller = new AbortController();
    const marker = join(dir, 'marker');
    const events: RunEvent[] = [];
    const done = run(sleepy, {
      params: { marker },
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'task' && e.path === 'nap' && e.state === 'RUNNING')
          setTimeout(() => controller.abort(), 20);
      },
    });
    const r = await done;
    expect(r.state).toBe('CANCELED');
    const nap = byPath(r.tasks).nap;
    expect(nap?.state).toBe('CANCELED');
    expect(nap?.outputs.artifacts).toEqual({});
    expect(store.meta.requireRun(r.runId).state).toBe('CANCELED');
  });

  it('respects the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    const r = await run(wide, {
      concurrency: 2,
      onEvent: (e) => {
        if (e.type !== 'task') return;
        if (e.state === 'RUNNING') peak = Math.max(peak, ++running);
        if (e.state === 'SUCCEEDED') running--;
      },
    });
    expect(r.state).toBe('SUCCEEDED');
    expect(r.tasks.length).toBe(5);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('rejects unknown and mistyped params before creating a run', async () => {
    await expect(run(flow, { params: { nope: 1, n: 'x' as never } })).rejects.toThrow(
      /nope: no such parameter[\s\S]*n: /,
    );
    expect(store.meta.listRuns()).toEqual([]);
  });
});

describe('nested pipelines', () => {
  it('runs a pipeline used as a task and exposes DAG outputs', async () => {
    const { outer } = await import('./fixtures/pipelines.js');
    const r = await run(outer);
    expect(r.state).toBe('SUCCEEDED');
    expect(r.tasks.map((t) => t.path).sort()).toEqual(['consume', 'inner/consume', 'inner/produce']);
    expect(r.outputs.parameters).toEqual({ inner: 400, outer: 8 });
  });
});

describe('loops', () => {
  it('iterates over a task output list under its parallelism limit', async () => {
    const { fanout } = await import('./fixtures/pipelines.js');
    let running = 0;
    let peak = 0;
    const r = await run(fanout, {
      params: { n: 5 },
      onEvent: (e) => {
        if (e.type !== 'task' || !e.path.includes('iteration')) return;
        if (e.state === 'RUNNING') peak = Math.max(peak, ++running);
        if (e.state === 'SUCCEEDED') running--;
      },
    });
    expect(r.state).toBe('SUCCEEDED');
    const squares = r.tasks.filter((t) => t.componentName.includes('square'));
    expect(squares.map((t) => t.outputs.parameters.y).sort((a, b) => Number(a) - Number(b))).toEqual([
      1, 4, 9, 16, 25,
    ]);
    expect(squares.every((t) => /^for-loop-\d+\/iteration-\d\/square$/.test(t.path))).toBe(true);
    expect(peak).toBeLessThanOrEqual(2);
  });
});

describe('fan-in', () => {
  it('collects each iteration’s outputs into lists, in item order', async () => {
    const { fanin } = await import('./fixtures/pipelines.js');
    const r = await run(fanin);
    expect(r.state).toBe('SUCCEEDED');
    expect(byPath(r.tasks).sum?.outputs.parameters).toEqual({ total: 60, count: 3 });
    expect(r.outputs.parameters).toEqual({ total: 60 });
    const sumTask = store.meta.getTask(r.runId, 'sum')!;
    const inputs = store.meta.listTaskArtifacts(sumTask.id, 'INPUT');
    expect(inputs.map((i) => readFileSync(i.artifact.uri, 'utf8'))).toEqual(['1', '2', '3']);
  });
});
