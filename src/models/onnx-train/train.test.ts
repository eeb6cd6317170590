import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildCnn, buildMlp, buildRnn, DEFAULT_CNN, DEFAULT_MLP, DEFAULT_RNN } from '../builders.js';
import { initBackend } from '../tf-backend.js';
import { classifier, ortAvailable as ort, skipNote, tokenLabels, tokens } from './test-support.js';
import { OnnxTrainer } from './trainer.js';

await initBackend();
/** Max |a − b| over every weight, after `steps` identical steps on tfjs and on ONNX Runtime. */
async function compareSteps(
  make: () => tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  steps = 3,
): Promise<{ losses: [number, number][]; maxDiff: number; maxMove: number }> {
  const a = make();
  const b = make();
  const before = a.getWeights().map((w) => w.dataSync().slice());
  const trainer = await OnnxTrainer.create(b, { threads: 1 });
  const losses: [number, number][] = [];
  for (let s = 0; s < steps; s++) {
    const ta = (await a.trainOnBatch(x, y)) as number[];
    const [tb] = await trainer.trainOnBatch(x, y);
    losses.push([ta[0]!, tb]);
  }
  trainer.push();
  await trainer.dispose();
  let maxDiff = 0;
  let maxMove = 0;
  const wb = b.getWeights();
  for (const [k, w] of a.getWeights().entries()) {
    const da = w.dataSync();
    const db = wb[k]!.dataSync();
    for (let i = 0; i < da.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(da[i]! - db[i]!));
      maxMove = Math.max(maxMove, Math.abs(da[i]! - before[k]![i]!));
    }
  }
  a.dispose();
  b.dispose();
  return { losses, maxDiff, maxMove };
}

