/**
 * Explain benchmarks. Run: `npx tsx bench/explain/run.ts` (reads Fashion-MNIST from
 * KITE_DATA_DIR, default ../shared/data).
 *
 * 1. Partition explainer on a small CNN over 28×28 images, 500/1000/2000 evaluations: share of
 *    the time spent outside the model's own forward passes (the model calls are timed inside).
 * 2. Kernel explainer, 10 features, 100-row background: evaluations per second, against a naive
 *    implementation (per-coalition allocation, one model call per coalition) run in the same
 *    process on the same plan size.
 * 3. Memory: a 32×32×3 image with 4000 partition evaluations.
 */
import { KernelExplainer } from '../../src/explain/kernel.js';
import { ImageMasker } from '../../src/explain/maskers/image.js';
import type { DenseMatrix } from '../../src/explain/matrix.js';
import { PartitionExplainer } from '../../src/explain/partition.js';
import { createRng } from '../../src/explain/rng.js';
import { smallCnn } from './cnn.js';
import { fashionMnist } from './data.js';

const fmt = (v: number, d = 1) => v.toFixed(d);

async function partitionCnn() {
  const cnn = smallCnn(1);
  const images = fashionMnist(5);
  console.log(
    `\n## Partition explainer, small CNN (${cnn.macsPerImage} MACs/image), Fashion-MNIST 28×28, blur(8,8), batch 50, 5 images`,
  );
  console.log('| max_evals | masks | total ms | model ms | outside model | per image ms |');
  console.log('|---|---|---|---|---|---|');
  for (const maxEvals of [500, 1000, 2000]) {
    const ex = new PartitionExplainer(
      (b: DenseMatrix) => cnn.forward(b),
      new ImageMasker('blur(8,8)', [28, 28, 1]),
      {
        maxEvals,
        batchSize: 50,
      },
    );
    await ex.explain(images.slice(0, 1)); // warm-up (JIT)
    // best of 2 runs (the machine is shared)
    let total = Number.POSITIVE_INFINITY;
    let s = ex.stats;
    let e = await ex.explain(images.slice(0, 1));
    for (let rep = 0; rep < 2; rep++) {
      const t0 = performance.now();
      const run = await ex.explain(images);
      const ms = performance.now() - t0;
      if (ms < total) {
        total = ms;
        s = ex.stats;
        e = run;
      }
    }
    const out = ((total - s.modelMs) / total) * 100;
    const maxErr = Math.max(
      ...images.map((img, i) => {
        const fx = cnn.forward({ rows: 1, cols: 784, data: img });
        return Math.max(
          ...Array.from({ length: 10 }, (_, k) => Math.abs(e.outputValue(i, k) - (fx[k] as number))),
        );
      }),
    );
    console.log(
      `| ${maxEvals} | ${s.masks} | ${fmt(total)} | ${fmt(s.modelMs)} | ${fmt(out)} % | ${fmt(total / images.length)} |`,
    );
    if (maxErr > 1e-8) console.log(`additivity error ${maxErr}`);
  }
}

function tabular(): { bg: number[][]; rows: number[][] } {
  // 10 real features: mean intensity of 10 horizontal bands of Fashion-MNIST images
  const imgs = fashionMnist(120);
  const feats = imgs.map((img) =>
    Array.from({ length: 10 }, (_, b) => {
      let s = 0;
      const r0 = Math.floor((b * 28) / 10);
      const r1 = Math.floor(((b + 1) * 28) / 10);
      for (let r = r0; r < r1; r++) for (let c = 0; c < 28; c++) s += img[r * 28 + c] as number;
      return s / ((r1 - r0) * 28);
    }),
  );
  return { bg: feats.slice(0, 100), rows: feats.slice(100, 105) };
}

function mlp(seed: number) {
  const rng = createRng(seed);
  const W1 = Float64Array.from({ length: 16 * 10 }, () => rng.normal());
  const W2 = Float64Array.from({ length: 16 }, () => rng.normal());
  const one = (x: ArrayLike<number>, off: number) => {
    let out = 0;
    for (let h = 0; h < 16; h++) {
      let s = 0;
      for (let j = 0; j < 10; j++) s += (W1[h * 10 + j] as number) * (x[off + j] as number);
      out += (W2[h] as number) * Math.tanh(s);
    }
    return out;
  };
  return {
    matrix: (b: DenseMatrix) => {
      const out = new Float64Array(b.rows);
      for (let i = 0; i < b.rows; i++) out[i] = one(b.data, i * b.cols);
      return out;
    },
    arrays: (X: number[][]) => X.map((x) => one(x, 0)),
  };
}

