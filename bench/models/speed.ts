/**
 * Training and inference throughput (samples/s) of Kite (tfjs + wasm SIMD + Kite's kernels) against
 * PyTorch on the CPU, same architectures (DEFAULT_CNN at Fashion-MNIST shape, DEFAULT_RNN: bi-LSTM
 * text classifier over 100 tokens), batch sizes (train 64, inference 256) and thread count
 * (`--threads`, default 1; Kite's wasm threads, PyTorch's and ONNX Runtime's intra-op threads), in
 * the same command. Rounds alternate Kite and PyTorch so machine load hits both alike; medians
 * are printed with the Kite / PyTorch ratio. Then a per-kernel profile of one Kite training step
 * of each model (where the time goes), and ONNX Runtime's per-node profile of the ONNX trainer's
 * step (`onnx-profile.ts`).
 *
 * PyTorch runs as Debian's python3-torch, tuned as /work/shared/notes/ml-compute.md says (an
 * untuned PyTorch is 3–5× slower and would flatter Kite): OpenBLAS through LD_LIBRARY_PATH,
 * OPENBLAS_NUM_THREADS=1, MALLOC_MMAP_THRESHOLD_=67108864, torch.set_num_threads(--threads).
 *
 * Inference cases also run the same model exported to ONNX ({@link exportOnnx}) on
 * onnxruntime-node (when installed; same thread count, same batch), and training cases run
 * Kite's ONNX Runtime trainer ({@link OnnxTrainer}: the model's training step compiled to one
 * ONNX graph), in the same rounds; the table gains ONNX samples/s and ONNX / PyTorch columns
 * (`--no-onnx` leaves them out).
 *
 *   npx tsx bench/models/speed.ts [--rounds 3] [--steps 20] [--cases cnn-train,lstm-train,gru-train,...] [--no-profile] [--no-onnx] [--threads 1]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  buildCnn,
  buildRnn,
  DEFAULT_CNN,
  DEFAULT_RNN,
  exportOnnx,
  initBackend,
  loadOnnxModel,
  loadOnnxRuntime,
  OnnxTrainer,
} from '../../src/models/index.js';
import { profileOnnxTrainer } from './onnx-profile.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    cases: { type: 'string', default: 'cnn-train,cnn-infer,lstm-train,lstm-infer' },
    'no-profile': { type: 'boolean', default: false },
    'no-onnx': { type: 'boolean', default: false },
    threads: { type: 'string', default: '1' },
  },
});
const cfg = {
  steps: Number(values.steps),
  warmup: Number(values.warmup),
  // The same thread count for all three: Kite's wasm threads (`wasm-threads.ts`), PyTorch's
  // intra-op threads, ONNX Runtime's intra-op threads.
  threads: Number(values.threads),
  trainBatch: 64,
  inferBatch: 256,
  vocab: 20000,
  seqLen: 100,
  cases: values.cases.split(','),
};
const rounds = Number(values.rounds);
/**
 * The RNN of `speed-torch.py`: DEFAULT_RNN's layers with the final states of both directions
 * (`pooling: 'last'`) and no word or embedding dropout, whatever DEFAULT_RNN's pooling is now.
 */
const RNN_AS_TORCH = { ...DEFAULT_RNN, pooling: 'last', wordDropout: 0, embeddingDropout: 0 } as const;

const backend = await initBackend({
  logger: { ...console, info: () => {}, debug: () => {} },
  threads: cfg.threads,
});
console.log(
  `kite: tfjs ${tf.version.tfjs}, backend ${backend.name} simd=${backend.simd} threads=${backend.threads}`,
);

function model(kind: string): tf.LayersModel {
  return kind === 'cnn'
    ? buildCnn(DEFAULT_CNN, {
        inputShape: [28, 28, 1],
        head: { task: 'classification', numClasses: 10 },
        seed: 1,
      })
    : buildRnn(kind === 'gru' ? { ...RNN_AS_TORCH, cell: 'gru' } : RNN_AS_TORCH, {
        vocabularySize: cfg.vocab,
        maxLength: cfg.seqLen,
        head: { task: 'classification', numClasses: 2 },
        seed: 1,
      });
}

