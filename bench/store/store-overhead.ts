/**
 * Per-task cost of the store as the orchestrator uses it, on a 200-task run:
 *   - execute: ensureTask + startAttempt + stage + (component writes 1 KB) + commitTask
 *   - cached:  ensureTask + findCached + markCached (a fully cached re-run)
 * against a baseline measured in the same process: the component's bare write of the same
 * 1 KB output to a plain file (no store at all).
 *
 *   node --import tsx bench/store/store-overhead.ts [tasks]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';

const N = Number(process.argv[2] ?? 200);
const root = mkdtempSync(join(tmpdir(), 'kite-bench-store-'));
const payload = Buffer.alloc(1024, 7);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function bareWrites(): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await writeFile(join(root, `bare-${i}`), payload);
  return ms(t0) / N;
}

async function executeTasks(fsync: boolean): Promise<{ execute: number; cached: number }> {
  const store = openStore(join(root, fsync ? 'fsync' : 'nofsync'), { fsync });
  const spec = { pipelineInfo: { name: 'bench' } };

  const run = store.meta.createRun({ pipelineName: 'bench', spec, rootDir: root });
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const path = `task-${i}`;
    const task = store.meta.ensureTask(run.id, { path, componentName: 'comp-noop' });
    const { attempt } = store.meta.startAttempt(task.id, { cacheKey: `key-${i}` });
    const area = await store.artifacts.stage({ pipelineName: 'bench', runId: run.id, taskPath: path });
    await writeFile(area.pathFor('out'), payload);
    await store.commitTask(task.id, attempt, { area, outputs: { out: { typeTitle: 'system.Artifact' } } });
  }
  const execute = ms(t0) / N;
  store.meta.finishRun(run.id, 'SUCCEEDED');

  const rerun = store.meta.createRun({ pipelineName: 'bench', spec, rootDir: root });
  t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const task = store.meta.ensureTask(rerun.id, { path: `task-${i}`, componentName: 'comp-noop' });
    const hit = await store.findCached(`key-${i}`);
    if (hit === undefined) throw new Error(`no cache hit for task ${i}`);
    store.meta.markCached(task.id, hit, { cacheKey: `key-${i}` });
  }
  const cached = ms(t0) / N;
  store.meta.finishRun(rerun.id, 'SUCCEEDED');
  store.close();
  return { execute, cached };
}

try {
  const bare = await bareWrites();
  const durable = await executeTasks(true);
  const fast = await executeTasks(false);
  const row = (name: string, v: number) =>
    console.log(
      `${name.padEnd(44)} ${v.toFixed(3).padStart(8)} ms/task   ${(v / bare).toFixed(1).padStart(6)}x bare`,
    );
  console.log(`store overhead, ${N} tasks, node ${process.version}`);
  row('baseline: bare 1 KB write (no store)', bare);
  row('execute: attempt + stage + commit (fsync)', durable.execute);
  row('execute: attempt + stage + commit (no fsync)', fast.execute);
  row('cached: findCached + markCached', durable.cached);
} finally {
  rmSync(root, { recursive: true, force: true });
}