/** The straightforward way: allocate each synthetic row, call the model once per coalition. */
function naiveKernelEvals(
  f: (X: number[][]) => number[],
  bg: number[][],
  x: number[],
  masks: number[][],
): number[] {
  return masks.map((m) => {
    const rows = bg.map((b) => b.map((v, j) => (m[j] ? (x[j] as number) : v)));
    const y = f(rows);
    return y.reduce((s, v) => s + v, 0) / y.length;
  });
}

async function kernel() {
  const { bg, rows } = tabular();
  const model = mlp(3);
  console.log(
    '\n## Kernel explainer, 10 features, 100-row background, nsamples auto (1022 coalitions), 5 rows',
  );
  const results: Record<string, number> = {};
  for (const format of ['matrix', 'arrays'] as const) {
    const ex =
      format === 'matrix'
        ? new KernelExplainer(model.matrix, bg, { format: 'matrix' })
        : new KernelExplainer(model.arrays, bg);
    await ex.explain(rows.slice(0, 1));
    let ms = Number.POSITIVE_INFINITY;
    let stats = ex.stats;
    for (let rep = 0; rep < 5; rep++) {
      const t0 = performance.now();
      await ex.explain(rows);
      const t = performance.now() - t0;
      if (t < ms) {
        ms = t;
        stats = ex.stats;
      }
    }
    const coalitions = stats.masks;
    results[format] = coalitions / (ms / 1000);
    console.log(
      `kite (${format} batches): ${coalitions} coalitions, ${stats.rows} model rows in ${fmt(ms)} ms → ${fmt(results[format] ?? 0, 0)} coalition evals/s, ${fmt(stats.rows / (ms / 1000), 0)} model rows/s; model ${fmt((stats.modelMs / ms) * 100)} % of time`,
    );
  }
  // naive: same number of coalitions per row (random masks), per-coalition allocation and calls
  const rng = createRng(5);
  const masks = Array.from({ length: 1022 }, () => Array.from({ length: 10 }, () => rng.int(2)));
  naiveKernelEvals(model.arrays, bg, rows[0] as number[], masks.slice(0, 100));
  let ms = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    for (const x of rows) naiveKernelEvals(model.arrays, bg, x, masks);
    ms = Math.min(ms, performance.now() - t0);
  }
  const naive = (rows.length * masks.length) / (ms / 1000);
  console.log(
    `naive baseline: ${rows.length * masks.length} coalitions in ${fmt(ms)} ms → ${fmt(naive, 0)} coalition evals/s (evaluation only, no regression)`,
  );
  console.log(
    `ratio kite(matrix)/naive = ${fmt((results.matrix ?? 0) / naive, 2)}×, kite(arrays)/naive = ${fmt((results.arrays ?? 0) / naive, 2)}×`,
  );
}

async function memory() {
  const rng = createRng(7);
  const img = Float64Array.from({ length: 32 * 32 * 3 }, () => rng.random());
  const w = Float64Array.from({ length: 32 * 32 * 3 }, () => rng.normal());
  const model = (b: DenseMatrix) => {
    const out = new Float64Array(b.rows);
    for (let i = 0; i < b.rows; i++) {
      let s = 0;
      for (let j = 0; j < b.cols; j++) s += (w[j] as number) * (b.data[i * b.cols + j] as number);
      out[i] = Math.tanh(s / 30);
    }
    return out;
  };
  const ex = new PartitionExplainer(model, new ImageMasker('blur(4,4)', [32, 32, 3]), {
    maxEvals: 4000,
    batchSize: 50,
  });
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  const t0 = performance.now();
  await ex.explain([img, img]);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  console.log(
    `\n## Memory: 32×32×3 image (3072 features), partition with 4000 evaluations, 2 images: ${ex.stats.masks} masks in ${fmt(performance.now() - t0)} ms, heap growth ≤ ${fmt((peak - before) / 2 ** 20)} MiB`,
  );
}

await partitionCnn();
await kernel();
await memory();
