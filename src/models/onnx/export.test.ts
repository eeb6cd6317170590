/**
 * Every builder's model, exported and run on ONNX Runtime, gives tfjs's predictions to 1e-4.
 * Needs onnxruntime-node (a devDependency, so CI has it); without it the comparisons are
 * skipped with the reason in their name.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiteError } from '../../core/index.js';
import {
  buildCnn,
  buildMlp,
  buildRnn,
  DEFAULT_CNN,
  DEFAULT_MLP,
  DEFAULT_RNN,
  type RnnHyperparameters,
} from '../builders.js';
import { loadModel, saveModel } from '../persist.js';
import { initBackend } from '../tf-backend.js';
import { exportOnnx, saveOnnx, toOnnxModel } from './export.js';
import { loadOnnxModel, loadOnnxRuntime, ONNXRUNTIME_INSTALL } from './runtime.js';

const ort = await loadOnnxRuntime().then(
  () => true,
  () => false,
);
const needsOrt = ort
  ? ''
  : ` (SKIPPED: onnxruntime-node is not installed; install it with ${ONNXRUNTIME_INSTALL})`;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

/** Replaces every weight with seeded random values (moving variances kept positive). */
function randomise(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    layer.setWeights(
      layer.weights.map((w, k) =>
        w.name.endsWith('moving_variance')
          ? tf.randomUniform(ws[k]!.shape, 0.5, 1.5, 'float32', s++)
          : tf.randomUniform(ws[k]!.shape, -0.6, 0.6, 'float32', s++),
      ),
    );
  }
}

async function maxDifference(model: tf.LayersModel, x: tf.Tensor): Promise<number> {
  const onnx = await loadOnnxModel(exportOnnx(model), { threads: 1 });
  const expected = model.predict(x) as tf.Tensor;
  const actual = await onnx.predict(x);
  expect(actual.shape).toEqual(expected.shape);
  const diff = tf.max(tf.abs(tf.sub(expected, actual))).dataSync()[0]!;
  await onnx.dispose();
  tf.dispose([expected, actual]);
  return diff;
}

/** Token ids with 'post', 'pre' and inner padding, a row without tokens, and a full row. */
const TOKENS = [
  [3, 4, 5, 0, 0, 0, 0],
  [1, 2, 3, 4, 5, 6, 7],
  [0, 0, 0, 8, 9, 2, 1],
  [0, 0, 0, 0, 0, 0, 0],
  [5, 0, 6, 0, 7, 0, 8],
  [9, 9, 0, 0, 0, 0, 0],
];

