import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { DeepExplainer } from './deep.js';
import { type DenseNetwork, forward, networkFromTf } from './deep-network.js';
import { createRng } from './rng.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/shap-cases-deep.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const normalRows = (seed: number, n: number, M: number, mean = 0, sd = 1) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: M }, () => mean + sd * rng.normal()));
};

function dense1(activation: string, seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        units: 1,
        inputShape: [2],
        activation: activation as 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        biasInitializer: tf.initializers.constant({ value: 0.3 }),
      }),
    ],
  });
}

const predict = (m: tf.LayersModel, X: number[][]) =>
  Array.from((m.predict(tf.tensor2d(X)) as tf.Tensor).dataSync());

describe('DeepExplainer: shap conformance cases', () => {
  it('D1: linear Dense(1) with background = x: φ = (x − mean x) ⊙ w', async () => {
    const c = cases.D1;
    const x = normalRows(1, c.rows, 2, c.mean, c.sd);
    const model = dense1('linear', 7);
    const w = Array.from((model.layers[0]!.getWeights()[0] as tf.Tensor).dataSync());
    const mean = [0, 1].map((j) => x.reduce((s, r) => s + r[j]!, 0) / x.length);
    const e = await new DeepExplainer(model, x).explain(x);
    let worst = 0;
    x.forEach((r, i) => {
      worst = Math.max(
        worst,
        maxAbsDiff(
          e.rowValues(i),
          [0, 1].map((j) => (r[j]! - mean[j]!) * w[j]!),
        ),
      );
    });
    expect(worst).toBeLessThan(c.atol);
  });

  it.each(cases.D2.activations as string[])(
    'D2 (%s): Σφ + E = f(x) (TF.js predict) within 1e-5',
    async (act) => {
      const c = cases.D2;
      const x = normalRows(2, c.rows, 2, 1, 10);
      const model = dense1(act, 3);
      const ex = new DeepExplainer(model, x);
      // the runtime check (max |diff| < 1e-2, as shap) runs inside explain
      const e = await ex.explain(x);
      const fx = predict(model, x);
      const meanF = fx.reduce((s, v) => s + v, 0) / fx.length;
      expect(Math.abs((ex.expectedValue as number) - meanF)).toBeLessThan(c.atol);
      let worst = 0;
      x.forEach((_, i) => {
        worst = Math.max(worst, Math.abs(e.outputValue(i) - fx[i]!));
      });
      expect(worst).toBeLessThan(c.atol);
      // a single 1-D nonlinearity: DeepLIFT's rescale multiplier has a closed form per reference
      const [w0, w1] = Array.from((model.layers[0]!.getWeights()[0] as tf.Tensor).dataSync()) as [
        number,
        number,
      ];
      const net = networkFromTf(model);
      const g = (r: number[]) => forward(net, r)[0]!;
      const z = (r: number[]) => w0 * r[0]! + w1 * r[1]! + 0.3;
      const bg = x.slice(0, 5);
      const small = await new DeepExplainer(model, bg).explain([x[7]!]);
      const xi = x[7]!;
      const want = [0, 1].map((j) =>
        bg.reduce(
          (s, r) => s + ([w0, w1][j]! * (xi[j]! - r[j]!) * (g(xi) - g(r))) / (z(xi) - z(r)) / bg.length,
          0,
        ),
      );
      expect(maxAbsDiff(small.rowValues(0), want)).toBeLessThan(1e-9);
    },
  );

  it('D3: LSTM models are refused as unsupported with a clear error', () => {
    const c = cases.D3;
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: c.vocab, outputDim: c.embedding, inputLength: c.length }),
        tf.layers.lstm({ units: c.units }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    expect(() => new DeepExplainer(model, [new Array(c.length).fill(1)])).toThrow(
      /Deep SHAP does not support recurrent layers: layer ".*" \(LSTM\)/,
    );
    let error: unknown;
    try {
      networkFromTf(model);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'UNSUPPORTED', hint: expect.stringMatching(/PartitionExplainer/) });
  });
});

