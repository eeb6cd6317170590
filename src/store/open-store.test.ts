import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_TAG } from './local/layout.js';
import { openStore } from './open-store.js';
import type { Store } from './types.js';

let dir: string;
let store: Store;
const spec = { pipelineInfo: { name: 'demo' } };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-store-'));
  store = openStore(join(dir, 'root'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one task the way the orchestrator does, writing `text` as its `data` output. */
async function runTask(runId: string, path: string, text: string, cacheKey = `key-${path}`) {
  const task = store.meta.ensureTask(runId, { path, componentName: `comp-${path}` });
  const { attempt } = store.meta.startAttempt(task.id, { cacheKey });
  const area = await store.artifacts.stage({ pipelineName: 'demo', runId, taskPath: path });
  writeFileSync(area.pathFor('data'), text);
  writeFileSync(join(area.dir, 'output_metadata.json'), '{}');
  const done = await store.commitTask(task.id, attempt, {
    area,
    outputs: {
      data: { typeTitle: 'system.Dataset', metadata: { rows: 1 } },
      metrics: { typeTitle: 'system.Metrics', allowMissing: true },
    },
    parameters: { n: text.length },
    usage: { wallMs: 1, cpuMs: 1, peakRssBytes: 1 },
  });
  expect(existsSync(area.dir)).toBe(false);
  return done;
}

describe('openStore', () => {
  it('creates kite.db and artifacts/ under the root', () => {
    expect(existsSync(join(dir, 'root', 'kite.db'))).toBe(true);
    expect(existsSync(join(dir, 'root', 'artifacts'))).toBe(true);
    expect(store.root).toBe(join(dir, 'root'));
  });

  it('commits task outputs: content in place, artifact rows committed with digests', async () => {
    const run = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
    const task = await runTask(run.id, 'make', 'abc');
    expect(task.state).toBe('SUCCEEDED');
    expect(task.outputs?.parameters).toEqual({ n: 3 });
    const outs = store.meta.listTaskArtifacts(task.id, 'OUTPUT');
    expect(outs.map((o) => [o.port, o.artifact.kind, o.artifact.typeTitle])).toEqual([
      ['data', 'file', 'system.Dataset'],
      ['metrics', 'none', 'system.Metrics'],
    ]);
    const data = outs[0]!.artifact;
    expect(readFileSync(data.uri, 'utf8')).toBe('abc');
    expect(data.digest).toBe((await store.artifacts.digest(data.uri)).digest);
    expect(data.uri).toBe(join(store.root, 'artifacts', 'demo', run.id, 'make', 'data'));
  });

  it('a failed commit leaves the task RUNNING for the caller to fail, and nothing committed', async () => {
    const run = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
    const task = store.meta.ensureTask(run.id, { path: 't', componentName: 'c' });
    const { attempt } = store.meta.startAttempt(task.id);
    const area = await store.artifacts.stage({ pipelineName: 'demo', runId: run.id, taskPath: 't' });
    await expect(
      store.commitTask(task.id, attempt, { area, outputs: { model: { typeTitle: 'system.Model' } } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(store.meta.getTaskById(task.id)?.state).toBe('RUNNING');
    store.meta.failAttempt(task.id, attempt, { error: { message: 'output model was not written' } });
    await store.artifacts.discard(area);
    expect(store.meta.listTaskArtifacts(task.id, 'OUTPUT')).toEqual([]);
  });

  it('refuses to commit for an attempt that was taken over, leaving the final path alone', async () => {
    const run = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
    const task = store.meta.ensureTask(run.id, { path: 't', componentName: 'c' });
    const { attempt } = store.meta.startAttempt(task.id);
    const area = await store.artifacts.stage({ pipelineName: 'demo', runId: run.id, taskPath: 't' });
    writeFileSync(area.pathFor('out'), 'late');
    const raw = new Database(join(store.root, 'kite.db'));
    raw.prepare('UPDATE runs SET owner_pid = ?, owner_host = ? WHERE id = ?').run(1, 'new-owner', run.id);
    raw.close();
    await expect(
      store.commitTask(task.id, attempt, { area, outputs: { out: { typeTitle: 'system.Artifact' } } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(existsSync(area.uriFor('out'))).toBe(false);
    await expect(store.commitTask(task.id, attempt + 1, { area })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('content renamed into place without its metadata transaction is never taken as an output', async () => {
    // The crash window between the rename and the database commit, replayed deterministically.
    const run = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
    const task = store.meta.ensureTask(run.id, { path: 't', componentName: 'c' });
    const { attempt } = store.meta.startAttempt(task.id, { cacheKey: 'W' });
    const area = await store.artifacts.stage({ pipelineName: 'demo', runId: run.id, taskPath: 't' });
    writeFileSync(area.pathFor('out'), 'orphan');
    const content = await store.artifacts.commit(area, 'out');
    expect(readFileSync(content.uri, 'utf8')).toBe('orphan');
    expect(store.meta.getArtifactsByUri(content.uri)).toEqual([]);
    expect(await store.findCached('W')).toBeUndefined();
    const claim = await store.resumeRun(run.id, { force: true });
    expect(claim.completed.size).toBe(0);
    expect(claim.reset).toEqual(['t']);
    expect(store.meta.listAttempts(task.id).map((a) => a.state)).toEqual(['FAILED']);
    expect(attempt).toBe(1);
  });

  it('finds cached executions only while their contents exist', async () => {
    const r1 = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
    const made = await runTask(r1.id, 'make', 'abc', 'K');
    const hit = await store.findCached('K');
    expect(hit?.task.id).toBe(made.id);
    rmSync(hit!.artifacts.find((a) => a.kind === 'file')!.uri);
    expect(await store.findCached('K')).toBeUndefined();
    // The vanished artifact is now marked, so later lookups skip it without touching the disk.
    expect(store.meta.listCacheCandidates('K')).toEqual([]);
  });

  it('resumes a run whose process died: completed tasks kept, the rest reset', async () => {
    const run = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
    const a = await runTask(run.id, 'a', 'A');
    const b = await runTask(run.id, 'b', 'B');
    const c = store.meta.ensureTask(run.id, { path: 'c', componentName: 'comp-c' });
    store.meta.startAttempt(c.id);
    const leftover = await store.artifacts.stage({ pipelineName: 'demo', runId: run.id, taskPath: 'c' });
    writeFileSync(leftover.pathFor('data'), 'half');
    // b's content vanished while nobody watched.
    rmSync(store.meta.listTaskArtifacts(b.id, 'OUTPUT')[0]!.artifact.uri);

    // Pretend the owner was another process that is now dead.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const raw = new Database(join(store.root, 'kite.db'));
    raw.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(dead, run.id);
    raw.close();
    // ... and so was the process that staged c's output.
    const deadArea = join(dirname(leftover.dir), `${HOST_TAG}-${dead}-leftover`);
    renameSync(leftover.dir, deadArea);

    const claim = await store.resumeRun(run.id);
    expect([...claim.completed.keys()]).toEqual(['a']);
    expect(claim.completed.get('a')?.outputs).toEqual(a.outputs);
    expect(claim.reset.sort()).toEqual(['b', 'c']);
    expect(claim.interruptedAttempts).toBe(1);
    expect(existsSync(deadArea)).toBe(false);
    expect(store.meta.getTaskById(b.id)?.state).toBe('PENDING');

    // Finishing the resumed run re-runs b and c only.
    await runTask(run.id, 'b', 'B2');
    await runTask(run.id, 'c', 'C');
    expect(store.meta.finishRun(run.id, 'SUCCEEDED').state).toBe('SUCCEEDED');
    expect(store.meta.listTasks(run.id).map((t) => [t.path, t.state, t.attempts])).toEqual([
      ['a', 'SUCCEEDED', 1],
      ['b', 'SUCCEEDED', 2],
      ['c', 'SUCCEEDED', 2],
    ]);
  });
});
