/**
 * Stock wasm kernels vs Kite's replacements, interleaved in one process (so machine load
 * hits both alike): the CNN input gradient (Conv2DBackpropInput) and the max-pool gradient
 * (MaxPoolGrad) at Fashion-MNIST shapes, batch 64. Prints the median milliseconds of each and
 * the speed-up; then whole training steps of the default CNN and RNN.
 *
 *   npx tsx bench/models/kernels.ts [rounds]
 */
import * as tf from '@tensorflow/tfjs';
import {
  buildCnn,
  buildRnn,
  DEFAULT_CNN,
  DEFAULT_RNN,
  initBackend,
  registerWasmTrainingKernels,
  restoreWasmKernels,
} from '../../src/models/index.js';

const rounds = Number(process.argv[2] ?? 7);
const info = await initBackend({ prefer: 'wasm' });
console.log(`backend ${info.name} simd=${info.simd} threads=${info.threads}`);

const cases = [
  {
    name: 'conv2 dx 14x14x32<-64, stride 1 same',
    xShape: [64, 14, 14, 32],
    f: [3, 3, 32, 64],
    dy: [64, 14, 14, 64],
    s: 1,
  },
  {
    name: 'conv1 dx 28x28x1<-32, stride 1 same',
    xShape: [64, 28, 28, 1],
    f: [3, 3, 1, 32],
    dy: [64, 28, 28, 32],
    s: 1,
  },
  {
    name: 'dx 28x28x16<-32, stride 2 same',
    xShape: [64, 28, 28, 16],
    f: [3, 3, 16, 32],
    dy: [64, 14, 14, 32],
    s: 2,
  },
] as const;

function once(c: (typeof cases)[number], dy: tf.Tensor4D, f: tf.Tensor4D): number {
  const t0 = performance.now();
  sync(tf.conv2dTranspose(dy, f, c.xShape as unknown as [number, number, number, number], c.s, 'same'));
  return performance.now() - t0;
}

/** Reads the result (forcing the work) and frees it. Not inside tf.tidy: tidy walks a returned typed array element by element. */
function sync(t: tf.Tensor): void {
  t.dataSync();
  t.dispose();
}

const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
console.log('| case | forward conv ms (same FLOPs) | stock ms | kite ms | speed-up |');
console.log('|---|---|---|---|---|');
for (const c of cases) {
  const dy = tf.randomNormal([...c.dy]) as tf.Tensor4D;
  const f = tf.randomNormal([...c.f]) as tf.Tensor4D;
  const stock: number[] = [];
  const kite: number[] = [];
  const forward: number[] = [];
  const x = tf.randomNormal([...c.xShape]) as tf.Tensor4D;
  for (let r = 0; r <= rounds; r++) {
    restoreWasmKernels();
    const a = once(c, dy, f);
    registerWasmTrainingKernels();
    const b = once(c, dy, f);
    const t0 = performance.now();
    sync(tf.conv2d(x, f, c.s, 'same'));
    const fw = performance.now() - t0;
    if (r > 0) {
      stock.push(a);
      kite.push(b);
      forward.push(fw);
    }
  }
  const [ms, mk] = [median(stock), median(kite)];
  console.log(
    `| ${c.name} | ${median(forward).toFixed(1)} | ${ms.toFixed(1)} | ${mk.toFixed(1)} | ${(ms / mk).toFixed(2)}× |`,
  );
  x.dispose();
  dy.dispose();
  f.dispose();
}

