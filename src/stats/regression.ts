/**
 * Regression metrics, as scikit-learn defines them (`mean_squared_error`,
 * `mean_absolute_error`, `r2_score`).
 */
import { KiteError } from '../core/index.js';
import { mean, sum } from './descriptive.js';
import { requireFinite, requireSameLength } from './validate.js';

function check(yTrue: readonly number[], yPred: readonly number[]): void {
  requireSameLength(yTrue, yPred, 'regression metrics (yTrue, yPred)');
  if (yTrue.length === 0)
    throw new KiteError('INVALID_ARGUMENT', 'regression metrics need at least one sample');
  requireFinite(yTrue, 'yTrue');
  requireFinite(yPred, 'yPred');
}

/** Mean squared error. */
export function meanSquaredError(yTrue: readonly number[], yPred: readonly number[]): number {
  check(yTrue, yPred);
  return mean(yTrue.map((v, i) => (v - yPred[i]!) ** 2));
}

/** Root mean squared error (in the units of the target). */
export function rootMeanSquaredError(yTrue: readonly number[], yPred: readonly number[]): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: readonly number[], yPred: readonly number[]): number {
  check(yTrue, yPred);
  return mean(yTrue.map((v, i) => Math.abs(v - yPred[i]!)));
}

/**
 * Coefficient of determination R² = 1 − SS_res / SS_tot. A constant `yTrue` gives 1 for a
 * perfect prediction and 0 otherwise (scikit-learn's `force_finite`).
 *
 * @example
 * ```ts
 * r2Score([1, 2, 3], [1, 2, 4]); // 0.5
 * ```
 */
export function r2Score(yTrue: readonly number[], yPred: readonly number[]): number {
  check(yTrue, yPred);
  const m = mean(yTrue);
  const ssRes = sum(yTrue.map((v, i) => (v - yPred[i]!) ** 2));
  const ssTot = sum(yTrue.map((v) => (v - m) ** 2));
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
}

/** All regression metrics at once. */
export function regressionMetrics(yTrue: readonly number[], yPred: readonly number[]): RegressionMetrics {
  const mse = meanSquaredError(yTrue, yPred);
  return { mse, rmse: Math.sqrt(mse), mae: meanAbsoluteError(yTrue, yPred), r2: r2Score(yTrue, yPred) };
}
