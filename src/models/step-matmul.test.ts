import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FusedLstm } from './fused-lstm.js';
import { createStepMatMul, createStepSigmoid, stepMatMulOptions } from './step-matmul.js';
import { initBackend } from './tf-backend.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});
afterEach(() => {
  stepMatMulOptions.useTfjsOps = false;
});

function run(useTfjsOps: boolean, w: tf.Tensor2D, a: Float32Array, add: Float32Array) {
  stepMatMulOptions.useTfjsOps = useTfjsOps;
  const step = createStepMatMul(w, 3);
  const results: Float32Array[] = [];
  for (let i = 0; i < 3; i++) {
    // The same buffers are reused every step: results must not depend on the previous step.
    step.input().set(a.map((v) => v * (i + 1)));
    results.push(Float32Array.from(step.multiply()));
    results.push(Float32Array.from(step.multiplyAddSigmoid(add)));
  }
  step.dispose();
  return results;
}

describe('createStepMatMul', () => {
  it('direct wasm calls give the tfjs results, step after step', () => {
    const w = tf.tensor2d([0.5, -1, 2, 0.25, 1.5, -0.75, 3, 0.1], [2, 4]);
    const a = Float32Array.from([1, 2, -1, 0.5, 3, -2]);
    const add = Float32Array.from({ length: 12 }, (_, i) => (i - 6) / 4);
    const direct = run(false, w, a, add);
    const viaOps = run(true, w, a, add);
    expect(direct[0]![0]).toBeCloseTo(1 * 0.5 + 2 * 1.5, 5); // row 0 · column 0, by hand
    for (let i = 0; i < direct.length; i++)
      for (let j = 0; j < direct[i]!.length; j++) expect(direct[i]![j]).toBeCloseTo(viaOps[i]![j]!, 5);
    w.dispose();
  });

  it('sigmoid of a buffer', () => {
    for (const useTfjsOps of [false, true]) {
      stepMatMulOptions.useTfjsOps = useTfjsOps;
      const sig = createStepSigmoid(4);
      sig.input().set([0, 2, -2, 10]);
      const y = Array.from(sig.run());
      sig.dispose();
      expect(y[0]).toBeCloseTo(0.5, 6);
      expect(y[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
      expect(y[2]).toBeCloseTo(1 / (1 + Math.exp(2)), 6);
      expect(y[3]).toBeCloseTo(1 / (1 + Math.exp(-10)), 6);
    }
  });

  it('FusedLstm gives the same outputs and gradients on both paths', () => {
    const layer = new FusedLstm({ units: 3, bidirectional: true, returnSequences: true, seed: 4 });
    const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 9);
    layer.apply(x);
    const mask = tf.tensor2d([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], [2, 5]);
    const both = [true, false].map((useTfjsOps) => {
      stepMatMulOptions.useTfjsOps = useTfjsOps;
      const f = (input: tf.Tensor) => (layer.call(input, { mask }) as tf.Tensor).square().sum();
      const { value, grad } = tf.valueAndGrad(f)(x);
      return { value: value.dataSync()[0]!, grad: Array.from(grad.dataSync()) };
    });
    expect(both[0]!.value).toBeCloseTo(both[1]!.value, 5);
    expect(both[0]!.grad.some((g) => g !== 0)).toBe(true);
    for (const [i, g] of both[0]!.grad.entries()) expect(g).toBeCloseTo(both[1]!.grad[i]!, 5);
  });
});