describe(`ONNX Runtime training matches tfjs step for step${skipNote}`, () => {
  it.skipIf(!ort)('CNN (conv, relu, max pooling, flatten, dense, softmax; Adam)', async () => {
    const make = () =>
      buildCnn(
        { ...DEFAULT_CNN, filters: 4, denseUnits: 16, dropout: 0, denseDropout: 0 },
        { inputShape: [10, 9, 2], head: { task: 'classification', numClasses: 3 }, seed: 3 },
      );
    const x = tf.randomUniform([6, 10, 9, 2], 0, 1, 'float32', 7);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2]);
    const r = await compareSteps(make, x, y);
    for (const [ta, tb] of r.losses) expect(tb).toBeCloseTo(ta, 5);
    expect(r.maxMove).toBeGreaterThan(1e-3); // the weights did move
    expect(r.maxDiff).toBeLessThan(1e-5);
  });

  it.skipIf(!ort)('CNN with batch norm (moving statistics updated too)', async () => {
    const make = () =>
      buildCnn(
        { ...DEFAULT_CNN, filters: 3, denseUnits: 8, dropout: 0, denseDropout: 0, batchNorm: true },
        { inputShape: [8, 8, 2], head: { task: 'classification', numClasses: 3 }, seed: 5 },
      );
    const x = tf.randomNormal([6, 8, 8, 2], 0.5, 2, 'float32', 9);
    const r = await compareSteps(make, x, tf.tensor1d([0, 1, 2, 0, 1, 2]));
    for (const [ta, tb] of r.losses) expect(tb).toBeCloseTo(ta, 5);
    expect(r.maxMove).toBeGreaterThan(1e-3);
    expect(r.maxDiff).toBeLessThan(1e-5);
  });

  for (const [pool, poolSize, strides] of [
    ['avg', 2, 2],
    ['avg', 3, 2],
    ['max', 3, 2],
  ] as const)
    it.skipIf(!ort)(
      `${pool} pooling ${poolSize}×${poolSize}, stride ${strides}, on an odd-sized image`,
      async () => {
        const make = () =>
          classifier([
            tf.layers.conv2d({
              inputShape: [9, 7, 2],
              filters: 3,
              kernelSize: 3,
              padding: 'same',
              activation: 'tanh',
              kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
            }),
            pool === 'avg'
              ? tf.layers.averagePooling2d({ poolSize, strides })
              : tf.layers.maxPooling2d({ poolSize, strides }),
          ]);
        const r = await compareSteps(
          make,
          tf.randomNormal([4, 9, 7, 2], 0, 1, 'float32', 4),
          tf.tensor1d([0, 1, 1, 0]),
        );
        expect(r.maxMove).toBeGreaterThan(1e-3);
        expect(r.maxDiff).toBeLessThan(1e-5);
      },
    );

  for (const [padding, kernelSize, strides] of [
    ['same', 3, 2],
    ['valid', 3, 2],
    ['same', 4, [2, 1]],
    ['valid', 2, 3],
  ] as const)
    it.skipIf(!ort)(
      `strided convolution: ${padding}, kernel ${kernelSize}, strides ${strides}, odd sizes`,
      async () => {
        const make = () =>
          classifier([
            tf.layers.conv2d({
              inputShape: [9, 8, 2],
              filters: 3,
              kernelSize,
              strides: strides as number | [number, number],
              padding,
              activation: 'relu',
              kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
            }),
            tf.layers.conv2d({
              filters: 2,
              kernelSize: 2,
              strides: 2,
              padding,
              kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
            }),
          ]);
        const r = await compareSteps(
          make,
          tf.randomNormal([4, 9, 8, 2], 0, 1, 'float32', 5),
          tf.tensor1d([0, 1, 1, 0]),
        );
        expect(r.maxMove).toBeGreaterThan(1e-3);
        expect(r.maxDiff).toBeLessThan(1e-5);
      },
    );

  it.skipIf(!ort)('CNN with 5×5 valid convolutions and 3×3 pooling', async () => {
    const make = () =>
      classifier([
        tf.layers.conv2d({
          inputShape: [12, 12, 1],
          filters: 3,
          kernelSize: 5,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.maxPooling2d({ poolSize: 3 }),
      ]);
    const r = await compareSteps(
      make,
      tf.randomUniform([4, 12, 12, 1], 0, 1, 'float32', 3),
      tf.tensor1d([0, 1, 1, 0]),
    );
    expect(r.maxMove).toBeGreaterThan(1e-3);
    expect(r.maxDiff).toBeLessThan(1e-5);
  });

  for (const [pooling, layers] of [
    ['max', 1],
    ['mean', 1],
    ['last', 1],
    ['max', 2],
    ['last', 2],
  ] as const) {
    it.skipIf(!ort)(
      `bi-LSTM (FusedLstm), ${pooling} pooling, ${layers} layer(s), padding anywhere`,
      async () => {
        const make = () =>
          buildRnn(
            {
              ...DEFAULT_RNN,
              dropout: 0,
              embeddingDropout: 0,
              wordDropout: 0,
              pooling,
              layers,
              units: 8,
              embeddingDim: 6,
            },
            { vocabularySize: 30, maxLength: 7, head: { task: 'classification', numClasses: 3 }, seed: 3 },
          );
        const r = await compareSteps(make, tokens, tokenLabels);
        for (const [ta, tb] of r.losses) expect(tb).toBeCloseTo(ta, 5);
        expect(r.maxMove).toBeGreaterThan(1e-3);
        expect(r.maxDiff).toBeLessThan(1e-5);
      },
    );
  }

  for (const [cell, bidirectional, pooling] of [
    ['gru', true, 'max'],
    ['gru', false, 'last'],
    ['lstm', true, 'last'],
  ] as const)
    it.skipIf(!ort)(
      `tfjs's ${cell.toUpperCase()} layer${bidirectional ? ' in Bidirectional' : ''}, ${pooling} pooling, padding anywhere`,
      async () => {
        const make = () =>
          buildRnn(
            {
              ...DEFAULT_RNN,
              cell,
              bidirectional,
              dropout: 0,
              embeddingDropout: 0,
              wordDropout: 0,
              pooling,
              layers: 2,
              units: 5,
              embeddingDim: 4,
            },
            {
              vocabularySize: 30,
              maxLength: 7,
              head: { task: 'classification', numClasses: 3 },
              seed: 6,
              implementation: 'layers',
            },
          );
        const r = await compareSteps(make, tokens, tokenLabels);
        for (const [ta, tb] of r.losses) expect(tb).toBeCloseTo(ta, 5);
        expect(r.maxMove).toBeGreaterThan(1e-3);
        expect(r.maxDiff).toBeLessThan(1e-5);
      },
    );

  it.skipIf(!ort)('unidirectional LSTM with L2 on the embedding and the output', async () => {
    const make = () =>
      buildRnn(
        {
          ...DEFAULT_RNN,
          bidirectional: false,
          dropout: 0,
          embeddingDropout: 0,
          wordDropout: 0,
          l2: 1e-3,
          units: 5,
          embeddingDim: 4,
        },
        { vocabularySize: 30, maxLength: 7, head: { task: 'classification', numClasses: 3 }, seed: 4 },
      );
    const r = await compareSteps(make, tokens, tokenLabels);
    for (const [ta, tb] of r.losses) expect(tb).toBeCloseTo(ta, 5);
    expect(r.maxDiff).toBeLessThan(1e-5);
  });

  for (const [activation, optimizer] of [
    ['relu', 'sgd'],
    ['tanh', 'rmsprop'],
    ['elu', 'sgd'],
  ] as const)
    it.skipIf(!ort)(
      `MLP regression (${activation}, L2, ${optimizer}${activation === 'relu' ? ', batch norm' : ''})`,
      async () => {
        const make = () =>
          buildMlp(
            {
              ...DEFAULT_MLP,
              activation,
              dropout: 0,
              l2: 1e-2,
              optimizer,
              learningRate: optimizer === 'sgd' ? 0.05 : 0.01,
              batchNorm: activation === 'relu',
            },
            { numFeatures: 5, head: { task: 'regression' }, seed: 2 },
          );
        const x = tf.randomNormal([8, 5], 0, 1, 'float32', 11);
        const y = tf.randomNormal([8], 0, 1, 'float32', 12);
        const r = await compareSteps(make, x, y);
        for (const [ta, tb] of r.losses) expect(tb).toBeCloseTo(ta, 5);
        expect(r.maxMove).toBeGreaterThan(1e-3);
        expect(r.maxDiff).toBeLessThan(1e-5);
      },
    );
});
