/**
 * # stats (layer 1): metrics and statistics for honest model comparisons
 *
 * Pure numerics, no I/O; imports only `core`. Everything is checked against SciPy 1.10 and
 * scikit-learn 1.2 (Debian 12) to 1e-10 on a committed table of cases
 * (`fixtures/reference-cases.json`, made by `scripts/stats-reference.py`;
 * `npx tsx bench/stats/agreement.ts` prints the agreement per function).
 *
 * - Metrics (scikit-learn definitions): {@link accuracy}, {@link confusionMatrix},
 *   {@link precisionRecallF1} (per class, macro, micro, weighted), {@link matthewsCorrelation},
 *   {@link rocCurve}, {@link rocAuc}, {@link logLoss}; regression {@link regressionMetrics}
 *   (MSE, RMSE, MAE, R²).
 * - Tests (SciPy definitions): {@link pairedTTest}, {@link welchTTest}, {@link pooledTTest},
 *   {@link oneSampleTTest} with confidence intervals; {@link wilcoxonSignedRank}; seeded
 *   {@link bootstrap} intervals (percentile, basic, BCa); effect sizes {@link cohensD},
 *   {@link cohensDz}; {@link holm} correction; {@link mannWhitneyU}; for model comparisons
 *   {@link mcnemar} (paired predictions) and {@link correctedResampledTTest} (cross-validation
 *   scores, Nadeau & Bengio).
 * - KFP artifacts: {@link evaluateClassifier} / {@link evaluateRegressor} compute everything at
 *   once; {@link toSystemMetrics} and {@link toClassificationMetrics} give the metadata
 *   of `system.Metrics` / `system.ClassificationMetrics` outputs.
 * - Randomness is explicit: {@link createRng}(seed) (xoshiro128**) drives the bootstrap and is
 *   what `models` uses for shuffles and splits.
 *
 * Distributions come from `@stdlib` (Student t CDF and quantile, normal CDF, erfcinv), wrapped
 * in {@link ContinuousDistribution} so the tests never call a library directly.
 *
 * Known differences from SciPy, on purpose: SciPy 1.10's `t.ppf` is a root search accurate to
 * only ~5e-9, so the table refines it (see the script) and Kite's quantile is exact; Wilcoxon
 * `'auto'` uses the normal approximation when there are ties (SciPy 1.10 truncates tied rank
 * sums and uses the exact distribution, which is wrong; SciPy ≥ 1.13 does as Kite does).
 *
 * Left to do: multiclass ROC AUC (one-vs-rest), sample weights, Friedman/Nemenyi for many
 * models over many datasets, confidence intervals for Wilcoxon (Hodges–Lehmann).
 */
export * from './bootstrap.js';
export * from './classification.js';
export * from './descriptive.js';
export * from './distributions.js';
export * from './effect-size.js';
export * from './evaluate.js';
export * from './kfp-metrics.js';
export * from './mann-whitney.js';
export * from './model-comparison.js';
export * from './multiple-testing.js';
export * from './probabilistic.js';
export * from './random.js';
export * from './rank.js';
export * from './regression.js';
export * from './t-test.js';
export * from './wilcoxon.js';
