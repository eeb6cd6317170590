/**
 * Descriptive statistics: sums, means and variances. Sums are pairwise, as NumPy sums, so
 * results agree with NumPy and SciPy to the last few bits.
 */

/** Sum with pairwise summation (the error grows as O(log n), like `numpy.sum`). */
export function sum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

function pairwise(values: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  if (n <= 8) {
    let s = 0;
    for (let i = start; i < end; i++) s += values[i]!;
    return s;
  }
  const mid = start + Math.floor(n / 2);
  return pairwise(values, start, mid) + pairwise(values, mid, end);
}

/** Arithmetic mean; `NaN` for an empty array. */
export function mean(values: ArrayLike<number>): number {
  return sum(values) / values.length;
}

/**
 * Variance with `ddof` delta degrees of freedom (default 1: the unbiased sample variance,
 * as `numpy.var(x, ddof=1)`). Two-pass, for accuracy.
 */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  const m = mean(values);
  const sq = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - m;
    sq[i] = d * d;
  }
  return sum(sq) / (values.length - ddof);
}

/** Standard deviation with `ddof` delta degrees of freedom (default 1). */
export function standardDeviation(values: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(values, ddof));
}

/** Element-wise `a[i] - b[i]` (same lengths assumed). */
export function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  return out;
}
