import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRnn, DEFAULT_RNN, type RnnHyperparameters } from './builders.js';
import { loadModel, saveModel } from './persist.js';
import { initBackend } from './tf-backend.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const small: RnnHyperparameters = {
  ...DEFAULT_RNN,
  embeddingDim: 6,
  units: 5,
  dropout: 0.2,
  pooling: 'last',
  embeddingDropout: 0,
  wordDropout: 0,
  l2: 0,
};
const options = (maxLength: number) => ({
  vocabularySize: 20,
  maxLength,
  head: { task: 'classification' as const, numClasses: 2 },
  seed: 3,
});
const classNames = (m: tf.LayersModel) => m.layers.map((l) => l.getClassName());

/** Post-padded ids: the same two sentences padded to `length`. */
function ids(length: number): tf.Tensor2D {
  const rows = [
    [4, 7, 2],
    [9, 3, 3, 12, 5],
  ].map((r) => [...r, ...new Array<number>(length - r.length).fill(0)]);
  return tf.tensor2d(rows, [2, length], 'int32');
}

describe('buildRnn sequence pooling', () => {
  it("'last' (and an absent field, as in cards saved before pooling existed) keeps the old layer stack", () => {
    const { pooling: _p, embeddingDropout: _e, wordDropout: _w, l2: _l, ...old } = small;
    for (const hp of [old as RnnHyperparameters, { ...small, pooling: 'last' as const }]) {
      const m = buildRnn(hp, options(8));
      expect(classNames(m)).toEqual(['Embedding', 'KiteFusedLstm', 'KiteStepDropout', 'Dense']);
      expect(m.outputs[0]!.shape).toEqual([null, 2]);
      m.dispose();
    }
  });

  it('the default: word and spatial embedding dropout, max pooling', () => {
    const m = buildRnn({ ...DEFAULT_RNN, embeddingDim: 6, units: 5 }, options(8));
    expect(classNames(m)).toEqual([
      'Embedding',
      'KiteStepDropout',
      'KiteStepDropout',
      'KiteFusedLstm',
      'KiteMaskedPooling',
      'KiteStepDropout',
      'Dense',
    ]);
    m.dispose();
  });

  for (const pooling of ['max', 'mean'] as const) {
    it(`'${pooling}' pools the BiLSTM states of real tokens only: padding length does not change the output`, () => {
      const short = buildRnn({ ...small, pooling }, options(6));
      const long = buildRnn({ ...small, pooling }, options(11));
      expect(classNames(short)).toEqual([
        'Embedding',
        'KiteFusedLstm',
        'KiteMaskedPooling',
        'KiteStepDropout',
        'Dense',
      ]);
      long.setWeights(short.getWeights());
      const a = (short.predict(ids(6)) as tf.Tensor).arraySync() as number[][];
      const b = (long.predict(ids(11)) as tf.Tensor).arraySync() as number[][];
      for (let i = 0; i < 2; i++) for (let k = 0; k < 2; k++) expect(b[i]![k]).toBeCloseTo(a[i]![k]!, 5);
      short.dispose();
      long.dispose();
    });
  }

  it("pools tfjs's own GRU too", () => {
    const m = buildRnn({ ...small, cell: 'gru', pooling: 'max', layers: 2 }, options(6));
    expect((m.predict(ids(6)) as tf.Tensor).shape).toEqual([2, 2]);
    m.dispose();
  });
});

describe('buildRnn regularisation', () => {
  it('embeddingDropout adds a channel (spatial) dropout after the embedding', () => {
    const m = buildRnn({ ...small, embeddingDropout: 0.25 }, options(6));
    const layer = m.layers[1]!;
    expect(layer.getClassName()).toBe('KiteStepDropout');
    expect(layer.getConfig()).toMatchObject({ rate: 0.25, noise: 'channel' });
    m.dispose();
  });

  it('wordDropout adds a whole-token dropout before it', () => {
    const m = buildRnn({ ...small, wordDropout: 0.1, embeddingDropout: 0.2 }, options(6));
    expect(m.layers.slice(1, 3).map((l) => l.getConfig())).toMatchObject([
      { rate: 0.1, noise: 'step' },
      { rate: 0.2, noise: 'channel' },
    ]);
    m.dispose();
  });

  it('l2 adds its weight penalty to the training loss', async () => {
    const loss = async (l2: number) => {
      const m = buildRnn({ ...small, dropout: 0, l2 }, options(6));
      const out = (await m.trainOnBatch(ids(6), tf.tensor1d([0, 1]))) as number[];
      m.dispose();
      return out[0]!;
    };
    const plain = await loss(0);
    const penalised = await loss(0.1);
    expect(penalised).toBeGreaterThan(plain + 1e-3);
  });

  it('saves and loads a model with the new layers', async () => {
    const m = buildRnn({ ...small, pooling: 'max', embeddingDropout: 0.1, l2: 1e-4 }, options(6));
    const dir = mkdtempSync(join(tmpdir(), 'kite-rnn-'));
    await saveModel(m, dir, { format: 'kite.model', version: 1, kind: 'rnn', hyperparameters: {} });
    const { model } = await loadModel(dir);
    const before = (m.predict(ids(6)) as tf.Tensor).arraySync();
    expect((model.predict(ids(6)) as tf.Tensor).arraySync()).toEqual(before);
    model.dispose();
    m.dispose();
  });

  it('rejects bad values of the new fields, naming each', () => {
    try {
      buildRnn(
        { ...small, pooling: 'sum' as 'max', embeddingDropout: 1, wordDropout: -1, l2: -0.1 },
        options(6),
      );
      expect.unreachable();
    } catch (e) {
      const issues = (e as { issues: { path: string; message: string }[] }).issues;
      expect(issues.map((i) => i.path)).toEqual([
        'rnn.pooling',
        'rnn.embeddingDropout',
        'rnn.wordDropout',
        'rnn.l2',
      ]);
      expect(issues[0]!.message).toBe(`expected 'last' | 'max' | 'mean', got "sum"`);
      expect(issues[1]!.message).toBe('expected a number in [0, 1), got 1');
    }
  });
});
