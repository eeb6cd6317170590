import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { KiteError } from '../../core/index.js';
import { inputArtifact, runComponent } from '../../dsl/index.js';
import { buildCnn, buildRnn, DEFAULT_CNN, DEFAULT_RNN } from '../builders.js';
import { trainModelComponent } from '../components.js';
import { fromArray } from '../dataset.js';
import type { ImageExample } from '../image.js';
import { initBackend } from '../tf-backend.js';
import { collateImages, trainModel } from '../train.js';
import { compileTrainStep } from './build.js';
import { chooseTrainEngine } from './engine.js';
import { ortAvailable as ort, skipNote, tokenLabels, tokens } from './test-support.js';
import { fillDropoutMask, OnnxTrainer, packTokens } from './trainer.js';

await initBackend();

describe(`ONNX Runtime training: dropout, engines, errors${skipNote}`, () => {
  const rnn = (seed: number) =>
    buildRnn(
      { ...DEFAULT_RNN, units: 4, embeddingDim: 4 },
      { vocabularySize: 30, maxLength: 7, head: { task: 'classification', numClasses: 3 }, seed },
    );

  it('packTokens moves real tokens first, time-major, with mask and lengths', () => {
    const p = packTokens(Int32Array.from([0, 5, 0, 6, 7, 0, 0, 0]), 2, 4, true);
    expect(Array.from(p.lengths)).toEqual([2, 1]);
    // [T, B]: step 0 = (5, 7), step 1 = (6, 0)
    expect(Array.from(p.ids)).toEqual([5, 7, 6, 0, 0, 0, 0, 0]);
    expect(Array.from(p.mask)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
    const kept = packTokens(Int32Array.from([0, 5]), 1, 2, false);
    expect(Array.from(kept.ids)).toEqual([0, 5]);
    expect(Array.from(kept.lengths)).toEqual([2]);
  });

  it.skipIf(!ort)('dropout masks are seeded: same seed, same weights; another seed differs', async () => {
    const run = async (seed: number) => {
      const m = rnn(1);
      const t = await OnnxTrainer.create(m, { threads: 1, seed });
      for (let s = 0; s < 3; s++) await t.trainOnBatch(tokens, tokenLabels);
      t.push();
      await t.dispose();
      const w = m.getWeights()[1]!.dataSync().slice();
      m.dispose();
      return w;
    };
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('the compiled step declares a mask per dropout layer with its noise shape', () => {
    const step = compileTrainStep(rnn(1), 4);
    // word dropout [T, B, 1], embedding (channel) dropout [1, B, D], output dropout [B, F]
    expect(step.noise.map((n) => [n.shape, n.rate])).toEqual([
      [[7, 4, 1], DEFAULT_RNN.wordDropout],
      [[1, 4, 4], DEFAULT_RNN.embeddingDropout],
      [[4, 8], DEFAULT_RNN.dropout],
    ]);
  });

  it('an unsupported layer is named; auto falls back to tfjs and says why; onnx refuses', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 2,
          kernelSize: 3,
          dilationRate: 2,
          name: 'dilated',
        }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    expect(() => compileTrainStep(model, 2)).toThrow(
      /layer 'dilated': dilated convolutions are not supported/,
    );
    const messages: string[] = [];
    const logger = { debug() {}, info: (m: string) => messages.push(m), warn() {}, error() {} };
    const auto = await chooseTrainEngine(model, 'auto', { logger });
    expect(auto.trainer).toBeUndefined();
    expect(auto.info.name).toBe('tfjs');
    expect(auto.info.fallback).toMatch(/dilated/);
    expect(messages.join('\n')).toMatch(/training on tfjs: .*dilated/);
    const err = await chooseTrainEngine(model, 'onnx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KiteError);
    expect((err as KiteError).code).toBe('UNSUPPORTED');
  });

  it('without onnxruntime-node, auto trains on tfjs and onnx gives the install command', async () => {
    const importer = () => Promise.reject(new Error('Cannot find package'));
    const auto = await chooseTrainEngine(rnn(1), 'auto', { importer });
    expect(auto.info).toEqual({ name: 'tfjs', fallback: expect.stringMatching(/onnxruntime-node/) });
    const err = (await chooseTrainEngine(rnn(1), 'onnx', { importer }).catch((e: unknown) => e)) as KiteError;
    expect(err.code).toBe('NOT_FOUND');
    expect(err.hint).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
  });

  it.skipIf(!ort)(
    'trainModel on ONNX Runtime learns, records the engine and leaves the weights in the model',
    async () => {
      // Two classes: bright top half vs bright bottom half.
      const images: ImageExample[] = Array.from({ length: 96 }, (_, i) => {
        const label = i % 2;
        const pixels = new Float32Array(8 * 8);
        for (let p = 0; p < 64; p++)
          pixels[p] = p < 32 === (label === 0) ? 0.6 + 0.4 * Math.sin(i * p) ** 2 : 0.1;
        return { pixels, height: 8, width: 8, channels: 1, label };
      });
      const model = buildCnn(
        { ...DEFAULT_CNN, filters: 4, denseUnits: 8, learningRate: 1e-2 },
        { inputShape: [8, 8, 1], head: { task: 'classification', numClasses: 2 }, seed: 1 },
      );
      const before = model.getWeights()[0]!.dataSync().slice();
      const result = await trainModel(model, {
        train: fromArray(images),
        validation: fromArray(images.slice(0, 32)),
        collate: collateImages,
        epochs: 4,
        batchSize: 20, // 96 = 4 × 20 + 16: two compiled batch sizes
        seed: 1,
        engine: 'onnx',
        threads: 1,
      });
      expect(result.engine).toEqual({ name: 'onnxruntime', threads: 1 });
      expect(result.history.at(-1)!.loss!).toBeLessThan(result.history[0]!.loss!);
      expect(result.history.at(-1)!.val_accuracy).toBeGreaterThan(0.9); // evaluated by tfjs on the pushed weights
      expect(Array.from(model.getWeights()[0]!.dataSync())).not.toEqual(Array.from(before));
      model.dispose();
    },
  );
});

describe('fillDropoutMask', () => {
  it('drops about `rate` of the values and scales the rest by 1/(1 − rate)', () => {
    const out = new Float32Array(100_001);
    const state = Uint32Array.from([1, 2, 3, 4]);
    fillDropoutMask(out, 0.3, state);
    const zeros = out.filter((v) => v === 0).length;
    // Binomial(100001, 0.3): sd ≈ 145; allow 5 sd.
    expect(Math.abs(zeros - 30_000)).toBeLessThan(725);
    expect(new Set(out)).toEqual(new Set([0, Math.fround(1 / 0.7)]));
    const again = new Float32Array(10);
    fillDropoutMask(again, 0.3, state);
    const fresh = new Float32Array(10);
    fillDropoutMask(fresh, 0.3, Uint32Array.from([1, 2, 3, 4]));
    expect(Array.from(again)).not.toEqual(Array.from(fresh)); // the state advanced
  });
});

describe(`train-model component's engine input${skipNote}`, () => {
  const fixtures = new URL('../fixtures/', import.meta.url).pathname;
  const small = { convBlocks: 1, filters: 4, denseUnits: 8, dropout: 0.1, denseDropout: 0 };
  const train = (engine: string, dir: string) =>
    runComponent(
      trainModelComponent,
      {
        data: inputArtifact(fixtures),
        format: 'idx',
        hyperparameters: small,
        epochs: 1,
        batchSize: 64,
        engine,
      },
      { dir },
    );

  it.skipIf(!ort)('records the engine that trained the model on the artifact and the card', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kite-train-engine-'));
    for (const [engine, name] of [
      ['onnx', 'onnxruntime'],
      ['tfjs', 'tfjs'],
      ['auto', 'onnxruntime'],
    ] as const) {
      const trained = await train(engine, join(root, engine));
      expect(trained.outputs.model!.metadata.trainEngine).toBe(name);
      // model.onnx is written by default, so evaluate-model and predict can use ONNX Runtime
      expect(trained.outputs.model!.metadata.onnx).toBe(true);
      expect(existsSync(join(trained.outputs.model!.path, 'model.onnx'))).toBe(true);
      const card = JSON.parse(readFileSync(join(trained.outputs.model!.path, 'kite-model.json'), 'utf8'));
      expect(card.trainEngine).toBe(name);
    }
  });

  it('refuses an unknown engine, naming the choices', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kite-train-engine-'));
    await expect(train('gpu', root)).rejects.toThrow(/engine 'gpu' is not one of auto, tfjs, onnx/);
  });
});

