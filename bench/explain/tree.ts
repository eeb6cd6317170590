/**
 * TreeExplainer speed. Run: `npx tsx bench/explain/tree.ts`.
 *
 * A random ensemble (100 trees, depth 6, 10 features, seeded; no data files needed). Rows per
 * second for path-dependent TreeSHAP, interventional TreeSHAP (20- and 100-row backgrounds) and
 * Saabas, against the model-agnostic baseline that gives the same interventional values: the
 * ExactExplainer (2^10 coalitions × background rows through the ensemble's predict), run in
 * the same process on the same rows (values compared).
 */
import { maxAbsDiff } from '../../src/explain/brute-force.js';
import { ExactExplainer } from '../../src/explain/exact.js';
import { IndependentMasker } from '../../src/explain/maskers/tabular.js';
import type { DenseMatrix } from '../../src/explain/matrix.js';
import { createRng } from '../../src/explain/rng.js';
import { TreeExplainer } from '../../src/explain/tree.js';
import type { TreeArrays } from '../../src/explain/tree-model.js';

const rng = createRng(1);
const M = 10;
function randomTree(depth: number): TreeArrays {
  const t = {
    childrenLeft: [] as number[],
    childrenRight: [] as number[],
    feature: [] as number[],
    threshold: [] as number[],
    value: [] as number[],
    nodeSampleWeight: [] as number[],
  };
  const grow = (d: number): number => {
    const i = t.childrenLeft.length;
    t.childrenLeft.push(-1);
    t.childrenRight.push(-1);
    t.feature.push(-2);
    t.threshold.push(-2);
    t.value.push(rng.normal());
    t.nodeSampleWeight.push(1 + rng.int(50));
    if (d < depth) {
      t.feature[i] = rng.int(M);
      t.threshold[i] = rng.normal();
      t.childrenLeft[i] = grow(d + 1);
      t.childrenRight[i] = grow(d + 1);
      t.nodeSampleWeight[i] =
        t.nodeSampleWeight[t.childrenLeft[i]!]! + t.nodeSampleWeight[t.childrenRight[i]!]!;
    }
    return i;
  };
  grow(0);
  return t;
}

const model = { trees: Array.from({ length: 100 }, () => randomTree(6)) };
const X = Array.from({ length: 200 }, () => Array.from({ length: M }, () => rng.normal()));

async function rate(name: string, run: (rows: number[][]) => Promise<unknown>, rows: number[][]) {
  await run(rows.slice(0, 2)); // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 2; rep++) {
    const t0 = performance.now();
    await run(rows);
    best = Math.min(best, performance.now() - t0);
  }
  const perSec = rows.length / (best / 1000);
  console.log(`| ${name} | ${rows.length} | ${best.toFixed(0)} | ${perSec.toFixed(1)} |`);
  return perSec;
}

console.log('\n## TreeExplainer: 100 trees, depth 6, 10 features');
console.log('| method | rows | best ms | rows/s |');
console.log('|---|---|---|---|');
await rate('path-dependent TreeSHAP', (r) => new TreeExplainer(model).explain(r), X);
await rate('Saabas', (r) => new TreeExplainer(model).explain(r, { approximate: true }), X);
await rate('interventional TreeSHAP, 100 bg', (r) => new TreeExplainer(model, X.slice(0, 100)).explain(r), X);
const bg = X.slice(0, 20);
const tree = new TreeExplainer(model, bg);
const fast = await rate('interventional TreeSHAP, 20 bg', (r) => tree.explain(r), X);
const predict = (b: DenseMatrix) => tree.predict(b);
const exact = new ExactExplainer(predict, new IndependentMasker(bg, { format: 'matrix' }));
const few = X.slice(0, 4);
const slow = await rate('baseline: ExactExplainer on predict, 20 bg', (r) => exact.explain(r), few);
const a = await tree.explain(few);
const b = await exact.explain(few);
const diff = Math.max(...few.map((_, i) => maxAbsDiff(a.rowValues(i), b.rowValues(i))));
console.log(
  `\nratio interventional TreeSHAP / ExactExplainer = ${(fast / slow).toFixed(0)}× (max |Δφ| = ${diff.toExponential(1)})`,
);