console.log('| maxPool grad case | stock ms | kite ms | speed-up |');
console.log('|---|---|---|---|');
for (const shape of [
  [64, 28, 28, 32],
  [64, 14, 14, 64],
] as const) {
  const x = tf.randomNormal([...shape]) as tf.Tensor4D;
  const dy = tf.randomNormal([shape[0], shape[1] / 2, shape[2] / 2, shape[3]]) as tf.Tensor4D;
  const y = tf.maxPool(x, 2, 2, 'valid');
  const grad = () => {
    const t0 = performance.now();
    sync(
      tf
        .engine()
        .runKernel(
          'MaxPoolGrad',
          { dy, input: x, output: y },
          { filterSize: 2, strides: 2, pad: 'valid' },
        ) as tf.Tensor,
    );
    return performance.now() - t0;
  };
  const stock: number[] = [];
  const kite: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    restoreWasmKernels();
    const a = grad();
    registerWasmTrainingKernels();
    const b = grad();
    if (r > 0) {
      stock.push(a);
      kite.push(b);
    }
  }
  const [ms, mk] = [median(stock), median(kite)];
  console.log(
    `| input ${shape.join('x')}, 2x2 stride 2 | ${ms.toFixed(1)} | ${mk.toFixed(1)} | ${(ms / mk).toFixed(2)}× |`,
  );
}

// Whole training steps (trainOnBatch, batch 64): stock wasm (plus the two missing kernels)
// against all replacements, alternating.
console.log('| training step, batch 64 | stock ms | kite ms | speed-up |');
console.log('|---|---|---|---|');
const steps = [
  {
    name: 'DEFAULT_CNN 28x28x1',
    model: buildCnn(DEFAULT_CNN, {
      inputShape: [28, 28, 1],
      head: { task: 'classification', numClasses: 10 },
      seed: 1,
    }),
    x: tf.randomUniform([64, 28, 28, 1]),
    y: tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10)),
  },
  {
    name: 'DEFAULT_RNN (bi-LSTM 64) len 56',
    model: buildRnn(DEFAULT_RNN, {
      vocabularySize: 5000,
      maxLength: 56,
      head: { task: 'classification', numClasses: 2 },
      seed: 1,
      implementation: 'layers',
    }),
    x: tf.tensor2d(
      Int32Array.from({ length: 64 * 56 }, (_, i) => ((i * 7919) % 4999) + 1),
      [64, 56],
      'int32',
    ),
    y: tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 2)),
  },
];
const fusedRnn = {
  model: buildRnn(DEFAULT_RNN, {
    vocabularySize: 5000,
    maxLength: 56,
    head: { task: 'classification', numClasses: 2 },
    seed: 1,
    implementation: 'fused',
  }),
};
for (const s of steps) {
  const step = async () => {
    const t0 = performance.now();
    await s.model.trainOnBatch(s.x, s.y);
    return performance.now() - t0;
  };
  const stock: number[] = [];
  const kite: number[] = [];
  for (let r = 0; r <= Math.min(rounds, 5); r++) {
    restoreWasmKernels();
    const a = await step();
    registerWasmTrainingKernels();
    const b = await step();
    if (r > 0) {
      stock.push(a);
      kite.push(b);
    }
  }
  const [ms, mk] = [median(stock), median(kite)];
  console.log(`| ${s.name} | ${ms.toFixed(0)} | ${mk.toFixed(0)} | ${(ms / mk).toFixed(2)}× |`);
}

// The fused LSTM layer against tfjs's LSTM, both with Kite's kernels.
{
  const rnn = steps[1]!;
  const time = async (m: tf.LayersModel) => {
    const t0 = performance.now();
    await m.trainOnBatch(rnn.x, rnn.y);
    return performance.now() - t0;
  };
  await time(fusedRnn.model);
  const layers: number[] = [];
  const fused: number[] = [];
  for (let r = 0; r < Math.min(rounds, 5); r++) {
    layers.push(await time(rnn.model));
    fused.push(await time(fusedRnn.model));
  }
  const [ml, mf] = [median(layers), median(fused)];
  console.log(
    `| bi-LSTM 64 len 56: tf.layers.lstm → FusedLstm (Kite kernels) | ${ml.toFixed(0)} | ${mf.toFixed(0)} | ${(ml / mf).toFixed(2)}× |`,
  );
}
