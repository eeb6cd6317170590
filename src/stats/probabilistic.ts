/**
 * Metrics of predicted scores and probabilities: ROC curve, ROC AUC and log loss, defined as
 * scikit-learn defines them (`roc_curve`, `roc_auc_score`, `log_loss`).
 */
import { KiteError } from '../core/index.js';
import { type Label, labelsOf } from './classification.js';
import { requireFinite, requireSameLength } from './validate.js';

export interface RocCurve {
  /** False positive rate at each threshold, ascending from 0 to 1. */
  falsePositiveRate: number[];
  /** True positive rate (recall) at each threshold. */
  truePositiveRate: number[];
  /** Score thresholds, descending; the first is `Infinity` (nothing predicted positive). */
  thresholds: number[];
}

export interface RocOptions {
  /** The positive class; default 1. */
  positiveLabel?: Label;
  /** Drop thresholds that lie on a straight segment of the curve (default true, as scikit-learn). */
  dropIntermediate?: boolean;
}

function binaryTargets(yTrue: readonly Label[], scores: readonly number[], positive: Label): number[] {
  requireSameLength(yTrue, scores, 'ROC (yTrue, scores)');
  requireFinite(scores, 'scores');
  const y = yTrue.map((v) => (v === positive ? 1 : 0));
  const positives = y.reduce<number>((s, v) => s + v, 0);
  if (positives === 0 || positives === y.length) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `ROC needs both classes in yTrue; found only ${positives === 0 ? 'negatives' : 'positives'} (positive label: ${String(positive)})`,
      { hint: 'evaluate on a set that holds both classes, or set positiveLabel' },
    );
  }
  return y;
}

/**
 * ROC curve of a binary classifier's scores (higher score = more likely positive).
 *
 * @example
 * ```ts
 * const { falsePositiveRate, truePositiveRate } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * ```
 */
export function rocCurve(
  yTrue: readonly Label[],
  scores: readonly number[],
  options: RocOptions = {},
): RocCurve {
  const y = binaryTargets(yTrue, scores, options.positiveLabel ?? 1);
  const order = scores.map((_, i) => i).sort((i, j) => scores[j]! - scores[i]! || i - j);
  let tps: number[] = [];
  let fps: number[] = [];
  let thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    tp += y[order[k]!]!;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[order[k]!]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(scores[order[k]!]!);
    }
  }
  if ((options.dropIntermediate ?? true) && tps.length > 2) {
    const keep = tps.map(
      (_, i) =>
        i === 0 ||
        i === tps.length - 1 ||
        fps[i - 1]! - 2 * fps[i]! + fps[i + 1]! !== 0 ||
        tps[i - 1]! - 2 * tps[i]! + tps[i + 1]! !== 0,
    );
    tps = tps.filter((_, i) => keep[i]);
    fps = fps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const totalP = tps[tps.length - 1]!;
  const totalN = fps[fps.length - 1]!;
  return {
    falsePositiveRate: [0, ...fps.map((v) => v / totalN)],
    truePositiveRate: [0, ...tps.map((v) => v / totalP)],
    thresholds: [Number.POSITIVE_INFINITY, ...thresholds],
  };
}

/** Area under the ROC curve of a binary classifier (trapezoids over {@link rocCurve}). */
export function rocAuc(yTrue: readonly Label[], scores: readonly number[], options: RocOptions = {}): number {
  const { falsePositiveRate: x, truePositiveRate: y } = rocCurve(yTrue, scores, options);
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

export interface LogLossOptions {
  /** Class order of the probability columns (default: the sorted labels of `yTrue`). */
  labels?: readonly Label[];
  /** Probabilities are clipped to [eps, 1 - eps]; default `Number.EPSILON` (as scikit-learn). */
  eps?: number;
}

/**
 * Mean cross-entropy (natural log). `probabilities` is either one number per sample (the
 * probability of the greater of two labels: binary) or one row of class probabilities per
 * sample, columns in label order. Rows are renormalised to sum to 1 after clipping.
 *
 * @example
 * ```ts
 * logLoss([0, 1, 1], [0.1, 0.8, 0.6]); // 0.2797...
 * ```
 */
export function logLoss(
  yTrue: readonly Label[],
  probabilities: readonly number[] | readonly (readonly number[])[],
  options: LogLossOptions = {},
): number {
  requireSameLength(yTrue, probabilities, 'logLoss (yTrue, probabilities)');
  const labels = options.labels ? options.labels.slice() : labelsOf(yTrue);
  if (labels.length < 2) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `logLoss needs at least two classes; yTrue holds only ${String(labels[0])}`,
      {
        hint: 'pass options.labels with every class',
      },
    );
  }
  const eps = options.eps ?? Number.EPSILON;
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);
  const index = new Map(labels.map((l, i) => [l, i]));
  let total = 0;
  for (let k = 0; k < yTrue.length; k++) {
    const raw = probabilities[k]!;
    const row = typeof raw === 'number' ? [1 - clip(raw), clip(raw)] : raw.map(clip);
    if (row.length !== labels.length) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `logLoss: probabilities[${k}] has ${row.length} columns but there are ${labels.length} classes`,
        { hint: 'pass options.labels in the column order of the probabilities' },
      );
    }
    requireFinite(row, `probabilities[${k}]`);
    const cls = index.get(yTrue[k]!);
    if (cls === undefined) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `logLoss: yTrue[${k}] = ${String(yTrue[k])} is not among the labels`,
      );
    }
    const rowSum = row.reduce((s, v) => s + v, 0);
    total -= Math.log(row[cls]! / rowSum);
  }
  return total / yTrue.length;
}
