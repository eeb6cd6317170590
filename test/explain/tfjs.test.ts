/**
 * Explainers on real TensorFlow.js models (CPU backend): case G2 of the shap conformance list
 * (expected gradients of a CNN's logits add up to f(x) − E f; as in shap's test the inputs are
 * randn/255; non-zero biases keep the ReLU patterns fixed at that scale, so the conv net is
 * linear there and the check is exact up to float32 — with zero biases, or with max-pooling,
 * the network is not linear at any scale and the estimator's variance dominates) and a partition explanation of
 * the same CNN through an image masker. Kept small so it runs in seconds on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DenseMatrix,
  GradientExplainer,
  ImageMasker,
  PartitionExplainer,
} from '../../src/explain/index.js';
import { createRng } from '../../src/explain/rng.js';

let model: tf.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      biasInitializer: tf.initializers.constant({ value: 0.1 }),
    }),
  );
  m.add(tf.layers.flatten());
  m.add(
    tf.layers.dense({
      units: 10,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 6 }),
    }),
  );
  model = m;
});

const predict = (b: DenseMatrix) =>
  tf.tidy(
    () =>
      (
        model.predict(tf.tensor4d(Float32Array.from(b.data), [b.rows, 28, 28, 1])) as tf.Tensor
      ).dataSync() as Float32Array,
  );

describe('TensorFlow.js models', () => {
  it('G2: expected gradients of CNN logits add up (atol 1e-4)', async () => {
    const rng = createRng(3);
    const img = () => Array.from({ length: 784 }, () => rng.normal() / 255);
    const bg = Array.from({ length: 20 }, img);
    const x = img();
    const gradient = (b: DenseMatrix, k: number): DenseMatrix => {
      const data = tf.tidy(() => {
        const input = tf.tensor4d(Float32Array.from(b.data), [b.rows, 28, 28, 1]);
        const grad = tf.grad((t: tf.Tensor) => (model.apply(t) as tf.Tensor).slice([0, k], [-1, 1]).sum());
        return grad(input).dataSync() as Float32Array;
      });
      return { rows: b.rows, cols: 784, data };
    };
    const ex = new GradientExplainer(gradient, bg, { model: (b) => predict(b), batchSize: 1000 });
    // shap's test uses 2000 samples: the sampled background mean must be close to the true one
    const outputs = [0, 3, 7];
    const e = await ex.explain([x], { nsamples: 2000, seed: 1, outputs });
    const fx = predict({ rows: 1, cols: 784, data: Float64Array.from(x) });
    const errs = outputs.map((o, k) => Math.abs(e.outputValue(0, k) - (fx[o] as number)));
    const spans = outputs.map((o, k) => Math.abs((fx[o] as number) - e.baseValue(0, k)));
    expect(Math.max(...spans)).toBeGreaterThan(1e-3);
    for (const err of errs) expect(err).toBeLessThan(1e-4);
  });

  it('partition explanation of the CNN is exactly additive for every class', async () => {
    const rng = createRng(4);
    const x = Array.from({ length: 784 }, () => rng.random());
    const ex = new PartitionExplainer(predict, new ImageMasker('blur(4,4)', [28, 28, 1]), {
      maxEvals: 300,
      batchSize: 50,
    });
    const e = await ex.explain([x]);
    const fx = predict({ rows: 1, cols: 784, data: Float64Array.from(x) });
    for (let k = 0; k < 10; k++) expect(Math.abs(e.outputValue(0, k) - (fx[k] as number))).toBeLessThan(1e-4);
    // 1 call for f(∅), f(x); the queue needs 4 rounds to hold 25 nodes, then full batches of 50
    expect(ex.stats.calls).toBeLessThanOrEqual(12);
  });
});
