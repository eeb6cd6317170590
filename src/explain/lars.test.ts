import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { larsActiveSet, lassoSupport } from './lars.js';
import { lassoPath } from './lars-ic.js';
import { pinvSolve, solve } from './linalg.js';
import { createRng } from './rng.js';

function problem(n: number, p: number, seed: number) {
  const rng = createRng(seed);
  const X = Float64Array.from({ length: n * p }, () => rng.normal());
  const beta = Array.from({ length: p }, (_, j) => (j % 2 ? 0 : j + 1));
  const y = Float64Array.from(
    { length: n },
    (_, i) => beta.reduce((s, b, j) => s + b * X[i * p + j]!, 0) + 0.1 * rng.normal(),
  );
  return { X, y };
}

function ols(X: Float64Array, y: Float64Array, n: number, p: number) {
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) {
      b[a] = b[a]! + X[i * p + a]! * y[i]!;
      for (let c = 0; c < p; c++) A[a * p + c] = A[a * p + c]! + X[i * p + a]! * X[i * p + c]!;
    }
  return solve(A, b, p)!;
}

describe('LARS and lasso', () => {
  it('the lasso path ends at least squares and keeps active correlations equal (KKT)', () => {
    const n = 60;
    const p = 6;
    const { X, y } = problem(n, p, 3);
    const path = lassoPath(X, y, n, p);
    expect(maxAbsDiff(path.coefs[path.coefs.length - 1]!, ols(X, y, n, p))).toBeLessThan(1e-8);
    for (const [k, beta] of path.coefs.entries()) {
      const r = y.map((v, i) => v - beta.reduce((s, b, j) => s + b * X[i * p + j]!, 0));
      const corr = Array.from({ length: p }, (_, j) => r.reduce((s, v, i) => s + v * X[i * p + j]!, 0) / n);
      const active = Array.from(beta.keys()).filter((j) => beta[j] !== 0);
      const alpha = Math.max(...corr.map(Math.abs));
      for (const j of active) expect(Math.abs(Math.abs(corr[j]!) - alpha)).toBeLessThan(1e-8);
      if (k > 0) expect(path.alphas[k]! <= path.alphas[k - 1]! + 1e-12).toBe(true);
    }
  });

  it('LAR activates the strongest features first; lasso with a large alpha selects nothing', () => {
    const { X, y } = problem(80, 6, 4);
    const first = larsActiveSet(X, y, 80, 6, 3);
    expect(first).toHaveLength(3);
    expect(first[0]).toBe(4);
    expect(lassoSupport(X, y, 80, 6, 1e6)).toEqual([]);
    expect(lassoSupport(X, y, 80, 6, 0.01)).toEqual(expect.arrayContaining([0, 2, 4]));
    expect(lassoSupport(X, y, 80, 6, 1.5)).toEqual([2, 4]);
  });

  it('singular normal equations fall back to the minimum-norm solution', () => {
    const S = Float64Array.of(1, 1, 1, 1);
    expect(solve(S, Float64Array.of(2, 2), 2)).toBeUndefined();
    expect(maxAbsDiff(pinvSolve(S, Float64Array.of(2, 2), 2), [1, 1])).toBeLessThan(1e-12);
  });
});
