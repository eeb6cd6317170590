/**
 * The lasso path by least angle regression with the lasso modification (sklearn's
 * `lars_path(method="lasso")`), and model selection along it by an information criterion
 * (sklearn's `LassoLarsIC`, behind shap's `l1_reg="aic"/"bic"`, where shap first scales the
 * columns with `StandardScaler(with_mean=False)`).
 */
import { KiteError } from '../core/index.js';
import { pinvSolve, solve } from './linalg.js';

const EPS = 2.220446049250313e-16;

/** Coefficients after each LARS step (first entry all zeros) and the matching alphas. */
export interface LassoPath {
  alphas: number[];
  coefs: Float64Array[];
}

/** The lasso path of `y ~ X` without intercept (`X` is `n × p`, row-major). */
export function lassoPath(X: Float64Array, y: Float64Array, n: number, p: number, maxIter = 500): LassoPath {
  const coef = new Float64Array(p);
  const coefs = [coef.slice()];
  const alphas: number[] = [];
  const active: number[] = [];
  const isActive = new Uint8Array(p);
  const resid = Float64Array.from(y);
  let drop = false;
  for (let iter = 0; ; iter++) {
    const cov = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const r = resid[i] as number;
      if (r !== 0) for (let j = 0; j < p; j++) cov[j] = (cov[j] as number) + (X[i * p + j] as number) * r;
    }
    let C = 0;
    let next = -1;
    if (!drop) {
      for (let j = 0; j < p; j++) {
        if (!isActive[j] && Math.abs(cov[j] as number) > C) {
          C = Math.abs(cov[j] as number);
          next = j;
        }
      }
    }
    if (drop || next < 0) for (const j of active) C = Math.max(C, Math.abs(cov[j] as number));
    alphas.push(C / n);
    if (C / n <= EPS || iter >= maxIter || (active.length >= p && !drop && next < 0)) break;
    if (!drop && next >= 0) {
      active.push(next);
      isActive[next] = 1;
    }
    if (active.length === 0) break;
    const k = active.length;
    const signs = active.map((j) => Math.sign(cov[j] as number) || 1);
    const G = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let i = 0; i < n; i++)
          s += (X[i * p + (active[a] as number)] as number) * (X[i * p + (active[b] as number)] as number);
        G[a * k + b] = s;
        G[b * k + a] = s;
      }
    }
    const sv = Float64Array.from(signs);
    const ls = solve(G, sv, k) ?? pinvSolve(G, sv, k);
    let dot = 0;
    for (let a = 0; a < k; a++) dot += (ls[a] as number) * (signs[a] as number);
    if (!(dot > 0)) break;
    const AA = 1 / Math.sqrt(dot);
    for (let a = 0; a < k; a++) ls[a] = (ls[a] as number) * AA;
    const u = new Float64Array(n);
    for (let a = 0; a < k; a++) {
      const j = active[a] as number;
      for (let i = 0; i < n; i++) u[i] = (u[i] as number) + (ls[a] as number) * (X[i * p + j] as number);
    }
    let gamma = C / AA;
    for (let j = 0; j < p; j++) {
      if (isActive[j]) continue;
      let aj = 0;
      for (let i = 0; i < n; i++) aj += (X[i * p + j] as number) * (u[i] as number);
      const cj = cov[j] as number;
      for (const g of [(C - cj) / (AA - aj + EPS), (C + cj) / (AA + aj + EPS)])
        if (g > 0 && g < gamma) gamma = g;
    }
    // lasso modification: stop where an active coefficient crosses zero, and drop it
    let dropAt = -1;
    for (let a = 0; a < k; a++) {
      const z = -(coef[active[a] as number] as number) / ((ls[a] as number) + EPS);
      if (z > 0 && z < gamma) {
        gamma = z;
        dropAt = a;
      }
    }
    for (let a = 0; a < k; a++) {
      const j = active[a] as number;
      coef[j] = (coef[j] as number) + gamma * (ls[a] as number);
    }
    for (let i = 0; i < n; i++) resid[i] = (resid[i] as number) - gamma * (u[i] as number);
    drop = dropAt >= 0;
    if (drop) {
      const j = active[dropAt] as number;
      coef[j] = 0;
      active.splice(dropAt, 1);
      isActive[j] = 0;
      // keep the residual consistent with the zeroed coefficient
      resid.set(y);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (const a of active) s += (X[i * p + a] as number) * (coef[a] as number);
        resid[i] = (y[i] as number) - s;
      }
    }
    coefs.push(coef.slice());
  }
  while (alphas.length < coefs.length) alphas.push(0);
  return { alphas: alphas.slice(0, coefs.length), coefs };
}

/**
 * Indices of the nonzero coefficients that `StandardScaler(with_mean=False)` +
 * `LassoLarsIC(criterion)` selects (intercept fitted by centring; noise variance from the OLS
 * fit, as sklearn ≥ 1.1).
 */
export function lassoLarsIcSupport(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  criterion: 'aic' | 'bic',
): number[] {
  if (n <= p + 1) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `l1Reg '${criterion}' needs more coalitions (${n / 2}) than features + 1 (${p + 1})`,
      {
        hint: 'raise nsamples or use num_features(r)',
      },
    );
  }
  const Xs = new Float64Array(n * p);
  const ym = y.reduce((s, v) => s + v, 0) / n;
  const yc = y.map((v) => v - ym);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += (X[i * p + j] as number) / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((X[i * p + j] as number) - m) ** 2 / n;
    const sd = Math.sqrt(v) || 1;
    let mc = 0;
    for (let i = 0; i < n; i++) mc += (X[i * p + j] as number) / sd / n;
    for (let i = 0; i < n; i++) Xs[i * p + j] = (X[i * p + j] as number) / sd - mc;
  }
  const path = lassoPath(Xs, yc, n, p);
  // noise variance from the OLS fit on the centred data
  const XtX = new Float64Array(p * p);
  const Xty = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const xa = Xs[i * p + a] as number;
      Xty[a] = (Xty[a] as number) + xa * (yc[i] as number);
      for (let b = 0; b < p; b++)
        XtX[a * p + b] = (XtX[a * p + b] as number) + xa * (Xs[i * p + b] as number);
    }
  }
  const ols = pinvSolve(XtX, Xty, p);
  const rss = (beta: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let j = 0; j < p; j++) f += (Xs[i * p + j] as number) * (beta[j] as number);
      s += ((yc[i] as number) - f) ** 2;
    }
    return s;
  };
  const sigma2 = rss(ols) / (n - p - 1);
  const factor = criterion === 'aic' ? 2 : Math.log(n);
  let best = 0;
  let bestScore = Number.POSITIVE_INFINITY;
  path.coefs.forEach((beta, k) => {
    let df = 0;
    for (const b of beta) if (Math.abs(b) > EPS) df++;
    const score = n * Math.log(2 * Math.PI * sigma2) + rss(beta) / sigma2 + factor * df;
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  });
  const out: number[] = [];
  (path.coefs[best] as Float64Array).forEach((b, j) => {
    if (b !== 0) out.push(j);
  });
  return out;
}
