import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KiteError } from '../../core/index.js';
import { inputArtifact, runComponent } from '../../dsl/index.js';
import { evaluateModelComponent, predictComponent, trainModelComponent } from '../components.js';
import { ONNX_MODEL_FILE, openOnnxEngine } from './predict.js';
import { loadOnnxRuntime, ONNXRUNTIME_INSTALL } from './runtime.js';

const ort = await loadOnnxRuntime().then(
  () => true,
  () => false,
);
const needsOrt = ort
  ? ''
  : ` (SKIPPED: onnxruntime-node is not installed; install it with ${ONNXRUNTIME_INSTALL})`;
const fixtures = new URL('../fixtures/', import.meta.url).pathname;

function probabilities(file: string): number[][] {
  const [, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  return lines.map((l) => l.split(',').slice(2).map(Number));
}

describe(`predict component on ONNX Runtime${needsOrt}`, () => {
  it.skipIf(!ort)(
    'train-model writes model.onnx; predict and evaluate-model agree on both engines',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kite-onnx-components-'));
      const trained = await runComponent(
        trainModelComponent,
        {
          data: inputArtifact(join(fixtures, 'glue/sst2-train-300.tsv')),
          format: 'glue:sst-2',
          hyperparameters: { embeddingDim: 8, units: 8, pooling: 'max' },
          epochs: 1,
          maxLength: 24,
          onnx: true,
        },
        { dir: join(dir, 'train') },
      );
      const modelDir = trained.outputs.model!.path;
      expect(existsSync(join(modelDir, ONNX_MODEL_FILE))).toBe(true);
      const model = inputArtifact(modelDir);
      const data = inputArtifact(join(fixtures, 'glue/sst2-train-300.tsv'));
      const run = (engine: string, name: string) =>
        runComponent(
          predictComponent,
          { model, data, format: 'glue:sst-2', engine },
          { dir: join(dir, name) },
        );
      const viaOnnx = await run('auto', 'onnx');
      const viaTfjs = await run('tfjs', 'tfjs');
      expect(viaOnnx.outputs.predictions!.metadata.engine).toBe('onnxruntime');
      expect(viaTfjs.outputs.predictions!.metadata.engine).toBe('tensorflow.js');
      const a = probabilities(viaOnnx.outputs.predictions!.path);
      const b = probabilities(viaTfjs.outputs.predictions!.path);
      expect(a).toHaveLength(300);
      expect(b).toHaveLength(300);
      let worst = 0;
      a.forEach((row, r) => {
        row.forEach((p, k) => {
          worst = Math.max(worst, Math.abs(p - b[r]![k]!));
        });
      });
      expect(worst).toBeLessThan(1e-4);

      // engine 'onnx' has no fallback: it fails rather than silently using tfjs.
      const evaluate = (engine: string, name: string) =>
        runComponent(
          evaluateModelComponent,
          { model, data, format: 'glue:sst-2', engine },
          { dir: join(dir, name) },
        );
      const evalOnnx = await evaluate('onnx', 'eval-onnx');
      const evalTfjs = await evaluate('tfjs', 'eval-tfjs');
      expect(evalOnnx.result.accuracy).toBe(evalTfjs.result.accuracy);
      expect(evalOnnx.outputs.metrics!.metadata.logLoss).toBeCloseTo(
        evalTfjs.outputs.metrics!.metadata.logLoss as number,
        4,
      );
    },
  );
});

describe('openOnnxEngine', () => {
  it('uses tfjs when asked or when there is no model.onnx, and refuses a forced onnx without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-onnx-engine-'));
    expect(await openOnnxEngine(dir, 'tfjs')).toBeUndefined();
    expect(await openOnnxEngine(dir, 'auto')).toBeUndefined();
    const err = await openOnnxEngine(dir, 'onnx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KiteError);
    expect((err as KiteError).code).toBe('NOT_FOUND');
    expect((err as KiteError).message).toContain(ONNX_MODEL_FILE);
    await expect(openOnnxEngine(dir, 'gpu')).rejects.toThrow(/expected auto \| tfjs \| onnx/);
  });
});
