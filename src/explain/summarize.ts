/**
 * Background summarisation (shap's `kmeans` and `sample`): fewer background rows make the
 * kernel explainer proportionally faster. Kite's k-means is k-means++ with Lloyd iterations
 * and 10 restarts on a seeded RNG; it will not pick the same centres as sklearn's, but it has
 * the same contract: centres (snapped to observed values per column when `roundValues`) with
 * weights equal to cluster sizes.
 */
import { KiteError } from '../core/index.js';
import type { WeightedData } from './kernel.js';
import { type MatrixLike, toArrays, toDense } from './matrix.js';
import { createRng } from './rng.js';

/**
 * `nsamples` rows drawn without replacement (all rows when there are fewer).
 *
 * @example
 * ```ts
 * const bg = sample(trainRows, 100, 0);
 * ```
 */
export function sample(X: MatrixLike, nsamples = 100, seed = 0): number[][] {
  const d = toDense(X, 'X');
  const idx = createRng(seed)
    .shuffle(Array.from({ length: d.rows }, (_, i) => i))
    .slice(0, Math.min(nsamples, d.rows));
  const all = toArrays(d);
  return idx.map((i) => all[i] as number[]);
}

/** Options of {@link kmeans}. */
export interface KmeansOptions {
  /** Snap each centre coordinate to the nearest value seen in that column (default true). */
  roundValues?: boolean;
  seed?: number;
  restarts?: number;
}

/**
 * Summarises `X` by `k` weighted centres (NaNs mean-imputed first).
 *
 * @example
 * ```ts
 * const bg = kmeans(trainRows, 10);
 * new KernelExplainer(model, bg);
 * ```
 */
export function kmeans(X: MatrixLike, k: number, options: KmeansOptions = {}): WeightedData {
  const d = toDense(X, 'X');
  const { rows: n, cols: p } = d;
  if (!(k >= 1 && k <= n)) throw new KiteError('INVALID_ARGUMENT', `kmeans: k must be in 1..${n}, got ${k}`);
  const data = Float64Array.from(d.data);
  for (let j = 0; j < p; j++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * p + j] as number;
      if (!Number.isNaN(v)) {
        s += v;
        c++;
      }
    }
    for (let i = 0; i < n; i++) if (Number.isNaN(data[i * p + j] as number)) data[i * p + j] = c ? s / c : 0;
  }
  const rng = createRng(options.seed ?? 0);
  const dist2 = (i: number, centres: Float64Array, c: number) => {
    let s = 0;
    for (let j = 0; j < p; j++) s += ((data[i * p + j] as number) - (centres[c * p + j] as number)) ** 2;
    return s;
  };
  let best: { centres: Float64Array; labels: Int32Array; inertia: number } | undefined;
  for (let restart = 0; restart < (options.restarts ?? 10); restart++) {
    const centres = new Float64Array(k * p);
    const first = rng.int(n);
    centres.set(data.subarray(first * p, first * p + p), 0);
    const dmin = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (let c = 1; c < k; c++) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        dmin[i] = Math.min(dmin[i] as number, dist2(i, centres, c - 1));
        total += dmin[i] as number;
      }
      let u = rng.random() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        u -= dmin[i] as number;
        if (u < 0) {
          pick = i;
          break;
        }
      }
      centres.set(data.subarray(pick * p, pick * p + p), c * p);
    }
    const labels = new Int32Array(n);
    let inertia = 0;
    for (let iter = 0; iter < 300; iter++) {
      let changed = false;
      inertia = 0;
      for (let i = 0; i < n; i++) {
        let bc = 0;
        let bd = Number.POSITIVE_INFINITY;
        for (let c = 0; c < k; c++) {
          const dd = dist2(i, centres, c);
          if (dd < bd) {
            bd = dd;
            bc = c;
          }
        }
        if (labels[i] !== bc || iter === 0) changed = changed || labels[i] !== bc;
        labels[i] = bc;
        inertia += bd;
      }
      const sums = new Float64Array(k * p);
      const counts = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const c = labels[i] as number;
        counts[c] = (counts[c] as number) + 1;
        for (let j = 0; j < p; j++)
          sums[c * p + j] = (sums[c * p + j] as number) + (data[i * p + j] as number);
      }
      for (let c = 0; c < k; c++) {
        if (counts[c] === 0) continue;
        for (let j = 0; j < p; j++) centres[c * p + j] = (sums[c * p + j] as number) / (counts[c] as number);
      }
      if (!changed && iter > 0) break;
    }
    if (!best || inertia < best.inertia) best = { centres, labels, inertia };
  }
  const { centres, labels } = best as { centres: Float64Array; labels: Int32Array };
  if (options.roundValues ?? true) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        let nearest = centres[c * p + j] as number;
        let bd = Number.POSITIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const dd = Math.abs((data[i * p + j] as number) - (centres[c * p + j] as number));
          if (dd < bd) {
            bd = dd;
            nearest = data[i * p + j] as number;
          }
        }
        centres[c * p + j] = nearest;
      }
    }
  }
  const weights = new Array<number>(k).fill(0);
  for (const l of labels) weights[l] = (weights[l] as number) + 1;
  const rowsOut: number[][] = [];
  for (let c = 0; c < k; c++) rowsOut.push(Array.from(centres.subarray(c * p, (c + 1) * p)));
  return { data: rowsOut, weights };
}
