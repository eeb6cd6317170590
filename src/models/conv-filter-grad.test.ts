import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../stats/index.js';
import { conv2dFilterGradMatMul, type FilterGradGeometry, im2colTransposed } from './conv-filter-grad.js';
import { initBackend } from './tf-backend.js';

const rng = createRng(5);
const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);

beforeAll(async () => {
  expect((await initBackend({ prefer: 'wasm' })).name).toBe('wasm');
});

function geometry(
  x: [number, number, number, number],
  f: [number, number, number, number],
  strides: number | [number, number],
  pad: 'same' | 'valid' | number,
): FilterGradGeometry {
  const info = tf.backend_util.computeConv2DInfo(x, f, strides, 1, pad);
  return {
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

describe('im2colTransposed', () => {
  it('lays out taps as rows and output positions as columns, zeros in the padding', () => {
    // 1 image, 2×2, 1 channel: [[1, 2], [3, 4]]; 2×2 filter, 'same' pads bottom/right.
    const g = geometry([1, 2, 2, 1], [2, 2, 1, 1], 1, 'same');
    const cols = im2colTransposed([1, 2, 3, 4], [1, 2, 2, 1], g);
    expect(Array.from(cols)).toEqual(
      [
        [1, 2, 3, 4], // tap (0, 0)
        [2, 0, 4, 0], // tap (0, 1)
        [3, 4, 0, 0], // tap (1, 0)
        [4, 0, 0, 0], // tap (1, 1)
      ].flat(),
    );
  });
});

describe('conv2dFilterGradMatMul agrees with the cpu backend', () => {
  const cases: {
    x: [number, number, number, number];
    f: [number, number, number, number];
    strides: number | [number, number];
    pad: 'same' | 'valid' | number;
  }[] = [
    { x: [3, 10, 9, 1], f: [3, 3, 1, 6], strides: 1, pad: 'same' },
    { x: [2, 9, 9, 3], f: [5, 3, 3, 4], strides: 2, pad: 'same' },
    { x: [2, 8, 11, 2], f: [2, 3, 2, 3], strides: [2, 3], pad: 'valid' },
    { x: [1, 6, 6, 2], f: [3, 3, 2, 2], strides: 2, pad: 1 },
    { x: [2, 6, 6, 12], f: [3, 3, 12, 5], strides: 1, pad: 'same' },
  ];
  for (const c of cases) {
    it(`x=${c.x} filter=${c.f} strides=${c.strides} pad=${c.pad}`, async () => {
      const xv = random(c.x.reduce((a, b) => a * b, 1));
      const fv = random(c.f.reduce((a, b) => a * b, 1));
      await tf.setBackend('cpu');
      const expected = tf.tidy(() => {
        const loss = (f: tf.Tensor) =>
          tf
            .conv2d(tf.tensor4d(xv, c.x), f as tf.Tensor4D, c.strides, c.pad)
            .square()
            .sum();
        return tf.grad(loss)(tf.tensor4d(fv, c.f));
      });
      const want = expected.dataSync();
      // dy of Σ conv² is 2·conv.
      const dyv = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(xv, c.x), tf.tensor4d(fv, c.f), c.strides, c.pad).mul(2),
      );
      const dyShape = dyv.shape as [number, number, number, number];
      const dyData = dyv.dataSync();
      expected.dispose();
      dyv.dispose();
      await tf.setBackend('wasm');
      const got = tf.tidy(() =>
        conv2dFilterGradMatMul(
          tf.tensor4d(xv, c.x),
          tf.tensor4d(dyData, dyShape),
          geometry(c.x, c.f, c.strides, c.pad),
        ),
      );
      expect(got.shape).toEqual(c.f);
      const values = got.dataSync();
      got.dispose();
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(values[i]! - want[i]!));
      expect(maxDiff).toBeLessThan(1e-4);
    });
  }
});
