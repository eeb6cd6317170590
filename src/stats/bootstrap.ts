/**
 * Seeded bootstrap confidence intervals (percentile, basic and BCa), following SciPy's
 * `scipy.stats.bootstrap`: the same interval formulas, so given the same bootstrap
 * distribution the intervals agree with SciPy's. The resamples themselves come from Kite's
 * own seeded generator ({@link createRng}), so they differ from NumPy's.
 */
import { KiteError } from '../core/index.js';
import { mean, standardDeviation } from './descriptive.js';
import { standardNormal } from './distributions.js';
import { createRng, type Rng } from './random.js';
import type { ConfidenceInterval } from './t-test.js';
import { requireFinite, requireLength, requireProbability } from './validate.js';

export type BootstrapMethod = 'percentile' | 'basic' | 'bca';

/** A statistic of one or more samples, e.g. `([x]) => mean(x)` or `([a, b]) => mean(a) - mean(b)`. */
export type Statistic = (samples: readonly (readonly number[])[]) => number;

export interface BootstrapOptions {
  /** Seed of the resampling; the same seed gives the same interval. Required: no hidden randomness. */
  seed: number;
  /** Default 9999 (as SciPy). */
  nResamples?: number;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** Default `'bca'` (as SciPy). */
  method?: BootstrapMethod;
  /**
   * Resample the same indices in every sample (paired data: same subjects in each sample);
   * default false (each sample resampled on its own).
   */
  paired?: boolean;
}

export interface BootstrapResult {
  /** The statistic on the original data. */
  estimate: number;
  confidenceInterval: ConfidenceInterval;
  /** Standard deviation (ddof 1) of the bootstrap distribution. */
  standardError: number;
  /** The statistic on each resample. */
  distribution: Float64Array;
  method: BootstrapMethod;
}

/**
 * Bootstrap confidence interval of `statistic` over `samples`.
 *
 * @example
 * ```ts
 * const r = bootstrap([accuracies], ([x]) => mean(x), { seed: 7, nResamples: 2000 });
 * r.confidenceInterval; // { low, high, level: 0.95 }
 * ```
 */
export function bootstrap(
  samples: readonly (readonly number[])[],
  statistic: Statistic,
  options: BootstrapOptions,
): BootstrapResult {
  const nResamples = options.nResamples ?? 9999;
  const level = options.confidenceLevel ?? 0.95;
  const method = options.method ?? 'bca';
  requireProbability(level, 'confidenceLevel');
  requireLength(samples, 1, 'samples');
  if (!Number.isInteger(nResamples) || nResamples < 2) {
    throw new KiteError('INVALID_ARGUMENT', `nResamples must be an integer ≥ 2, got ${nResamples}`);
  }
  samples.forEach((s, i) => {
    requireLength(s, 2, `samples[${i}]`);
    requireFinite(s, `samples[${i}]`);
  });
  if (options.paired && samples.some((s) => s.length !== samples[0]!.length)) {
    throw new KiteError('INVALID_ARGUMENT', 'bootstrap: paired samples must all have the same length');
  }
  const rng = createRng(options.seed);
  const distribution = new Float64Array(nResamples);
  for (let b = 0; b < nResamples; b++) {
    distribution[b] = statistic(resample(samples, rng, options.paired ?? false));
  }
  const estimate = statistic(samples);
  const jackknife = method === 'bca' ? jackknifeValues(samples, statistic, options.paired ?? false) : [];
  return {
    estimate,
    confidenceInterval: bootstrapInterval(distribution, estimate, { level, method, jackknife }),
    standardError: standardDeviation(distribution),
    distribution,
    method,
  };
}

function resample(samples: readonly (readonly number[])[], rng: Rng, paired: boolean): number[][] {
  if (paired) {
    const n = samples[0]!.length;
    const idx = Array.from({ length: n }, () => rng.int(n));
    return samples.map((s) => idx.map((i) => s[i]!));
  }
  return samples.map((s) => Array.from({ length: s.length }, () => s[rng.int(s.length)]!));
}

/**
 * Leave-one-out values of the statistic, one array per resampled unit group: per sample for
 * independent samples, one array for paired samples (an observation is left out of all).
 */
export function jackknifeValues(
  samples: readonly (readonly number[])[],
  statistic: Statistic,
  paired: boolean,
): number[][] {
  const without = (s: readonly number[], i: number): number[] => s.filter((_, k) => k !== i);
  if (paired) {
    const n = samples[0]!.length;
    return [Array.from({ length: n }, (_, i) => statistic(samples.map((s) => without(s, i))))];
  }
  return samples.map((s, j) =>
    s.map((_, i) => statistic(samples.map((other, k) => (k === j ? without(other, i) : other)))),
  );
}

export interface IntervalOptions {
  level: number;
  method: BootstrapMethod;
  /** Jackknife values (see {@link jackknifeValues}); needed for `'bca'`. */
  jackknife?: readonly (readonly number[])[];
}

/**
 * The confidence interval from a bootstrap distribution, by SciPy's formulas (exported so it
 * can be checked against SciPy on the same distribution).
 */
export function bootstrapInterval(
  distribution: ArrayLike<number>,
  estimate: number,
  options: IntervalOptions,
): ConfidenceInterval {
  const alpha = (1 - options.level) / 2;
  const sorted = Float64Array.from(distribution).sort();
  let [a1, a2] = [alpha, 1 - alpha];
  if (options.method === 'bca') {
    [a1, a2] = bcaLevels(sorted, estimate, options.jackknife ?? [], alpha);
  }
  let low = percentile(sorted, a1 * 100);
  let high = percentile(sorted, a2 * 100);
  if (options.method === 'basic') [low, high] = [2 * estimate - high, 2 * estimate - low];
  return { low, high, level: options.level };
}

function bcaLevels(
  sorted: Float64Array,
  estimate: number,
  jackknife: readonly (readonly number[])[],
  alpha: number,
): [number, number] {
  if (jackknife.length === 0) {
    throw new KiteError('INVALID_ARGUMENT', "bootstrapInterval: method 'bca' needs the jackknife values");
  }
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < estimate) below++;
    if (v <= estimate) atOrBelow++;
  }
  const z0 = standardNormal.quantile((below + atOrBelow) / (2 * sorted.length));
  let num = 0;
  let den = 0;
  for (const values of jackknife) {
    const n = values.length;
    const m = mean(values);
    let s3 = 0;
    let s2 = 0;
    for (const v of values) {
      const u = (n - 1) * (m - v);
      s3 += u ** 3;
      s2 += u ** 2;
    }
    num += s3 / n ** 3;
    den += s2 / n ** 2;
  }
  const aHat = ((1 / 6) * num) / den ** 1.5;
  const level = (z: number): number => {
    const t = z0 + z;
    return standardNormal.cdf(z0 + t / (1 - aHat * t));
  };
  const zAlpha = standardNormal.quantile(alpha);
  return [level(zAlpha), level(-zAlpha)];
}

/** `numpy.percentile(sorted, q)` with linear interpolation; `sorted` must be ascending. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (Number.isNaN(q)) {
    throw new KiteError(
      'INVALID_DATA',
      'the BCa interval cannot be computed: the bootstrap distribution is degenerate',
      {
        hint: "use method 'percentile', or a statistic that varies between resamples",
      },
    );
  }
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = pos - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // NumPy's lerp: from the nearer end, so the result is exact at t = 0 and t = 1.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}
