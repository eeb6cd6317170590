/** numpy's default (linear) percentile of the finite values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const pos = ((v.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (v[lo] as number) + ((v[hi] as number) - (v[lo] as number)) * (pos - lo);
}

/**
 * The colour range shap uses for feature values: 5th–95th percentile, else 1st–99th, else
 * min–max (when the percentiles coincide).
 */
export function colorRange(values: readonly number[]): [number, number] {
  let lo = percentile(values, 5);
  let hi = percentile(values, 95);
  if (lo === hi) {
    lo = percentile(values, 1);
    hi = percentile(values, 99);
    if (lo === hi) {
      lo = percentile(values, 0);
      hi = percentile(values, 100);
    }
  }
  return lo > hi ? [hi, lo] : [lo, hi];
}
