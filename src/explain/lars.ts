/**
 * Feature selection for the kernel explainer's `l1_reg` option: the active set of least angle
 * regression after `maxIter` steps (sklearn's `lars_path(X, y, max_iter=r)[1]`, no intercept,
 * no normalisation) and a coordinate-descent lasso (sklearn's `Lasso(alpha)`, with intercept).
 */
import { solve } from './linalg.js';

/**
 * The indices LARS activates, in activation order, within `maxIter` steps. `X` is `n × p`
 * row-major.
 */
export function larsActiveSet(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  maxIter: number,
): number[] {
  const active: number[] = [];
  const isActive = new Uint8Array(p);
  const mu = new Float64Array(n);
  const corr = (): Float64Array => {
    const c = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const r = (y[i] as number) - (mu[i] as number);
      if (r === 0) continue;
      for (let j = 0; j < p; j++) c[j] = (c[j] as number) + (X[i * p + j] as number) * r;
    }
    return c;
  };
  const tiny = 2.220446049250313e-16;
  while (active.length < Math.min(maxIter, p)) {
    const c = corr();
    let best = -1;
    let C = 0;
    for (let j = 0; j < p; j++) {
      if (!isActive[j] && Math.abs(c[j] as number) > C) {
        C = Math.abs(c[j] as number);
        best = j;
      }
    }
    if (best < 0 || C / n <= tiny) break;
    active.push(best);
    isActive[best] = 1;
    if (active.length >= Math.min(maxIter, p)) break;
    // equiangular direction over the active set
    const k = active.length;
    const signs = active.map((j) => Math.sign(c[j] as number) || 1);
    const G = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        const ja = active[a] as number;
        const jb = active[b] as number;
        for (let i = 0; i < n; i++) s += (X[i * p + ja] as number) * (X[i * p + jb] as number);
        s *= (signs[a] as number) * (signs[b] as number);
        G[a * k + b] = s;
        G[b * k + a] = s;
      }
    }
    const g1 = solve(G, new Float64Array(k).fill(1), k);
    if (!g1) break;
    let sum = 0;
    for (const v of g1) sum += v;
    if (!(sum > 0)) break;
    const AA = 1 / Math.sqrt(sum);
    const u = new Float64Array(n);
    for (let a = 0; a < k; a++) {
      const wa = AA * (g1[a] as number) * (signs[a] as number);
      const ja = active[a] as number;
      for (let i = 0; i < n; i++) u[i] = (u[i] as number) + wa * (X[i * p + ja] as number);
    }
    const Cact = Math.abs(c[active[0] as number] as number);
    let gamma = Cact / AA;
    for (let j = 0; j < p; j++) {
      if (isActive[j]) continue;
      let aj = 0;
      for (let i = 0; i < n; i++) aj += (X[i * p + j] as number) * (u[i] as number);
      const cj = c[j] as number;
      for (const g of [(Cact - cj) / (AA - aj), (Cact + cj) / (AA + aj)])
        if (g > 1e-300 && g < gamma) gamma = g;
    }
    for (let i = 0; i < n; i++) mu[i] = (mu[i] as number) + gamma * (u[i] as number);
  }
  return active;
}

/**
 * Indices with nonzero coefficients of a lasso fit minimising
 * `1/(2n)·‖y − Xw − b‖² + α‖w‖₁` (coordinate descent, intercept fitted by centring).
 */
export function lassoSupport(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  alpha: number,
): number[] {
  const xm = new Float64Array(p);
  let ym = 0;
  for (let i = 0; i < n; i++) {
    ym += (y[i] as number) / n;
    for (let j = 0; j < p; j++) xm[j] = (xm[j] as number) + (X[i * p + j] as number) / n;
  }
  const Xc = new Float64Array(n * p);
  const r = new Float64Array(n);
  const norms = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    r[i] = (y[i] as number) - ym;
    for (let j = 0; j < p; j++) {
      const v = (X[i * p + j] as number) - (xm[j] as number);
      Xc[i * p + j] = v;
      norms[j] = (norms[j] as number) + v * v;
    }
  }
  const w = new Float64Array(p);
  for (let iter = 0; iter < 1000; iter++) {
    let maxDelta = 0;
    let maxW = 0;
    for (let j = 0; j < p; j++) {
      const nj = norms[j] as number;
      if (nj === 0) continue;
      const old = w[j] as number;
      let rho = 0;
      for (let i = 0; i < n; i++)
        rho += (Xc[i * p + j] as number) * ((r[i] as number) + (Xc[i * p + j] as number) * old);
      const t = Math.sign(rho) * Math.max(Math.abs(rho) - alpha * n, 0);
      const next = t / nj;
      if (next !== old) {
        for (let i = 0; i < n; i++) r[i] = (r[i] as number) - (Xc[i * p + j] as number) * (next - old);
        w[j] = next;
      }
      maxDelta = Math.max(maxDelta, Math.abs(next - old));
      maxW = Math.max(maxW, Math.abs(next));
    }
    if (maxW === 0 || maxDelta / maxW < 1e-4) break;
  }
  const out: number[] = [];
  for (let j = 0; j < p; j++) if (w[j] !== 0) out.push(j);
  return out;
}
