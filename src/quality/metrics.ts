/**
 * The built-in numeric metrics and what they need.
 */

/** Metrics computed in the per-dataset aggregation query from one column (or none). */
export const AGGREGATE_METRICS = [
  'row_count',
  'missing_count',
  'invalid_count',
  'valid_count',
  'min',
  'max',
  'avg',
  'sum',
  'min_length',
  'max_length',
  'avg_length',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'percentile',
  'percentile_disc',
] as const;

/** Metrics derived as `round(count * 100 / row_count, 2)`. */
export const PERCENT_METRICS: Readonly<Record<string, string>> = {
  missing_percent: 'missing_count',
  invalid_percent: 'invalid_count',
  valid_percent: 'valid_count',
  duplicate_percent: 'duplicate_count',
};

/** Every built-in metric name (user-defined metrics need `<name> expression:` or `query:`). */
export const BUILTIN_METRICS: readonly string[] = [
  ...AGGREGATE_METRICS,
  ...Object.keys(PERCENT_METRICS),
  'duplicate_count',
  'freshness',
];

/** How many arguments a built-in metric takes: [min, max]. */
export function metricArity(metric: string): readonly [number, number] {
  if (metric === 'row_count') return [0, 0];
  if (metric === 'duplicate_count' || metric === 'duplicate_percent') return [1, 32];
  if (metric === 'percentile' || metric === 'percentile_disc') return [2, 2];
  if (metric === 'freshness') return [1, 2];
  return [1, 1];
}
