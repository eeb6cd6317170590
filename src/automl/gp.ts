/**
 * A small Gaussian-process regressor for Bayesian optimisation: Matérn-5/2 ARD kernel times a
 * constant, Gaussian noise, normalised targets, kernel length scales and noise fitted by
 * maximising the log marginal likelihood with a pattern search in log space (skopt fits the
 * same model with L-BFGS).
 */

export interface GpParams {
  logLengths: number[];
  logNoise: number;
}

export interface GpModel {
  params: GpParams;
  /** Posterior mean and standard deviation in the original target units. */
  predict(x: readonly number[]): { mean: number; std: number };
  logLikelihood: number;
}

function matern52(a: readonly number[], b: readonly number[], ls: readonly number[]): number {
  let r2 = 0;
  for (let i = 0; i < a.length; i++) {
    const d = ((a[i] ?? 0) - (b[i] ?? 0)) / (ls[i] ?? 1);
    r2 += d * d;
  }
  const r = Math.sqrt(5 * r2);
  return (1 + r + (5 * r2) / 3) * Math.exp(-r);
}

/** In-place Cholesky of a symmetric positive definite matrix (row-major n×n); false if it fails. */
function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) s -= (a[j * n + k] ?? 0) ** 2;
    if (s <= 0) return false;
    const d = Math.sqrt(s);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) t -= (a[i * n + k] ?? 0) * (a[j * n + k] ?? 0);
      a[i * n + j] = t / d;
    }
  }
  return true;
}

function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  return x;
}

function solveUpper(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = s / (l[i * n + i] ?? 1);
  }
  return x;
}

function build(
  xs: readonly (readonly number[])[],
  yn: Float64Array,
  p: GpParams,
  groups?: readonly number[],
) {
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const ls = Array.from({ length: d }, (_, i) => Math.exp(p.logLengths[groups?.[i] ?? i] ?? 0));
  const noise = Math.exp(p.logNoise);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = matern52(xs[i] ?? [], xs[j] ?? [], ls) + (i === j ? noise + 1e-8 : 0);
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  if (!cholesky(k, n)) return undefined;
  const alpha = solveUpper(k, n, solveLower(k, n, yn));
  let ll = 0;
  for (let i = 0; i < n; i++) ll -= 0.5 * (yn[i] ?? 0) * (alpha[i] ?? 0) + Math.log(k[i * n + i] ?? 1);
  ll -= 0.5 * n * Math.log(2 * Math.PI);
  return { l: k, alpha, ll, ls, noise };
}

export interface FitOptions {
  /** Length-scale index of each input dimension (e.g. one per categorical's one-hot block). */
  groups?: readonly number[];
  /** Search the hyperparameters (default true); false reuses `start` as is. */
  optimise?: boolean;
}

/**
 * Fits a GP to `xs` (points in the unit cube) and `ys`. `start` warm-starts the hyperparameter
 * search (pass the previous fit's params).
 */
export function fitGp(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  start?: GpParams,
  options: FitOptions = {},
): GpModel {
  const n = ys.length;
  const groups = options.groups;
  const d = groups ? Math.max(-1, ...groups) + 1 : (xs[0]?.length ?? 0);
  const mean = ys.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n)) || 1;
  const yn = Float64Array.from(ys, (y) => (y - mean) / sd);
  let p: GpParams =
    start && start.logLengths.length === d
      ? structuredClone(start)
      : { logLengths: new Array<number>(d).fill(Math.log(0.3)), logNoise: Math.log(1e-3) };
  let best = build(xs, yn, p, groups);
  let bestLl = best?.ll ?? Number.NEGATIVE_INFINITY;
  const clampP = (q: GpParams): GpParams => ({
    logLengths: q.logLengths.map((v) => Math.min(Math.log(20), Math.max(Math.log(0.01), v))),
    logNoise: Math.min(Math.log(1), Math.max(Math.log(1e-6), q.logNoise)),
  });
  for (const step of options.optimise === false && best ? [] : [1, 0.5, 0.25, 0.1]) {
    let improved = true;
    let rounds = 0;
    while (improved && rounds < 3) {
      improved = false;
      rounds++;
      for (let dim = 0; dim <= d; dim++) {
        for (const dir of [1, -1]) {
          const q = structuredClone(p);
          if (dim < d) q.logLengths[dim] = (q.logLengths[dim] ?? 0) + dir * step;
          else q.logNoise += dir * step * 2;
          const c = clampP(q);
          const m = build(xs, yn, c, groups);
          if (m && m.ll > bestLl + 1e-9) {
            best = m;
            bestLl = m.ll;
            p = c;
            improved = true;
            break;
          }
        }
      }
    }
  }
  if (!best) {
    p = { logLengths: new Array<number>(d).fill(0), logNoise: Math.log(1e-2) };
    best = build(xs, yn, p, groups);
  }
  const fit = best;
  return {
    params: p,
    logLikelihood: bestLl,
    predict: (x) => {
      if (!fit) return { mean, std: sd };
      const ks = new Float64Array(n);
      for (let i = 0; i < n; i++) ks[i] = matern52(x, xs[i] ?? [], fit.ls);
      let mu = 0;
      for (let i = 0; i < n; i++) mu += (ks[i] ?? 0) * (fit.alpha[i] ?? 0);
      const v = solveLower(fit.l, n, ks);
      let vv = 0;
      for (let i = 0; i < n; i++) vv += (v[i] ?? 0) ** 2;
      const variance = Math.max(1e-12, 1 - vv);
      return { mean: mean + sd * mu, std: sd * Math.sqrt(variance) };
    },
  };
}
