import { afterEach, describe, expect, it } from 'vitest';
import { wantedWasmThreads } from './wasm-threads.js';

describe('wantedWasmThreads', () => {
  const saved = process.env.KITE_WASM_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.KITE_WASM_THREADS;
    else process.env.KITE_WASM_THREADS = saved;
  });

  it("is 'auto' by default, 1 for nonsense, the count asked for otherwise", () => {
    delete process.env.KITE_WASM_THREADS;
    expect(wantedWasmThreads(undefined, 8)).toBe(4);
    expect(wantedWasmThreads(undefined, 2)).toBe(2);
    expect(wantedWasmThreads(0, 8)).toBe(1);
    expect(wantedWasmThreads(2.5, 8)).toBe(1);
    expect(wantedWasmThreads(3, 8)).toBe(3);
    expect(wantedWasmThreads(64, 8)).toBe(16);
  });

  it("'auto' means the cores, at most 4", () => {
    delete process.env.KITE_WASM_THREADS;
    expect(wantedWasmThreads('auto', 2)).toBe(2);
    expect(wantedWasmThreads('auto', 32)).toBe(4);
    expect(wantedWasmThreads('auto', 1)).toBe(1);
  });

  it('KITE_WASM_THREADS wins over the option', () => {
    process.env.KITE_WASM_THREADS = '2';
    expect(wantedWasmThreads(1, 8)).toBe(2);
    process.env.KITE_WASM_THREADS = 'auto';
    expect(wantedWasmThreads(1, 6)).toBe(4);
    process.env.KITE_WASM_THREADS = '';
    expect(wantedWasmThreads(3, 8)).toBe(3);
  });
});
