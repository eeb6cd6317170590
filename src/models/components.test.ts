import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputArtifact, runComponent } from '../dsl/index.js';
import { evaluateModelComponent, predictComponent, trainModelComponent } from './components.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const small = { convBlocks: 1, filters: 4, denseUnits: 16, dropout: 0, denseDropout: 0, learningRate: 0.003 };

describe('train → evaluate → predict components', () => {
  it('run on the Fashion-MNIST sample (IDX)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-components-'));
    const trained = await runComponent(
      trainModelComponent,
      { data: inputArtifact(fixtures), format: 'idx', hyperparameters: small, epochs: 2, batchSize: 32 },
      { dir: join(dir, 'train') },
    );
    expect(trained.reports.map((r) => r.step)).toEqual([0, 1]);
    expect(trained.outputs.model!.metadata).toMatchObject({ framework: 'tensorflow.js', kind: 'cnn' });
    expect(trained.result.objective).toBeGreaterThan(0.1);
    const card = JSON.parse(readFileSync(join(trained.outputs.model!.path, 'kite-model.json'), 'utf8'));
    expect(card.classes).toHaveLength(10);
    expect(card.input).toEqual({ kind: 'image', height: 28, width: 28, channels: 1 });

    const model = inputArtifact(trained.outputs.model!.path);
    const evaluated = await runComponent(
      evaluateModelComponent,
      { model, data: inputArtifact(fixtures), format: 'idx' },
      { dir: join(dir, 'eval') },
    );
    expect(evaluated.result.accuracy).toBe(evaluated.outputs.metrics!.metadata.accuracy);
    expect(evaluated.outputs.classification!.metadata).toHaveProperty('confusionMatrix');

    const predicted = await runComponent(
      predictComponent,
      { model, data: inputArtifact(fixtures), format: 'idx' },
      { dir: join(dir, 'pred') },
    );
    const lines = readFileSync(predicted.outputs.predictions!.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines[0]).toBe('index,prediction,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9');
  });

  it('train and evaluate a regression MLP on a CSV table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-components-'));
    const rows = Array.from(
      { length: 80 },
      (_, i) => `${i % 9},${(i * 7) % 11},${(i % 9) * 2 - ((i * 7) % 11) + 3}`,
    );
    writeFileSync(join(dir, 'table.csv'), `a,b,y\n${rows.join('\n')}\n`);
    const data = inputArtifact(join(dir, 'table.csv'));
    const common = { data, format: 'csv', target: 'y', task: 'regression' };
    const trained = await runComponent(
      trainModelComponent,
      {
        ...common,
        validation: data,
        hyperparameters: { units: 16, dropout: 0, learningRate: 0.01 },
        epochs: 15,
        batchSize: 16,
      },
      { dir: join(dir, 'train') },
    );
    const losses = trained.reports.map((r) => r.metrics.val_loss!);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const evaluated = await runComponent(
      evaluateModelComponent,
      { ...common, model: inputArtifact(trained.outputs.model!.path) },
      { dir: join(dir, 'eval') },
    );
    expect(Object.keys(evaluated.outputs.metrics!.metadata).sort()).toEqual(['mae', 'mse', 'r2', 'rmse']);
  });

  it('train an RNN on SST-2 sentences, predict unlabelled test text, refuse to evaluate on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-components-'));
    const trained = await runComponent(
      trainModelComponent,
      {
        data: inputArtifact(join(fixtures, 'glue/sst2-train-300.tsv')),
        format: 'glue:sst-2',
        hyperparameters: { embeddingDim: 8, units: 8, bidirectional: false },
        epochs: 1,
        maxLength: 20,
      },
      { dir: join(dir, 'train') },
    );
    const card = JSON.parse(readFileSync(join(trained.outputs.model!.path, 'kite-model.json'), 'utf8'));
    expect(card.kind).toBe('rnn');
    expect(card.vocabulary.tokens.slice(0, 2)).toEqual(['<pad>', '<oov>']);
    const model = inputArtifact(trained.outputs.model!.path);
    const test = inputArtifact(join(fixtures, 'glue/sst2-test-10.tsv'));
    const predicted = await runComponent(
      predictComponent,
      { model, data: test, format: 'glue:sst-2' },
      { dir: join(dir, 'pred') },
    );
    expect(readFileSync(predicted.outputs.predictions!.path, 'utf8').trim().split('\n')).toHaveLength(11);
    await expect(
      runComponent(
        evaluateModelComponent,
        { model, data: test, format: 'glue:sst-2' },
        { dir: join(dir, 'eval') },
      ),
    ).rejects.toThrow(/has no labels/);
  });

  it('names an unknown format', async () => {
    await expect(
      runComponent(
        trainModelComponent,
        { data: inputArtifact(fixtures), format: 'parquet' },
        { dir: mkdtempSync(join(tmpdir(), 'k-')) },
      ),
    ).rejects.toThrow(/unknown dataset format 'parquet'/);
  });
});
