/**
 * The distributions the tests need, from `@stdlib` (ports of Boost/Cephes special functions,
 * accurate to a few ulps), behind a small interface so a test never calls a library directly.
 */
import erfcinv from '@stdlib/math-base-special-erfcinv';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** A continuous distribution: CDF, survival function and quantile (inverse CDF). */
export interface ContinuousDistribution {
  cdf(x: number): number;
  /** `1 - cdf(x)`, computed without cancellation. */
  sf(x: number): number;
  quantile(p: number): number;
}

/** The standard normal distribution. */
export const standardNormal: ContinuousDistribution = {
  cdf: (x) => normalCdf(x, 0, 1),
  sf: (x) => normalCdf(-x, 0, 1),
  // Through erfcinv of the smaller tail: `@stdlib`'s normal quantile goes through erfinv(2p - 1),
  // which loses digits in the tails (8 correct digits at p = 1e-10).
  quantile: (p) => {
    if (!(p >= 0 && p <= 1)) return Number.NaN;
    return p < 0.5 ? -Math.SQRT2 * erfcinv(2 * p) : Math.SQRT2 * erfcinv(2 * (1 - p));
  },
};

/**
 * Student's t distribution with `df` degrees of freedom (`df` may be fractional, as in
 * Welch's test).
 *
 * @example
 * ```ts
 * studentT(9).quantile(0.975); // 2.262157...
 * ```
 */
export function studentT(df: number): ContinuousDistribution {
  return {
    cdf: (x) => tCdf(x, df),
    // The t distribution is symmetric, so sf(x) = cdf(-x) keeps the small tail accurate.
    sf: (x) => tCdf(-x, df),
    quantile: (p) => tQuantile(p, df),
  };
}