function data(kind: string, batch: number): { x: tf.Tensor; y: tf.Tensor } {
  const classes = kind === 'cnn' ? 10 : 2;
  const y = tf.tensor1d(Float32Array.from({ length: batch }, () => Math.floor(Math.random() * classes)));
  // Token ids from 1: no padding, so masking changes nothing and both sides do the same work.
  const x =
    kind === 'cnn'
      ? tf.randomUniform([batch, 28, 28, 1])
      : tf.tensor2d(
          Int32Array.from(
            { length: batch * cfg.seqLen },
            () => 1 + Math.floor(Math.random() * (cfg.vocab - 1)),
          ),
          [batch, cfg.seqLen],
          'int32',
        );
  return { x, y };
}

async function kiteRate(c: string): Promise<number> {
  const [kind, mode] = c.split('-') as [string, string];
  const m = model(kind);
  const batch = mode === 'train' ? cfg.trainBatch : cfg.inferBatch;
  const { x, y } = data(kind, batch);
  const step = async (): Promise<void> => {
    if (mode === 'train') await m.trainOnBatch(x, y);
    else {
      const p = m.predict(x, { batchSize: batch }) as tf.Tensor;
      p.dataSync();
      p.dispose();
    }
  };
  for (let i = 0; i < cfg.warmup; i++) await step();
  const t0 = performance.now();
  for (let i = 0; i < cfg.steps; i++) await step();
  const rate = (cfg.steps * batch) / ((performance.now() - t0) / 1000);
  x.dispose();
  y.dispose();
  m.dispose();
  return rate;
}

const onnxRuntime = values['no-onnx']
  ? undefined
  : await loadOnnxRuntime().catch((e: Error) => {
      console.warn(`no ONNX rows: ${e.message}`);
      return undefined;
    });
if (onnxRuntime)
  console.log(`onnx: onnxruntime-node ${onnxRuntime.env?.versions?.node}, cpu, threads=${cfg.threads}`);

/** The same model and input as {@link kiteRate}, exported to ONNX and run on ONNX Runtime. */
async function onnxRate(c: string): Promise<number> {
  const [kind] = c.split('-') as [string];
  const m = model(kind);
  const batch = cfg.inferBatch;
  const { x, y } = data(kind, batch);
  const input = { data: x.dataSync() as Float32Array | Int32Array, shape: x.shape };
  const session = await loadOnnxModel(exportOnnx(m), { threads: cfg.threads });
  for (let i = 0; i < cfg.warmup; i++) await session.run(input);
  const t0 = performance.now();
  for (let i = 0; i < cfg.steps; i++) await session.run(input);
  const rate = (cfg.steps * batch) / ((performance.now() - t0) / 1000);
  await session.dispose();
  x.dispose();
  y.dispose();
  m.dispose();
  return rate;
}

/** The training case on Kite's ONNX Runtime trainer (same model, batch and data as tfjs's). */
async function onnxTrainRate(c: string): Promise<number> {
  const [kind] = c.split('-') as [string];
  const m = model(kind);
  const batch = cfg.trainBatch;
  const { x, y } = data(kind, batch);
  const trainer = await OnnxTrainer.create(m, { threads: cfg.threads, seed: 1 });
  for (let i = 0; i < cfg.warmup; i++) await trainer.trainOnBatch(x, y);
  const t0 = performance.now();
  for (let i = 0; i < cfg.steps; i++) await trainer.trainOnBatch(x, y);
  const rate = (cfg.steps * batch) / ((performance.now() - t0) / 1000);
  await trainer.dispose();
  x.dispose();
  y.dispose();
  m.dispose();
  return rate;
}

