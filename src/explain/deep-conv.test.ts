import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeepExplainer } from './deep.js';
import { applyConvLayer, backConvLayer, windowOf } from './deep-conv.js';
import { type DenseNetwork, forward, networkFromTf } from './deep-network.js';
import { createRng } from './rng.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rows = (seed: number, n: number, M: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: M }, () => rng.normal()));
};

/** A small CNN with every supported layer kind; inputs 6×6×2. */
function cnn(): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [6, 6, 2],
        filters: 3,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
        biasInitializer: tf.initializers.constant({ value: 0.05 }),
      }),
      tf.layers.batchNormalization({
        gammaInitializer: tf.initializers.constant({ value: 1.3 }),
        betaInitializer: tf.initializers.constant({ value: -0.1 }),
        movingMeanInitializer: tf.initializers.constant({ value: 0.2 }),
        movingVarianceInitializer: tf.initializers.constant({ value: 0.5 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({
        filters: 4,
        kernelSize: 2,
        strides: 1,
        padding: 'valid',
        kernelInitializer: init(2),
      }),
      tf.layers.activation({ activation: 'tanh' }),
      tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  return model;
}

describe('DeepExplainer on convolutional networks', () => {
  it('reads every layer and computes what TensorFlow.js computes', () => {
    const model = cnn();
    const net = networkFromTf(model);
    expect(net.layers.map((l) => l.kind)).toEqual([
      'conv2d',
      'activation',
      'scale',
      'pool2d',
      'conv2d',
      'activation',
      'pool2d',
      'dense',
      'softmax',
    ]);
    expect(net.inputs).toBe(72);
    expect(net.inputShape).toEqual([6, 6, 2]);
    const X = rows(5, 4, 72);
    const tfOut = (model.predict(tf.tensor(X.flat(), [4, 6, 6, 2])) as tf.Tensor).dataSync();
    X.forEach((x, i) => {
      const mine = forward(net, x);
      for (let k = 0; k < 3; k++) expect(mine[k]).toBeCloseTo(tfOut[i * 3 + k]!, 5);
    });
  });

  it('sums to the model output (E + Σφ = f(x)) for every row and output', async () => {
    const model = cnn();
    const bg = rows(7, 6, 72);
    const explainer = new DeepExplainer(model, bg);
    const X = rows(8, 3, 72);
    const e = await explainer.explain(X);
    const values = e.values as number[][][];
    const net = explainer.network;
    X.forEach((x, i) => {
      const f = forward(net, x);
      for (let k = 0; k < 3; k++) {
        const sum = values[i]!.reduce((p, cell) => p + cell[k]!, (explainer.expectedValue as number[])[k]!);
        expect(Math.abs(sum - f[k]!)).toBeLessThan(1e-9);
      }
    });
    // images: the explanation keeps the input's shape for plots
    expect(e.init.featureShape).toEqual([6, 6, 2]);
  });

  it('a convolution gives exactly the attributions of the same map written as a Dense layer', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [4, 4, 1],
          filters: 2,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
      ],
    });
    const convNet = networkFromTf(model);
    const conv = convNet.layers[0]!;
    // the conv layer as a 16 × 32 matrix: column o = the conv's output o for unit input i
    const kernel = new Float64Array(16 * 32);
    for (let i = 0; i < 16; i++) {
      const unit = new Float64Array(16);
      unit[i] = 1;
      const zero = applyConvLayer(conv as never, new Float64Array(16));
      const col = applyConvLayer(conv as never, unit);
      for (let o = 0; o < 32; o++) kernel[i * 32 + o] = col[o]! - zero[o]!;
    }
    const bias = applyConvLayer(conv as never, new Float64Array(16));
    const denseNet: DenseNetwork = {
      inputs: 16,
      layers: [{ kind: 'dense', kernel, bias, inputs: 16, units: 32 }, ...convNet.layers.slice(1)],
    };
    const bg = rows(1, 5, 16);
    const X = rows(2, 3, 16);
    const a = await new DeepExplainer(convNet, bg).explain(X);
    const b = await new DeepExplainer(denseNet, bg).explain(X);
    const va = (a.values as number[][]).flat();
    const vb = (b.values as number[][]).flat();
    expect(va.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    va.forEach((v, i) => {
      expect(v).toBeCloseTo(vb[i]!, 10);
    });
  });

  it("max pooling follows shap's rule (worked example)", () => {
    // one 1×2 window over 1 channel: x = [3, 1], r = [0, 2]; x_out = 3, r_out = 2, cross max 3.
    const pool = {
      ...windowOf([1, 2, 1], [1, 2], [1, 2], 'valid'),
      kind: 'pool2d' as const,
      op: 'max' as const,
    };
    const ax = Float64Array.from([3, 1]);
    const ar = Float64Array.from([0, 2]);
    expect(Array.from(applyConvLayer(pool, ax))).toEqual([3]);
    const m = backConvLayer(pool, Float64Array.from([2]), ax, ar);
    // x's arg-max (index 0) gets m·(3 − 2) = 2, over Δ = 3; r's arg-max (index 1) gets m·(3 − 3) = 0
    expect(m[0]).toBeCloseTo(2 / 3, 12);
    expect(Math.abs(m[1]!)).toBe(0);
    // summation to delta: Σ m_in·Δin = m·(x_out − r_out)
    expect(m[0]! * 3 + m[1]! * -1).toBeCloseTo(2 * (3 - 2), 12);
  });

  it('refuses what it cannot model, naming the layer', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 1, kernelSize: 2, dilationRate: 2, name: 'dil' }),
      ],
    });
    expect(() => networkFromTf(model)).toThrow(/layer "dil" \(Conv2D\): dilated convolutions/);
  });
});
