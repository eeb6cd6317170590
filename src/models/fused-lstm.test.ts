import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedLstm } from './fused-lstm.js';
import { initBackend } from './tf-backend.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

function models(bidirectional: boolean, returnSequences: boolean) {
  const make = (rnn: tf.layers.Layer) => {
    const m = tf.sequential();
    m.add(
      tf.layers.embedding({
        inputDim: 12,
        outputDim: 5,
        inputLength: 7,
        maskZero: true,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 1 }),
      }),
    );
    m.add(rnn);
    if (returnSequences) m.add(tf.layers.globalAveragePooling1d());
    m.add(
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    );
    return m;
  };
  const lstm = tf.layers.lstm({
    units: 4,
    returnSequences,
    recurrentActivation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 5 }),
  });
  const reference = make(
    bidirectional ? tf.layers.bidirectional({ layer: lstm as tf.RNN, mergeMode: 'concat' }) : lstm,
  );
  const fused = make(new FusedLstm({ units: 4, bidirectional, returnSequences }));
  fused.setWeights(reference.getWeights());
  return { reference, fused };
}

// Post-padded token ids (0 = padding), rows of different lengths.
const ids = tf.tensor2d(
  [
    [3, 5, 7, 0, 0, 0, 0],
    [1, 2, 3, 4, 5, 6, 7],
    [11, 0, 0, 0, 0, 0, 0],
    [4, 4, 9, 10, 2, 0, 0],
  ],
  [4, 7],
  'int32',
);
const labels = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);

function gradsOf(model: tf.Sequential): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(ids) as tf.Tensor) as tf.Scalar,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    return model.trainableWeights.map(
      (w) => grads[(w.read() as tf.Variable).name]!.dataSync() as Float32Array,
    );
  });
}

describe('FusedLstm matches tf.layers.lstm', () => {
  for (const [bidirectional, returnSequences] of [
    [false, false],
    [true, false],
    [true, true],
  ] as const) {
    it(`outputs and gradients (bidirectional ${bidirectional}, returnSequences ${returnSequences}, masked)`, () => {
      const { reference, fused } = models(bidirectional, returnSequences);
      const a = (reference.predict(ids) as tf.Tensor).dataSync();
      const b = (fused.predict(ids) as tf.Tensor).dataSync();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
      const ga = gradsOf(reference);
      const gb = gradsOf(fused);
      expect(gb).toHaveLength(ga.length);
      for (let w = 0; w < ga.length; w++) {
        for (let i = 0; i < ga[w]!.length; i++) expect(Math.abs(ga[w]![i]! - gb[w]![i]!)).toBeLessThan(1e-5);
      }
    });
  }

  it('survives a save/load round trip by class name', async () => {
    const { fused } = models(true, false);
    const saved: tf.io.ModelArtifacts[] = [];
    await fused.save(
      tf.io.withSaveHandler(async (art) => {
        saved.push(art);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved[0]!));
    const a = (fused.predict(ids) as tf.Tensor).dataSync();
    const b = (loaded.predict(ids) as tf.Tensor).dataSync();
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
  });
});