describe('when ONNX Runtime refuses the compiled graph', () => {
  // A runtime that loads but rejects every model, as an older or broken install might.
  const refusing = async () => ({
    InferenceSession: {
      create: () => Promise.reject(new Error('Could not find an implementation for Resize(19)')),
    },
    Tensor: class {},
  });
  const images: ImageExample[] = Array.from({ length: 24 }, (_, i) => ({
    pixels: Float32Array.from({ length: 16 }, (_, p) => ((i * 7 + p) % 5) / 5),
    height: 4,
    width: 4,
    channels: 1,
    label: i % 2,
  }));
  const cnn = () =>
    buildCnn(
      { ...DEFAULT_CNN, convBlocks: 1, filters: 2, denseUnits: 4 },
      { inputShape: [4, 4, 1], head: { task: 'classification', numClasses: 2 }, seed: 1 },
    );

  it("'auto' goes on with tfjs and records why", async () => {
    const model = cnn();
    const result = await trainModel(model, {
      train: fromArray(images),
      collate: collateImages,
      epochs: 1,
      batchSize: 8,
      seed: 1,
      onnxImporter: refusing,
    });
    expect(result.engine.name).toBe('tfjs');
    expect(result.engine.fallback).toMatch(/refused the training graph for batches of 8: Could not find/);
    expect(result.history[0]!.loss).toBeGreaterThan(0);
    model.dispose();
  });

  it("'onnx' fails with the reason", async () => {
    const err = (await trainModel(cnn(), {
      train: fromArray(images),
      collate: collateImages,
      epochs: 1,
      batchSize: 8,
      seed: 1,
      engine: 'onnx',
      onnxImporter: refusing,
    }).catch((e: unknown) => e)) as KiteError;
    expect(err).toBeInstanceOf(KiteError);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.hint).toContain("engine 'tfjs'");
  });
});

describe(`OnnxTrainer.push${skipNote}`, () => {
  it.skipIf(!ort)('leaves no tensors behind', async () => {
    const model = buildCnn(
      { ...DEFAULT_CNN, convBlocks: 1, filters: 2, denseUnits: 4, batchNorm: true },
      { inputShape: [4, 4, 1], head: { task: 'classification', numClasses: 2 }, seed: 1 },
    );
    const trainer = await OnnxTrainer.create(model, { threads: 1 });
    const x = tf.randomUniform([3, 4, 4, 1], 0, 1, 'float32', 1);
    const y = tf.tensor1d([0, 1, 0]);
    await trainer.trainOnBatch(x, y);
    trainer.push();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) trainer.push();
    expect(tf.memory().numTensors).toBe(before);
    await trainer.dispose();
  });
});
