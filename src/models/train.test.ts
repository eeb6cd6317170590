import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateClassifier } from '../stats/index.js';
import { buildCnn, buildMlp, buildRnn, DEFAULT_CNN, DEFAULT_MLP, DEFAULT_RNN } from './builders.js';
import { fromArray, splitDataset } from './dataset.js';
import { loadGlue } from './glue.js';
import { FASHION_MNIST_CLASSES, loadIdx } from './idx.js';
import { loadModel, saveModel } from './persist.js';
import { initBackend } from './tf-backend.js';
import { buildVocabulary } from './tokenizer.js';
import { collateImages, collateTable, collateText, predictProbabilities, trainModel } from './train.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;

beforeAll(async () => {
  const info = await initBackend();
  expect(['tensorflow', 'wasm']).toContain(info.name);
});

describe('training on real samples (seconds, not a benchmark)', () => {
  it('trains a small CNN on 240 Fashion-MNIST images and beats chance on the other 60', async () => {
    const all = await loadIdx({
      images: join(fixtures, 'fashion-mnist-300-images-idx3-ubyte.gz'),
      labels: join(fixtures, 'fashion-mnist-300-labels-idx1-ubyte.gz'),
      classes: FASHION_MNIST_CLASSES,
    });
    const [train, test] = splitDataset(all, { fractions: [0.8, 0.2], seed: 1 });
    const hp = {
      ...DEFAULT_CNN,
      convBlocks: 1,
      filters: 8,
      denseUnits: 32,
      dropout: 0,
      denseDropout: 0,
      learningRate: 3e-3,
    };
    const model = buildCnn(hp, {
      inputShape: [28, 28, 1],
      head: { task: 'classification', numClasses: 10 },
      seed: 3,
    });
    const seen: number[] = [];
    const result = await trainModel(model, {
      train: train!,
      validation: test!,
      collate: collateImages,
      epochs: 4,
      batchSize: 32,
      seed: 5,
      onEpochEnd: (epoch) => {
        seen.push(epoch);
      },
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    const losses = result.history.map((m) => m.loss!);
    expect(losses[3]!).toBeLessThan(losses[0]!);
    expect(result.history[0]).toHaveProperty('val_accuracy');
    const probs = await predictProbabilities(model, test!, collateImages);
    const labels = Array.from({ length: test!.size }, (_, i) => test!.labelOf!(i));
    const ev = evaluateClassifier({ yTrue: labels, probabilities: probs, classes: FASHION_MNIST_CLASSES });
    expect(ev.metrics.accuracy).toBeGreaterThan(0.3); // chance is 0.1
    expect(ev.classification.confusionMatrix?.rows).toHaveLength(10);

    const dir = mkdtempSync(join(tmpdir(), 'kite-model-'));
    await saveModel(model, dir, {
      format: 'kite.model',
      version: 1,
      kind: 'cnn',
      hyperparameters: { ...hp },
      classes: FASHION_MNIST_CLASSES,
    });
    const { model: loaded, card } = await loadModel(dir);
    expect(card.classes).toEqual(FASHION_MNIST_CLASSES);
    const again = await predictProbabilities(loaded, test!, collateImages);
    expect(again[0]![0]).toBeCloseTo(probs[0]![0]!, 6);
    model.dispose();
    loaded.dispose();
  });

  it('trains an LSTM text classifier on SST-2 sentences for one epoch', async () => {
    const train = await loadGlue(join(fixtures, 'glue/sst2-train-300.tsv'), 'sst-2');
    const vocab = buildVocabulary(
      train.examples.map((e) => e.text),
      { minCount: 2 },
    );
    const hp = { ...DEFAULT_RNN, embeddingDim: 8, units: 8, bidirectional: false };
    const model = buildRnn(hp, {
      vocabularySize: vocab.tokens.length,
      maxLength: 24,
      head: { task: 'classification', numClasses: 2 },
      seed: 1,
    });
    const result = await trainModel(model, {
      train,
      collate: collateText(vocab, 24),
      epochs: 1,
      batchSize: 64,
      seed: 2,
    });
    expect(Number.isFinite(result.history[0]!.loss)).toBe(true);
    expect(result.history[0]!.samplesPerSecond).toBeGreaterThan(0);
    model.dispose();
  });

  it('stops early when the callback says so, and restores the best weights', async () => {
    const rows = Array.from({ length: 64 }, (_, i) => {
      const a = (i % 8) / 8;
      const b = Math.floor(i / 8) / 8;
      return { features: Float32Array.from([a, b]), target: 2 * a - b + 0.5 };
    });
    const ds = fromArray(rows);
    const model = buildMlp(
      { ...DEFAULT_MLP, units: 16, dropout: 0, learningRate: 1e-2 },
      { numFeatures: 2, head: { task: 'regression' }, seed: 4 },
    );
    const result = await trainModel(model, {
      train: ds,
      validation: ds,
      collate: collateTable,
      epochs: 50,
      batchSize: 16,
      seed: 1,
      earlyStopping: { monitor: 'val_loss', patience: 3 },
      onEpochEnd: (epoch) => epoch < 5,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.history).toHaveLength(6);
    expect(result.history.at(-1)!.val_loss).toBeLessThan(result.history[0]!.val_loss!);
    model.dispose();
  });

  it('rejects bad hyperparameters with every problem named', () => {
    try {
      buildCnn(
        { ...DEFAULT_CNN, convBlocks: 0, pooling: 'median' as 'max' },
        { inputShape: [28, 28, 1], head: { task: 'regression' } },
      );
      expect.unreachable();
    } catch (e) {
      expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        'cnn.convBlocks',
        'cnn.pooling',
      ]);
    }
    expect(tf.getBackend()).toBeDefined();
  });
});