describe(`ONNX export runs on ONNX Runtime like tfjs${needsOrt}`, () => {
  it.skipIf(!ort).each([
    ['default, max pooling', {}],
    ['batch norm, average pooling, 5×5 kernels', { batchNorm: true, pooling: 'avg', kernelSize: 5 }],
    ['three blocks, no pooling, no dense layer', { convBlocks: 3, pooling: 'none', denseUnits: 0 }],
  ] as const)('buildCnn: %s', async (_, hp) => {
    const model = buildCnn(
      { ...DEFAULT_CNN, filters: 4, denseUnits: 8, ...hp },
      { inputShape: [11, 9, 2], head: { task: 'classification', numClasses: 4 }, seed: 3 },
    );
    randomise(model, 10);
    const x = tf.randomUniform([5, 11, 9, 2], 0, 1, 'float32', 4);
    expect(await maxDifference(model, x)).toBeLessThan(1e-4);
    x.dispose();
    model.dispose();
  });

  it.skipIf(!ort).each([
    [
      'classification, batch norm, tanh',
      { activation: 'tanh', batchNorm: true },
      { task: 'classification', numClasses: 3 },
    ],
    ['regression, elu', { activation: 'elu' }, { task: 'regression' }],
    ['regression, no hidden layer', { hiddenLayers: 0 }, { task: 'regression' }],
  ] as const)('buildMlp: %s', async (_, hp, head) => {
    const model = buildMlp({ ...DEFAULT_MLP, units: 6, ...hp }, { numFeatures: 5, head, seed: 2 });
    randomise(model, 20);
    const x = tf.randomNormal([7, 5], 0, 1.5, 'float32', 5);
    expect(await maxDifference(model, x)).toBeLessThan(1e-4);
    x.dispose();
    model.dispose();
  });

  const rnnCases: [string, Partial<RnnHyperparameters>, 'fused' | 'layers'][] = [
    ['FusedLstm, bidirectional (the default)', {}, 'fused'],
    [
      'FusedLstm, two layers, unidirectional, dense',
      { layers: 2, bidirectional: false, denseUnits: 4 },
      'fused',
    ],
    ['FusedLstm, two bidirectional layers, max pooling', { layers: 2, pooling: 'max' }, 'fused'],
    [
      'tfjs LSTM, bidirectional, mean pooling, embedding and word dropout',
      { pooling: 'mean', embeddingDropout: 0.2, wordDropout: 0.1 },
      'layers',
    ],
    ['tfjs LSTM, unidirectional', { bidirectional: false }, 'layers'],
    ['GRU, bidirectional, two layers', { cell: 'gru', layers: 2 }, 'layers'],
    ['GRU, unidirectional, max pooling', { cell: 'gru', bidirectional: false, pooling: 'max' }, 'layers'],
  ];
  it.skipIf(!ort).each(rnnCases)('buildRnn: %s', async (_, hp, implementation) => {
    const model = buildRnn(
      { ...DEFAULT_RNN, units: 6, embeddingDim: 5, ...hp },
      {
        vocabularySize: 10,
        maxLength: 7,
        head: { task: 'classification', numClasses: 3 },
        seed: 4,
        implementation,
      },
    );
    randomise(model, 30);
    const x = tf.tensor2d(TOKENS, [TOKENS.length, 7], 'int32');
    expect(await maxDifference(model, x)).toBeLessThan(1e-4);
    x.dispose();
    model.dispose();
  });

  it.skipIf(!ort)('saves a file that loadOnnxModel reads, and takes raw arrays', async () => {
    const model = buildMlp(
      { ...DEFAULT_MLP, units: 4 },
      { numFeatures: 3, head: { task: 'classification', numClasses: 2 }, seed: 1 },
    );
    const dir = await mkdtemp(join(tmpdir(), 'kite-onnx-'));
    try {
      await saveOnnx(model, join(dir, 'model.onnx'));
      const onnx = await loadOnnxModel(join(dir, 'model.onnx'));
      expect(onnx.inputType).toBe('float32');
      const out = await onnx.run({ data: [0.1, -0.2, 0.3, 1, 2, 3], shape: [2, 3] });
      const expected = (
        model.predict(tf.tensor2d([0.1, -0.2, 0.3, 1, 2, 3], [2, 3])) as tf.Tensor
      ).dataSync();
      expect(out.shape).toEqual([2, 2]);
      for (let k = 0; k < 4; k++) expect(out.data[k]).toBeCloseTo(expected[k]!, 5);
      await onnx.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
      model.dispose();
    }
  });

  it.skipIf(!ort)('exports a model loaded back from disk (saveModel → loadModel)', async () => {
    const built = buildRnn(
      { ...DEFAULT_RNN, units: 4, embeddingDim: 3, pooling: 'mean' },
      { vocabularySize: 10, maxLength: 7, head: { task: 'classification', numClasses: 2 }, seed: 9 },
    );
    randomise(built, 40);
    const dir = await mkdtemp(join(tmpdir(), 'kite-onnx-'));
    try {
      await saveModel(built, dir, { format: 'kite.model', version: 1, kind: 'rnn', hyperparameters: {} });
      const { model } = await loadModel(dir);
      const x = tf.tensor2d(TOKENS, [TOKENS.length, 7], 'int32');
      expect(await maxDifference(model, x)).toBeLessThan(1e-4);
      x.dispose();
      model.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
      built.dispose();
    }
  });

  it.skipIf(!ort)('rejects bytes that are not an ONNX model with INVALID_DATA', async () => {
    const err = await loadOnnxModel(Uint8Array.of(1, 2, 3, 4, 5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KiteError);
    expect((err as KiteError).code).toBe('INVALID_DATA');
  });
});

describe('ONNX export errors', () => {
  it('names an unsupported layer and says what to do', () => {
    const model = tf.sequential();
    model.add(tf.layers.conv1d({ inputShape: [8, 2], filters: 3, kernelSize: 3 }));
    model.add(tf.layers.globalAveragePooling1d());
    const err = (() => {
      try {
        exportOnnx(model);
      } catch (e) {
        return e;
      }
    })() as KiteError;
    expect(err).toBeInstanceOf(KiteError);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toContain(model.layers[0]!.name);
    expect(err.message).toContain('Conv1D');
    expect(err.hint).toContain('buildCnn');
    model.dispose();
  });

  it('rejects settings it cannot express (a Bidirectional sum, a hard-sigmoid LSTM)', () => {
    const bi = tf.sequential();
    bi.add(tf.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 4 }));
    bi.add(
      tf.layers.bidirectional({
        layer: tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }) as tf.RNN,
        mergeMode: 'sum',
      }),
    );
    expect(() => exportOnnx(bi)).toThrow(/mergeMode 'sum'/);
    const hard = tf.sequential();
    hard.add(tf.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 4 }));
    hard.add(tf.layers.lstm({ units: 2 }));
    expect(() => exportOnnx(hard)).toThrow(/recurrentActivation 'hardSigmoid'/);
    bi.dispose();
    hard.dispose();
  });

  it('describes the graph: NHWC input, one transpose into NCHW and one back before Flatten', () => {
    const model = buildCnn(
      { ...DEFAULT_CNN, filters: 2, denseUnits: 0 },
      { inputShape: [6, 6, 1], head: { task: 'classification', numClasses: 2 } },
    );
    const onnx = toOnnxModel(model);
    expect(onnx.opset).toBe(17);
    expect(onnx.graph.inputs[0]).toEqual({ name: 'input', type: 'float32', shape: ['batch', 6, 6, 1] });
    const ops = onnx.graph.nodes.map((n) => n.op);
    expect(ops.filter((o) => o === 'Transpose')).toHaveLength(2);
    expect(ops.indexOf('Transpose', 1)).toBeLessThan(ops.indexOf('Flatten'));
    expect(ops).not.toContain('Dropout');
    model.dispose();
  });

  it('says how to install onnxruntime-node when it cannot be imported', async () => {
    const err = await loadOnnxModel(new Uint8Array(), {
      importer: () => Promise.reject(new Error("Cannot find package 'onnxruntime-node'")),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KiteError);
    expect((err as KiteError).code).toBe('NOT_FOUND');
    expect((err as KiteError).hint).toContain(
      'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@1.30.0',
    );
  });
});

afterAll(() => {
  tf.disposeVariables();
});
