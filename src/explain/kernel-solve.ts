/**
 * The kernel explainer's regression step (`_kernel.py::solve`): optional feature selection
 * (`l1Reg`), then weighted least squares with the efficiency constraint eliminated — the last
 * selected feature takes `Δ − Σ others` — so Σφ = link(f(x)) − link(E f) exactly.
 */
import { KiteError } from '../core/index.js';
import type { KernelPlan } from './kernel-plan.js';
import { larsActiveSet, lassoSupport } from './lars.js';
import { lassoLarsIcSupport } from './lars-ic.js';
import { pinvSolve, solve } from './linalg.js';

/**
 * shap's `l1_reg`: `'num_features(r)'` (LARS active set of size r; the default with r = 10),
 * `'aic'`/`'bic'` (LassoLarsIC on standardised columns), `'auto'` (AIC, only when under 20 % of
 * the space was evaluated), a number α (lasso), or `false`/0 (no selection).
 */
export type L1Reg = `num_features(${number})` | 'auto' | 'aic' | 'bic' | number | false;

/** Parses and checks an `l1Reg` value. */
export function checkL1Reg(l1: L1Reg): void {
  if (l1 === false || l1 === 'auto' || typeof l1 === 'number') return;
  if (l1 === 'aic' || l1 === 'bic') return;
  if (!/^num_features\(\d+\)$/.test(String(l1))) {
    throw new KiteError('INVALID_ARGUMENT', `unknown l1Reg ${JSON.stringify(l1)}`, {
      hint: "use 'num_features(r)', 'auto', a lasso alpha (number) or false",
    });
  }
}

/**
 * Solves for one output. `eyAdj` = link(E[f | coalition]) − link(fnull) per coalition and
 * `delta` = link(f(x)) − link(fnull).
 */
export function solveKernel(plan: KernelPlan, eyAdj: Float64Array, delta: number, l1: L1Reg): Float64Array {
  const { M, count: n, masks, weights } = plan;
  const phi = new Float64Array(M);
  let selected = Array.from({ length: M }, (_, i) => i);
  const select =
    (l1 !== 'auto' && l1 !== false && l1 !== 0) || (l1 === 'auto' && plan.fractionEvaluated < 0.2);
  if (select) {
    // augmented problem folding the efficiency constraint in (shap's "debiased" trick)
    const rows = 2 * n;
    const X = new Float64Array(rows * M);
    const y = new Float64Array(rows);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < M; j++) s += masks[i * M + j] as number;
      const w = weights[i] as number;
      const a = Math.sqrt(w * (M - s));
      const b = Math.sqrt(w * s);
      y[i] = (eyAdj[i] as number) * a;
      y[n + i] = ((eyAdj[i] as number) - delta) * b;
      for (let j = 0; j < M; j++) {
        const m = masks[i * M + j] as number;
        X[i * M + j] = m * a;
        X[(n + i) * M + j] = (m - 1) * b;
      }
    }
    if (typeof l1 === 'number') selected = lassoSupport(X, y, rows, M, l1);
    else if (l1 === 'auto' || l1 === 'aic' || l1 === 'bic')
      selected = lassoLarsIcSupport(X, y, rows, M, l1 === 'bic' ? 'bic' : 'aic');
    else selected = larsActiveSet(X, y, rows, M, Number(/\d+/.exec(l1)?.[0]));
    if (selected.length === 0) return phi;
  }
  const last = selected[selected.length - 1] as number;
  const rest = selected.slice(0, -1);
  const k = rest.length;
  if (k === 0) {
    phi[last] = delta;
    return phi;
  }
  // normal equations of the constrained WLS: (Xᵀ W X) w = Xᵀ W y2
  const XtWX = new Float64Array(k * k);
  const XtWy = new Float64Array(k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    const ml = masks[i * M + last] as number;
    const y2 = (eyAdj[i] as number) - ml * delta;
    for (let a = 0; a < k; a++) row[a] = (masks[i * M + (rest[a] as number)] as number) - ml;
    for (let a = 0; a < k; a++) {
      const ra = (row[a] as number) * w;
      if (ra === 0) continue;
      XtWy[a] = (XtWy[a] as number) + ra * y2;
      for (let b = a; b < k; b++) XtWX[a * k + b] = (XtWX[a * k + b] as number) + ra * (row[b] as number);
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) XtWX[a * k + b] = XtWX[b * k + a] as number;
  const w = solve(XtWX, XtWy, k) ?? pinvSolve(XtWX, XtWy, k);
  let sum = 0;
  rest.forEach((j, a) => {
    phi[j] = w[a] as number;
    sum += w[a] as number;
  });
  phi[last] = delta - sum;
  for (let j = 0; j < M; j++) if (Math.abs(phi[j] as number) < 1e-10) phi[j] = 0;
  return phi;
}
