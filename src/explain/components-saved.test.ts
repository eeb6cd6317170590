import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputArtifact, runComponent } from '../dsl/index.js';
import { buildVocabulary, initBackend, saveModel } from '../models/index.js';
import { explainSavedModel } from './components-saved.js';
import { Explanation } from './explanation.js';

const dir = mkdtempSync(join(tmpdir(), 'kite-explain-saved-'));

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

/** A tiny IDX dataset (uncompressed): n images of h×w with labels. */
function writeIdx(folder: string, n: number, h: number, w: number): void {
  mkdirSync(folder, { recursive: true });
  const img = Buffer.alloc(16 + n * h * w);
  img.writeUInt32BE(0x00000803, 0);
  img.writeUInt32BE(n, 4);
  img.writeUInt32BE(h, 8);
  img.writeUInt32BE(w, 12);
  for (let k = 0; k < n * h * w; k++) img[16 + k] = (k * 37) % 256;
  const lab = Buffer.alloc(8 + n);
  lab.writeUInt32BE(0x00000801, 0);
  lab.writeUInt32BE(n, 4);
  for (let k = 0; k < n; k++) lab[8 + k] = k % 3;
  writeFileSync(join(folder, 'test-images-idx3-ubyte'), img);
  writeFileSync(join(folder, 'test-labels-idx1-ubyte'), lab);
}

const dense = (units: number, activation: 'softmax' | 'linear', seed: number, inputShape?: number[]) =>
  tf.layers.dense({
    units,
    activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    ...(inputShape ? { inputShape } : {}),
  });

async function run(model: string, data: string, format: string, extra: Record<string, unknown> = {}) {
  const r = await runComponent(
    explainSavedModel,
    { model: inputArtifact(model), data: inputArtifact(data), format, ...extra },
    { dir: join(dir, `out-${format.replace(':', '-')}`) },
  );
  const e = Explanation.fromJSON(JSON.parse(readFileSync(r.outputs.explanation!.path, 'utf8')));
  return { r, e, html: readFileSync(r.outputs.plots!.path, 'utf8') };
}

describe('explain-saved-model component', () => {
  it('images (idx): partition explainer over a blur image masker, top class, heatmap plot', async () => {
    const m = tf.sequential({
      layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), dense(3, 'softmax', 1)],
    });
    await saveModel(m, join(dir, 'cnn'), {
      format: 'kite.model',
      version: 1,
      kind: 'custom',
      hyperparameters: {},
      classes: ['0', '1', '2'],
      input: { kind: 'image', height: 8, width: 8, channels: 1 },
    });
    writeIdx(join(dir, 'idx'), 4, 8, 8);
    const { r, e, html } = await run(join(dir, 'cnn'), join(dir, 'idx'), 'idx', { rows: 2, maxEvals: 60 });
    expect(r.result).toMatchObject({ usedAlgorithm: 'partition' });
    expect((r.result as { evaluations: number }).evaluations).toBeGreaterThan(0);
    expect(e.n).toBe(2);
    expect(e.features(0)).toBe(64);
    expect(e.init.featureShape).toEqual([8, 8, 1]);
    expect(e.init.outputIndexes).toHaveLength(2);
    expect(html).toContain('<svg');
    // Owen values are additive: E + Σφ = f(x) for the explained (top) class
    for (let row = 0; row < 2; row++) {
      const pixels = (e.data?.[row] ?? []) as number[];
      const probs = (m.predict(tf.tensor4d(pixels, [1, 8, 8, 1])) as tf.Tensor).dataSync();
      const top = e.init.outputIndexes![row]![0]!;
      expect(top).toBe(probs.indexOf(Math.max(...probs)));
      expect(Math.abs(e.outputValue(row) - probs[top]!)).toBeLessThan(1e-5);
    }
  });

  it('text (glue:sst-2): word masking, every class, text plots', async () => {
    const texts = ['a fine movie', 'a dull boring film', 'fine acting'];
    const vocabulary = buildVocabulary(texts);
    const m = tf.sequential({
      layers: [
        tf.layers.embedding({
          inputDim: vocabulary.tokens.length,
          outputDim: 4,
          inputLength: 6,
          embeddingsInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 3 }),
        }),
        tf.layers.globalAveragePooling1d(),
        dense(2, 'softmax', 2),
      ],
    });
    await saveModel(m, join(dir, 'rnn'), {
      format: 'kite.model',
      version: 1,
      kind: 'custom',
      hyperparameters: {},
      classes: ['0', '1'],
      vocabulary,
      input: { kind: 'text', maxLength: 6 },
    });
    writeFileSync(
      join(dir, 'dev.tsv'),
      ['sentence\tlabel', ...texts.map((t, k) => `${t}\t${k % 2}`)].join('\n'),
    );
    const { r, e, html } = await run(join(dir, 'rnn'), join(dir, 'dev.tsv'), 'glue:sst-2', { rows: 2 });
    expect(r.result).toMatchObject({ usedAlgorithm: 'partition' });
    expect(e.n).toBe(2);
    expect(e.outputNames).toEqual(['0', '1']);
    expect(e.features(1)).toBe(4);
    // class probabilities sum to one, so the two outputs' values mirror each other
    for (let j = 0; j < e.features(1); j++) expect(e.value(1, j, 0) + e.value(1, j, 1)).toBeCloseTo(0, 5);
    expect(html).toContain('Example 1 — 1');
  });

  it('tables (csv): exact explainer on the card-standardised features', async () => {
    const m = tf.sequential({ layers: [dense(1, 'linear', 5, [3])] });
    const rows = Array.from({ length: 12 }, (_, k) => [k % 4, (k * 5) % 7, k / 3, k % 2]);
    const mean = [1.5, 3, 1.8];
    const std = [1, 2, 1];
    await saveModel(m, join(dir, 'mlp'), {
      format: 'kite.model',
      version: 1,
      kind: 'custom',
      hyperparameters: {},
      input: { kind: 'table', featureNames: ['a', 'b', 'c'], mean, std },
    });
    writeFileSync(join(dir, 'table.csv'), ['a,b,c,y', ...rows.map((r) => r.join(','))].join('\n'));
    const { r, e } = await run(join(dir, 'mlp'), join(dir, 'table.csv'), 'csv', {
      target: 'y',
      task: 'regression',
      background: 8,
      rows: 3,
    });
    expect(r.result).toMatchObject({ usedAlgorithm: 'exact', evaluations: 3 * 8 });
    expect(e.featureNames()).toEqual(['a', 'b', 'c']);
    // a linear model: φ_j = w_j (x_j − mean_bg x_j) / std_j on the raw features
    const w = Array.from((m.layers[0]!.getWeights()[0] as tf.Tensor).dataSync());
    const bgMean = [0, 1, 2].map((j) => rows.slice(0, 8).reduce((s, r) => s + r[j]!, 0) / 8);
    const x = rows[8]!;
    for (let j = 0; j < 3; j++)
      expect(e.value(0, j)).toBeCloseTo((w[j]! * (x[j]! - bgMean[j]!)) / std[j]!, 4);
  });
});
