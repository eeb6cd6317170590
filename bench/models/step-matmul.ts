/**
 * FusedLstm's recurrent products: direct XNNPACK calls on wasm-heap buffers (`step-matmul.ts`)
 * against the same products through tfjs ops, interleaved in one process. DEFAULT_RNN
 * (bi-LSTM 64 over 100 tokens of a 20k vocabulary), train batch 64, inference batch 256.
 *
 *   npx tsx bench/models/step-matmul.ts [--rounds 5] [--steps 5]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { buildRnn, DEFAULT_RNN, initBackend } from '../../src/models/index.js';
import { stepMatMulOptions } from '../../src/models/step-matmul.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '5' } },
});
const rounds = Number(values.rounds);
const steps = Number(values.steps);
await initBackend();
const model = buildRnn(
  { ...DEFAULT_RNN, pooling: 'last', wordDropout: 0, embeddingDropout: 0 },
  {
    vocabularySize: 20000,
    maxLength: 100,
    head: { task: 'classification', numClasses: 2 },
    seed: 1,
  },
);
const x = tf.randomUniform([64, 100], 1, 20000, 'int32', 1);
const y = tf.tensor1d(Float32Array.from({ length: 64 }, (_, i) => i % 2));
const xi = tf.randomUniform([256, 100], 1, 20000, 'int32', 3);

async function trainRate(): Promise<number> {
  await model.trainOnBatch(x, y);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  return (64 * steps * 1000) / (performance.now() - t0);
}
function inferRate(): number {
  tf.tidy(() => (model.predict(xi) as tf.Tensor).dataSync());
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const p = model.predict(xi) as tf.Tensor;
    p.dataSync();
    p.dispose();
  }
  return (256 * steps * 1000) / (performance.now() - t0);
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const rates: Record<string, number[]> = {
  'tfjs-train': [],
  'direct-train': [],
  'tfjs-infer': [],
  'direct-infer': [],
};
for (let r = 0; r < rounds; r++) {
  for (const mode of ['tfjs', 'direct'] as const) {
    stepMatMulOptions.useTfjsOps = mode === 'tfjs';
    rates[`${mode}-train`]!.push(await trainRate());
    rates[`${mode}-infer`]!.push(inferRate());
  }
}
for (const kind of ['train', 'infer']) {
  const a = median(rates[`tfjs-${kind}`]!);
  const b = median(rates[`direct-${kind}`]!);
  console.log(
    `LSTM ${kind}: tfjs ops ${a.toFixed(0)}/s, direct ${b.toFixed(0)}/s, speed-up ${(b / a).toFixed(2)}x`,
  );
}
