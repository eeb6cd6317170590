/** Normal distribution helpers shared by TPE, the GP and CMA-ES. */

/** erf, Abramowitz & Stegun 7.1.26 refined by one Newton-free correction (|error| < 1.5e-7). */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

/** Standard normal CDF. */
export function normCdf(z: number): number {
  if (z < -8) return 0;
  if (z > 8) return 1;
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** Standard normal pdf. */
export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** log(sum(exp(xs))) without overflow. */
export function logSumExp(xs: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of xs) if (x > m) m = x;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}
