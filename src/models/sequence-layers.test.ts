import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MaskedPooling, StepDropout } from './sequence-layers.js';
import { initBackend } from './tf-backend.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const apply = (layer: tf.layers.Layer, x: tf.Tensor, kwargs: Record<string, unknown>): number[][] =>
  (layer.apply(x, kwargs) as tf.Tensor).arraySync() as number[][];

describe('StepDropout', () => {
  it('draws a fresh mask every training step (a seeded tfjs dropout repeats its mask)', () => {
    const x = tf.ones([4, 32]);
    const stock = tf.layers.dropout({ rate: 0.5, seed: 3 });
    expect(apply(stock, x, { training: true })).toEqual(apply(stock, x, { training: true }));

    const layer = new StepDropout({ rate: 0.5, seed: 3 });
    const first = apply(layer, x, { training: true });
    const second = apply(layer, x, { training: true });
    expect(first).not.toEqual(second);
    // Inverted dropout: kept values are scaled by 1 / (1 − rate).
    expect(new Set(first.flat())).toEqual(new Set([0, 2]));
    // Reproducible: the same seed gives the same sequence of masks.
    const again = new StepDropout({ rate: 0.5, seed: 3 });
    expect(apply(again, x, { training: true })).toEqual(first);
    expect(apply(again, x, { training: true })).toEqual(second);
  });

  it('is the identity at inference', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(apply(new StepDropout({ rate: 0.9, seed: 1 }), x, {})).toEqual(x.arraySync());
  });

  it("'channel' noise drops a channel at every time step of a sequence", () => {
    const x = tf.ones([3, 6, 16]);
    const out = (
      new StepDropout({ rate: 0.5, noise: 'channel', seed: 2 }).apply(x, { training: true }) as tf.Tensor
    ).arraySync() as number[][][];
    let dropped = 0;
    for (const seq of out)
      for (let c = 0; c < 16; c++) {
        const column = seq.map((step) => step[c]);
        expect(new Set(column).size).toBe(1);
        if (column[0] === 0) dropped++;
      }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(48);
  });

  it("'step' noise zeroes whole time steps (word dropout)", () => {
    const x = tf.ones([3, 20, 4]);
    const out = (
      new StepDropout({ rate: 0.5, noise: 'step', seed: 5 }).apply(x, { training: true }) as tf.Tensor
    ).arraySync() as number[][][];
    const steps = out.flat();
    for (const step of steps) expect(new Set(step).size).toBe(1);
    const dropped = steps.filter((step) => step[0] === 0).length;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(60);
  });
});

describe('MaskedPooling', () => {
  // [batch 3, time 3, features 2]; row 2 is all padding.
  const x = tf.tensor3d([
    [
      [1, -5],
      [3, -2],
      [9, 9],
    ],
    [
      [-1, -1],
      [-3, -4],
      [-2, -8],
    ],
    [
      [5, 5],
      [6, 6],
      [7, 7],
    ],
  ]);
  const mask = tf
    .tensor2d([
      [1, 1, 0],
      [1, 1, 1],
      [0, 0, 0],
    ])
    .cast('bool');

  it('max skips masked steps and pools an empty row to zeros', () => {
    const out = apply(new MaskedPooling({ mode: 'max' }), x, { mask });
    expect(out.map((row) => row.map((v) => v + 0))).toEqual([
      [3, -2],
      [-1, -1],
      [0, 0],
    ]);
  });

  it('mean averages the unmasked steps only', () => {
    const out = apply(new MaskedPooling({ mode: 'mean' }), x, { mask });
    expect(out[0]![0]).toBeCloseTo(2, 6);
    expect(out[0]![1]).toBeCloseTo(-3.5, 6);
    expect(out[1]![0]).toBeCloseTo(-2, 6);
    expect(out[2]).toEqual([0, 0]);
  });

  it('pools every step without a mask', () => {
    expect(apply(new MaskedPooling({ mode: 'max' }), x, {})[0]).toEqual([9, 9]);
  });

  it('sends no gradient to masked steps', () => {
    for (const mode of ['max', 'mean'] as const) {
      const layer = new MaskedPooling({ mode });
      const g = tf.grad((t: tf.Tensor) => (layer.apply(t, { mask }) as tf.Tensor).sum())(x);
      const values = g.arraySync() as number[][][];
      expect(values[0]![2]).toEqual([0, 0]);
      expect(values[2]!.flat()).toEqual([0, 0, 0, 0, 0, 0]);
      expect(values[0]![1]!.some((v) => v !== 0)).toBe(true);
    }
  });
});