/** Debian's python (python3-torch); a pyenv `python3` on PATH would not see it. */
const PYTHON = process.env.KITE_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
function torchRates(): Record<string, number> & { blas?: string[] } {
  if (!existsSync(OPENBLAS)) console.warn(`warning: ${OPENBLAS} missing: PyTorch runs on reference BLAS`);
  const r = spawnSync(PYTHON, [join(import.meta.dirname, 'speed-torch.py'), JSON.stringify(cfg)], {
    encoding: 'utf8',
    env: {
      ...process.env,
      LD_LIBRARY_PATH: OPENBLAS,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: String(cfg.threads),
      MALLOC_MMAP_THRESHOLD_: '67108864',
    },
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`PyTorch run failed (exit ${r.status}); is python3-torch installed?`);
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const kite: Record<string, number[]> = {};
const torch: Record<string, number[]> = {};
const onnx: Record<string, number[]> = {};
let blas: string[] | undefined;
for (let round = 0; round < rounds; round++) {
  for (const c of cfg.cases) {
    kite[c] = [...(kite[c] ?? []), await kiteRate(c)];
    if (onnxRuntime)
      onnx[c] = [...(onnx[c] ?? []), await (c.endsWith('-infer') ? onnxRate(c) : onnxTrainRate(c))];
  }
  const t = torchRates();
  blas = t.blas;
  for (const c of cfg.cases) torch[c] = [...(torch[c] ?? []), t[c]!];
  console.error(`round ${round + 1}/${rounds} done`);
}
console.log(`pytorch: ${cfg.threads} thread(s), BLAS loaded: ${JSON.stringify(blas)}`);

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const rows = cfg.cases.map((c) => {
  const k = median(kite[c]!);
  const p = median(torch[c]!);
  const o = onnx[c] ? median(onnx[c]) : undefined;
  return {
    case: c,
    'kite samples/s': Math.round(k),
    'pytorch samples/s': Math.round(p),
    ratio: +(k / p).toFixed(2),
    ...(onnxRuntime
      ? {
          'onnx samples/s': o === undefined ? '-' : Math.round(o),
          'onnx / pytorch': o === undefined ? '-' : +(o / p).toFixed(2),
        }
      : {}),
  };
});
console.log(`medians of ${rounds} rounds, ${cfg.steps} steps each (train batch 64, inference batch 256):`);
console.table(rows);

/**
 * Self time per kernel (nested kernels subtracted, so Kite's composite kernels such as
 * Conv2DBackpropFilter count only their own glue): every wasm kernel is wrapped with a timer
 * while one training step runs. wasm kernels are synchronous, so wall time is kernel time.
 */
async function profileStep(kind: string): Promise<void> {
  const m = model(kind);
  const { x, y } = data(kind, cfg.trainBatch);
  for (let i = 0; i < 2; i++) await m.trainOnBatch(x, y);
  const self = new Map<string, number>();
  const calls = new Map<string, number>();
  const stack: number[] = []; // time spent in children of each open kernel
  const wrapped = tf.getKernelsForBackend('wasm').map((k) => {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const t0 = performance.now();
        stack.push(0);
        try {
          return k.kernelFunc(args);
        } finally {
          const elapsed = performance.now() - t0;
          const children = stack.pop()!;
          self.set(k.kernelName, (self.get(k.kernelName) ?? 0) + elapsed - children);
          calls.set(k.kernelName, (calls.get(k.kernelName) ?? 0) + 1);
          if (stack.length > 0) stack[stack.length - 1]! += elapsed;
        }
      },
    });
    return k;
  });
  const t0 = performance.now();
  await m.trainOnBatch(x, y);
  const total = performance.now() - t0;
  for (const k of wrapped) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(k);
  }
  const inKernels = [...self.values()].reduce((a, b) => a + b, 0);
  const n = [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${kind} training step, batch ${cfg.trainBatch}: ${total.toFixed(1)} ms, ${n} kernel calls; ` +
      `${(total - inKernels).toFixed(1)} ms (${((100 * (total - inKernels)) / total).toFixed(0)} %) outside kernels ` +
      '(JS: FusedLstm time loop with its direct XNNPACK step products, tape, optimizer bookkeeping). ' +
      'Top kernels by self time:',
  );
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.log(
      `  ${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms ${`${((100 * ms) / total).toFixed(0)} %`.padStart(5)}  (${calls.get(name)} calls)`,
    );
  }
  x.dispose();
  y.dispose();
  m.dispose();
}
if (!values['no-profile']) {
  for (const kind of ['cnn', 'lstm', 'gru']) {
    if (!cfg.cases.some((c) => c.startsWith(kind))) continue;
    if (kind !== 'gru') await profileStep(kind);
    if (!onnxRuntime) continue;
    const m = model(kind);
    const { x, y } = data(kind, cfg.trainBatch);
    console.log(
      `${kind} training step on the ONNX trainer, batch ${cfg.trainBatch}, ${cfg.threads} thread(s):`,
    );
    for (const line of await profileOnnxTrainer(m, x, y, { threads: cfg.threads })) console.log(`  ${line}`);
    x.dispose();
    y.dispose();
    m.dispose();
  }
}