describe('DeepExplainer: deeper networks', () => {
  it('MLP with tanh/sigmoid/elu hidden layers and a softmax output: additive per output', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          units: 8,
          inputShape: [5],
          activation: 'tanh',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        }),
        tf.layers.dropout({ rate: 0.5 }),
        tf.layers.dense({
          units: 6,
          activation: 'elu',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }),
        }),
        tf.layers.dense({
          units: 4,
          activation: 'sigmoid',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }),
        }),
        tf.layers.dense({
          units: 3,
          activation: 'softmax',
          kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }),
        }),
      ],
    });
    const bg = normalRows(3, 30, 5);
    const X = normalRows(4, 4, 5, 0.5, 2);
    const ex = new DeepExplainer(model, bg, { outputNames: ['a', 'b', 'c'] });
    const e = await ex.explain(X);
    expect(e.outputNames).toEqual(['a', 'b', 'c']);
    const fx = predict(model, X);
    for (let i = 0; i < X.length; i++)
      for (let k = 0; k < 3; k++) expect(Math.abs(e.outputValue(i, k) - fx[i * 3 + k]!)).toBeLessThan(1e-5);
    // probabilities sum to one, so the attributions summed over outputs vanish per feature
    for (let j = 0; j < 5; j++)
      expect(Math.abs(e.value(0, j, 0) + e.value(0, j, 1) + e.value(0, j, 2))).toBeLessThan(1e-9);
    const one = await ex.explain(X, { outputs: [2] });
    expect(one.outputNames).toEqual(['c']);
    expect(maxAbsDiff(one.rowValues(1), e.rowValues(1, 2))).toBe(0);
  });

  it('image inputs behind a Flatten layer: flat rows in, featureShape out for the image plot', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [3, 3, 1] }),
        tf.layers.dense({
          units: 2,
          activation: 'softmax',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }),
        }),
      ],
    });
    const bg = normalRows(9, 5, 9);
    const X = normalRows(10, 2, 9);
    const e = await new DeepExplainer(model, bg).explain(X);
    expect(e.init.featureShape).toEqual([3, 3, 1]);
    const fx = Array.from((model.predict(tf.tensor4d(X.flat(), [2, 3, 3, 1])) as tf.Tensor).dataSync());
    for (let i = 0; i < 2; i++)
      for (let k = 0; k < 2; k++) expect(Math.abs(e.outputValue(i, k) - fx[i * 2 + k]!)).toBeLessThan(1e-5);
  });

  it('equals the linear closed form for a purely linear multi-layer network (plain DenseNetwork)', async () => {
    const net: DenseNetwork = {
      inputs: 3,
      layers: [
        {
          kind: 'dense',
          inputs: 3,
          units: 2,
          kernel: Float64Array.from([1, 2, -1, 0, 0.5, 3]),
          bias: Float64Array.from([1, -1]),
        },
        {
          kind: 'dense',
          inputs: 2,
          units: 1,
          kernel: Float64Array.from([2, -1]),
          bias: Float64Array.from([0.5]),
        },
      ],
    };
    // effective weights: W1·W2 = [1·2 + 2·(−1), −1·2 + 0, 0.5·2 − 3] = [0, −2, −2]
    const bg = normalRows(5, 20, 3);
    const x = [0.3, -1.2, 2];
    const e = await new DeepExplainer(net, bg).explain([x]);
    const mean = [0, 1, 2].map((j) => bg.reduce((s, r) => s + r[j]!, 0) / bg.length);
    expect(
      maxAbsDiff(
        e.rowValues(0),
        [0, -2, -2].map((w, j) => w * (x[j]! - mean[j]!)),
      ),
    ).toBeLessThan(1e-12);
  });
});

describe('DeepExplainer: bad input', () => {
  it('refuses unsupported layers and activations, and wrong widths', async () => {
    const conv = tf.sequential({
      layers: [tf.layers.depthwiseConv2d({ kernelSize: 3, inputShape: [8, 8, 1] })],
    });
    expect(() => new DeepExplainer(conv, [[0]])).toThrow(/\(DepthwiseConv2D\) is not supported/);
    const mish = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'mish' })],
    });
    expect(() => new DeepExplainer(mish, [[0, 0]])).toThrow(/activation "mish" is not supported/);
    const relu = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'relu' })],
    });
    const ex = new DeepExplainer(relu, [[0, 0]]);
    await expect(ex.explain([[1, 2, 3]])).rejects.toThrow(/X has 3 features per row; the model takes 2/);
    await expect(ex.explain([[1, 2]], { outputs: [1] })).rejects.toThrow(/not an output index/);
    await expect(ex.explain([[1, Number.NaN]])).rejects.toThrow(
      /X\[0\]\[1\] is NaN; DeepExplainer needs finite inputs/,
    );
    expect(() => new DeepExplainer({} as DenseNetwork, [[0]])).toThrow(/LayersModel or a DenseNetwork/);
  });

  it("fails shap's runtime additivity check when the network differs from the model", async () => {
    const model = dense1('relu', 9);
    const ex = new DeepExplainer(model, [[0, 0]]);
    // tamper with the copied weights: the TF.js model's output no longer matches
    const layer = ex.network.layers[0];
    if (layer?.kind === 'dense') layer.kernel[0] = (layer.kernel[0] as number) + 1;
    await expect(ex.explain([[3, 4]])).rejects.toThrow(/do not sum up to the model's output/);
    await expect(ex.explain([[3, 4]], { checkAdditivity: false })).resolves.toBeDefined();
  });
});
