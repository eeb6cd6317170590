import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../stats/index.js';
import { initBackend } from './tf-backend.js';

const rng = createRng(11);
const random = (shape: number[]): { values: Float32Array; shape: number[] } => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { values: Float32Array.from({ length: n }, () => rng.next() * 2 - 1), shape };
};

/** Runs `fn` on a backend and returns plain arrays. */
async function on(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = fn();
    return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
  });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

beforeAll(async () => {
  const info = await initBackend({ prefer: 'wasm' });
  expect(info.name).toBe('wasm');
});
afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('wasm training kernels agree with the cpu backend', () => {
  const cases = [
    { x: [2, 9, 9, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' as const },
    { x: [3, 8, 7, 2], f: [3, 2, 2, 5], strides: 2, pad: 'valid' as const },
    { x: [2, 10, 10, 1], f: [5, 5, 1, 3], strides: 2, pad: 'same' as const },
    // (A numeric pad with unequal strides is left out: tfjs 4.22 itself computes a wrong output
    // shape for it on every backend.)
    { x: [1, 6, 6, 2], f: [2, 2, 2, 2], strides: 2, pad: 1 },
    { x: [2, 7, 9, 2], f: [3, 3, 2, 3], strides: [1, 2] as [number, number], pad: 'valid' as const },
    // KH·KW·Ci > MATMUL_FILTER_GRAD_MAX_ROWS: the filter gradient's convolution form (the ones
    // above take the im2col matrix product).
    { x: [2, 6, 7, 8], f: [3, 3, 8, 4], strides: 1, pad: 'same' as const },
    { x: [2, 9, 8, 9], f: [3, 3, 9, 2], strides: 2, pad: 'valid' as const },
  ];
  for (const c of cases) {
    it(`conv2d gradients x=${c.x} filter=${c.f} strides=${c.strides} pad=${c.pad}`, async () => {
      const x = random(c.x);
      const f = random(c.f);
      const grads = () => {
        const xt = tf.tensor4d(x.values, x.shape as [number, number, number, number]);
        const ft = tf.tensor4d(f.values, f.shape as [number, number, number, number]);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)
            .square()
            .sum(),
        );
        return g([xt, ft]);
      };
      const [cpuDx, cpuDf] = await on('cpu', grads);
      const [wasmDx, wasmDf] = await on('wasm', grads);
      expect(maxDiff(wasmDf!, cpuDf!)).toBeLessThan(1e-4);
      expect(maxDiff(wasmDx!, cpuDx!)).toBeLessThan(1e-4);
    });
  }

  it('conv2dTranspose (Conv2DBackpropInput) and a pad wider than the kernel (stock fallback)', async () => {
    const dy = random([2, 5, 5, 4]);
    const f = random([3, 3, 2, 4]);
    const run = () => [
      tf.conv2dTranspose(
        tf.tensor4d(dy.values, [2, 5, 5, 4]),
        tf.tensor4d(f.values, [3, 3, 2, 4]),
        [2, 10, 10, 2],
        2,
        'same',
      ),
      tf.conv2dTranspose(
        tf.tensor4d(dy.values, [2, 5, 5, 4]),
        tf.tensor4d(f.values, [3, 3, 2, 4]),
        [2, 11, 11, 2],
        2,
        'valid',
      ),
      tf.grad((a: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, tf.tensor4d(f.values.slice(0, 2 * 2 * 2 * 4), [2, 2, 2, 4]), 1, 3).sum(),
      )(tf.ones([1, 4, 4, 2])),
    ];
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
  });

  const pools: {
    x: [number, number, number, number];
    size: number;
    strides: number;
    pad: 'valid' | 'same';
  }[] = [
    { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [1, 7, 9, 4], size: 3, strides: 2, pad: 'same' },
    { x: [2, 6, 6, 2], size: 3, strides: 1, pad: 'same' },
  ];
  for (const c of pools) {
    it(`maxPool gradient x=${c.x} size=${c.size} strides=${c.strides} pad=${c.pad}`, async () => {
      const x = random(c.x);
      // Ties on purpose: the gradient must go to the first maximum, as TensorFlow does.
      x.values[0] = 0.5;
      x.values[c.x[3]] = 0.5;
      const grads = () => {
        const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.strides, c.pad);
        const shape = pool(tf.zeros(c.x)).shape;
        const weights = tf
          .linspace(
            1,
            2,
            shape.reduce((p, q) => p * q, 1),
          )
          .reshape(shape);
        return tf.grad((a: tf.Tensor) => pool(a).mul(weights).sum())(tf.tensor4d(x.values, c.x));
      };
      const [cpu] = await on('cpu', grads);
      const [wasm] = await on('wasm', grads);
      expect(maxDiff(wasm!, cpu!)).toBeLessThan(1e-5);
    });
  }

  it('matMul with transposes, batched and broadcast', async () => {
    const a = random([3, 4, 5]);
    const b = random([3, 6, 5]);
    const m = random([5, 4]);
    const run = () => {
      const ta = tf.tensor3d(a.values, [3, 4, 5]);
      const tb = tf.tensor3d(b.values, [3, 6, 5]);
      const tm = tf.tensor2d(m.values, [5, 4]);
      return [
        tf.matMul(ta, tb, false, true),
        tf.matMul(ta, tf.tensor3d(b.values.slice(0, 72), [3, 6, 4]), true, true),
        tf.matMul(tm, tm, true, false),
        tf.matMul(tm, tm, false, true),
        tf.matMul(ta, tf.tensor2d(b.values.slice(0, 30), [6, 5]), false, true),
      ];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-5);
  });

  it('unstack along every axis, float and int', async () => {
    const v = random([3, 4, 5]);
    const run = () => [
      ...tf.unstack(tf.tensor3d(v.values, [3, 4, 5]), 0),
      ...tf.unstack(tf.tensor3d(v.values, [3, 4, 5]), 1),
      ...tf.unstack(tf.tensor3d(v.values, [3, 4, 5]), 2),
      ...tf.unstack(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), 1).map((t) => t.toFloat()),
    ];
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    expect(wasm).toHaveLength(3 + 4 + 5 + 3);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-7);
  });

  it('sum over leading axes (bias gradients) and others, as the cpu backend', async () => {
    const v = random([8, 12, 11, 3]);
    const w = random([2100, 5]);
    const run = () => {
      const x = tf.tensor4d(v.values, [8, 12, 11, 3]);
      const t = tf.tensor2d(w.values, [2100, 5]);
      return [
        tf.sum(x, [0, 1, 2]),
        tf.sum(x, [2, 0, 1], true),
        tf.sum(x, [-4, -3, -2]),
        tf.sum(t, 0),
        tf.sum(t, 0, true),
        tf.sum(x, [0, 1]), // not all leading axes: stock
        tf.sum(x, -1),
        tf.sum(x),
        tf.sum(tf.tensor2d(w.values.slice(0, 50), [10, 5]), 0), // few rows: stock
      ];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
    const shapes = await (async () => {
      await tf.setBackend('wasm');
      return tf.tidy(() => run().map((t) => t.shape));
    })();
    expect(shapes.slice(0, 5)).toEqual([[3], [1, 1, 1, 3], [3], [5], [1, 5]]);
  });

  it('tile (batch norm gradients), float and int, every rank', async () => {
    const v = random([2, 3, 4, 5]);
    const run = () => [
      tf.tile(tf.tensor4d(v.values, [2, 3, 4, 5]), [2, 1, 3, 2]),
      tf.tile(tf.tensor4d(v.values.slice(0, 5), [1, 1, 1, 5]), [4, 3, 2, 1]),
      tf.tile(tf.tensor3d(v.values.slice(0, 12), [3, 1, 4]), [1, 5, 1]),
      tf.tile(tf.tensor2d(v.values.slice(0, 6), [2, 3]), [3, 2]),
      tf.tile(tf.tensor1d(v.values.slice(0, 3)), [4]),
      tf.tile(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), [2, 3]).toFloat(),
      tf.tile(tf.tensor2d(v.values.slice(0, 6), [2, 3]), [1, 1]),
    ];
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBe(0);
  });

  it('reverse along one or several axes', async () => {
    const v = random([3, 4, 5]);
    const run = () =>
      [0, 1, 2, -1]
        .map((axis) => tf.reverse(tf.tensor3d(v.values, [3, 4, 5]), axis))
        .concat(tf.reverse(tf.tensor3d(v.values, [3, 4, 5]), [0, 2]));
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBe(0);
  });

  it('identity (tf.clone) shares the data: values equal, each copy outlives the other, no leak', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numBytes;
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    const c = tf.clone(b);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3, 4]);
    c.dispose();
    expect(tf.memory().numBytes).toBe(before);
    // a training-style use: a variable assigned from an identity of another tensor
    const v = tf.variable(tf.zeros([3]));
    const d = tf.tensor1d([5, 6, 7]);
    v.assign(tf.clone(d));
    d.dispose();
    expect(Array.from(v.dataSync())).toEqual([5, 6, 7]);
    v.dispose();
  });

  it('LSTM gradients', async () => {
    const seq = random([2, 6, 3]);
    const run = () => {
      const layer = tf.layers.lstm({
        units: 4,
        recurrentActivation: 'sigmoid',
        kernelInitializer: 'ones',
        recurrentInitializer: 'ones',
      });
      const x = tf.tensor3d(seq.values, [2, 6, 3]);
      layer.apply(x);
      const { grads } = tf.variableGrads(
        () => (layer.apply(x) as tf.Tensor).square().sum() as tf.Scalar,
        layer.trainableWeights.map((w) => w.read() as tf.Variable),
      );
      return Object.values(grads);
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    expect(cpu.length).toBeGreaterThan(0);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
  });

  it('bidirectional LSTM gradients', async () => {
    const seq = random([2, 6, 3]);
    const run = () => {
      const layer = tf.layers.bidirectional({
        layer: tf.layers.lstm({
          units: 3,
          recurrentActivation: 'sigmoid',
          kernelInitializer: 'ones',
          recurrentInitializer: 'ones',
        }) as tf.RNN,
      });
      const x = tf.tensor3d(seq.values, [2, 6, 3]);
      layer.apply(x);
      const { grads } = tf.variableGrads(
        () => (layer.apply(x) as tf.Tensor).square().sum() as tf.Scalar,
        layer.trainableWeights.map((w) => w.read() as tf.Variable),
      );
      return Object.values(grads);
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    expect(cpu.length).toBeGreaterThan(0);
    for (let i = 0; i < cpu.length; i++) expect(maxDiff(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
  });

  it('embedding gradient (gather → UnsortedSegmentSum)', async () => {
    const table = random([7, 4]);
    const ids = [0, 3, 3, 6, 1, 3];
    const grads = () => {
      const t = tf.tensor2d(table.values, [7, 4]);
      const g = tf.grad((w: tf.Tensor) => tf.gather(w, tf.tensor1d(ids, 'int32')).square().sum());
      return g(t);
    };
    const [cpu] = await on('cpu', grads);
    const [wasm] = await on('wasm', grads);
    expect(maxDiff(wasm!, cpu!)).toBeLessThan(1e-6);
    expect(wasm![2 * 4]).toBe(0); // row 2 was never gathered
  });

  it('does not leak tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = random([2, 5, 5, 2]);
    tf.tidy(() => {
      const g = tf.grad((f: tf.Tensor) =>
        tf.conv2d(tf.tensor4d(x.values, [2, 5, 5, 2]), f as tf.Tensor4D, 1, 'same').sum(),
      );
      g(tf.ones([3, 3, 2, 2])).dataSync();
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
