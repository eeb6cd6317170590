/**
 * `--isolation process`: every task is a `kite execute` subprocess that loads the component
 * from the executor's `--module`; errors, logs, metrics and the child's own CPU time and peak
 * RSS come back through its output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline } from '../../src/compiler/index.js';
import { failing } from '../../src/orchestrator/fixtures/pipelines.js';
import { runPipeline } from '../../src/orchestrator/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FIXTURES, REPO } from './helpers.js';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-proc-'));
  store = openStore(join(dir, 'root'), { fsync: false });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('process isolation', () => {
  it('runs each task in a subprocess with the same results and records its costs', async () => {
    // no components map: the code is found through each executor's --module, as on Kubeflow
    const r = await runPipeline({
      spec: compilePipeline(failing, { module: FIXTURES }),
      store,
      cwd: REPO,
      isolation: 'process',
    });
    expect(r.state).toBe('FAILED');
    const t = Object.fromEntries(r.tasks.map((x) => [x.path, x]));
    expect(t['exit-handler-1/boom']?.error?.message).toMatch(
      /component 'boom' failed: RangeError: the answer is not 42/,
    );
    expect(t['exit-handler-1/noop']?.state).toBe('SKIPPED');
    expect(t['exit-handler-1/consume']?.outputs.parameters).toEqual({ total: 3 });
    expect(String(t.announce?.outputs.parameters.seen)).toMatch(/^FAILED:task exit-handler-1\/boom/);
    const produce = store.meta.getTask(r.runId, 'exit-handler-1/produce')!;
    // written in the staging area (customPath) and committed, not straight to the final URI
    const [data] = store.meta.listTaskArtifacts(produce.id, 'OUTPUT').map((o) => o.artifact);
    expect(data).toMatchObject({ kind: 'file', committed: true, metadata: { rows: 3 } });
    expect(produce.usage?.cpuMs).toBeGreaterThan(0);
    expect(produce.usage?.peakRssBytes).toBeGreaterThan(10 * 2 ** 20);
    const lines = store.meta.getTaskLogs(produce.id);
    expect(lines.some((l) => l.stream === 'stderr' && /wrote 3 rows/.test(l.line))).toBe(true);
    expect(lines.some((l) => l.line.startsWith('kite:'))).toBe(false);
    expect(store.meta.listMetrics({ runId: r.runId, taskId: produce.id }).map((m) => m.name)).toEqual([
      'loss',
    ]);
  });
});
