/**
 * Two wasm threads in Node (src/models/wasm-threads.ts), in child processes because the
 * thread count is fixed when the wasm module starts (once per process).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./fixtures/train-steps.ts', import.meta.url));

interface Out {
  threads: number;
  warning: string;
  losses: number[];
  sum: number;
}

function train(threads: number | 'default', env: Record<string, string> = {}): Out {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, String(threads)], {
    cwd: ROOT,
    encoding: 'utf8',
    // A process kept alive by idle workers would hit this and fail the test.
    timeout: 60_000,
    env: { ...process.env, KITE_WASM_THREADS: '', ...env },
  });
  expect(r.error, r.stderr).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Out;
}

describe('wasm worker threads', () => {
  it('trains with two threads, gives the one-thread numbers, and the process ends by itself', () => {
    const one = train(1);
    const two = train(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.warning).not.toMatch(/threads off/);
    expect(two.losses).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(two.losses[i]).toBeCloseTo(one.losses[i]!, 4);
    expect(two.losses[3]!).toBeLessThan(two.losses[0]!);
    expect(Math.abs(two.sum - one.sum) / one.sum).toBeLessThan(1e-4);
  }, 120_000);

  it('KITE_WASM_THREADS overrides the option', () => {
    expect(train(1, { KITE_WASM_THREADS: '2' }).threads).toBe(2);
  }, 60_000);

  it('uses the cores (at most 4) by default, and KITE_WASM_THREADS=1 turns that off', () => {
    const cores = Math.min(availableParallelism(), 4);
    expect(train('default').threads).toBe(cores);
    expect(train('default', { KITE_WASM_THREADS: '1' }).threads).toBe(1);
  }, 60_000);
});
