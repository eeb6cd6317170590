import { describe, expect, it } from 'vitest';
import { tileInto } from './tile-kernel.js';

describe('tileInto', () => {
  it('repeats rows and columns', () => {
    const out = new Float32Array(8);
    tileInto(Float32Array.of(1, 2), [1, 2], [2, 2], out);
    expect(Array.from(out)).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });

  it('tiles a [2, 1, 2] int tensor by [1, 3, 2]', () => {
    const out = new Int32Array(24);
    tileInto(Int32Array.of(1, 2, 3, 4), [2, 1, 2], [1, 3, 2], out);
    expect(Array.from(out)).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4]);
  });

  it('copies a scalar', () => {
    const out = new Float32Array(1);
    tileInto(Float32Array.of(7), [], [], out);
    expect(out[0]).toBe(7);
  });
});
