/**
 * The compiler's golden pipelines (Kite twins of the KFP SDK's golden files, same structure)
 * run end to end: struct loops with `parameterExpressionSelector`, conditions on task outputs,
 * exit handlers, retries, fan-in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanIn, GOLDEN, withLoops } from '../compiler/golden/pipelines.js';
import { compilePipeline, componentsOf } from '../compiler/index.js';
import type { AnyPipeline } from '../dsl/index.js';
import { openStore, type Store } from '../store/index.js';
import { runPipeline } from './run-pipeline.js';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-golden-'));
  store = openStore(dir, { fsync: false });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (p: AnyPipeline, params = {}) =>
  runPipeline({ spec: compilePipeline(p), store, components: componentsOf(p), params });

describe('golden pipelines run locally', () => {
  it.each(Object.entries(GOLDEN))('%s', async (_file, p) => {
    const r = await run(p, p === GOLDEN['container_io.yaml'] ? { text: 'hi' } : {});
    expect(r.error).toBeNull();
    expect(r.state).toBe('SUCCEEDED');
    expect(r.tasks.length).toBeGreaterThan(0);
  });

  it('passes struct loop items through selectors', async () => {
    const r = await run(withLoops);
    const msgs = store.meta
      .listTasks(r.runId)
      .filter((t) => t.componentName.startsWith('comp-print-text'))
      .map((t) => t.inputs?.parameters.msg);
    expect(msgs.sort()).toEqual(['1', '10', '2', '20', 'a', 'b']);
    const structs = store.meta
      .listTasks(r.runId)
      .filter((t) => t.componentName.startsWith('comp-print-struct'))
      .map((t) => t.inputs?.parameters.struct);
    expect(structs).toEqual(
      expect.arrayContaining([
        { A_a: '1', B_b: '2' },
        { A_a: '10', B_b: '20' },
      ]),
    );
  });

  it('fans in with collect()', async () => {
    const r = await run(fanIn);
    expect(r.outputs.parameters).toEqual({ Output: 12 });
  });
});
