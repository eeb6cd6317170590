/**
 * Classification metrics from true and predicted labels, defined as scikit-learn defines
 * them (`accuracy_score`, `confusion_matrix`, `precision_recall_fscore_support`,
 * `matthews_corrcoef`) so numbers are comparable with Python results.
 */
import { KiteError } from '../core/index.js';
import { requireSameLength } from './validate.js';

/** A class label: a number (0, 1, …) or a name. */
export type Label = string | number;

export interface ConfusionMatrix {
  /** Class labels, in the order of rows and columns. */
  labels: Label[];
  /** `matrix[i][j]`: samples of true class `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
}

function checkLabels(yTrue: readonly Label[], yPred: readonly Label[]): void {
  requireSameLength(yTrue, yPred, 'classification metrics (yTrue, yPred)');
  if (yTrue.length === 0) {
    throw new KiteError('INVALID_ARGUMENT', 'classification metrics need at least one sample');
  }
}

/** The sorted set of labels seen in either array (numbers numerically, names by code point). */
export function labelsOf(...arrays: readonly (readonly Label[])[]): Label[] {
  const set = new Set<Label>();
  for (const a of arrays) for (const v of a) set.add(v);
  return [...set].sort((x, y) =>
    typeof x === 'number' && typeof y === 'number'
      ? x - y
      : String(x) < String(y)
        ? -1
        : String(x) > String(y)
          ? 1
          : 0,
  );
}

/**
 * Confusion matrix (rows: true class, columns: predicted class). Pass `labels` to fix the
 * order or include classes absent from the data; samples with other labels are ignored.
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1], [0, 1, 0]).matrix; // [[1, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  labels: readonly Label[] = labelsOf(yTrue, yPred),
): ConfusionMatrix {
  checkLabels(yTrue, yPred);
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let k = 0; k < yTrue.length; k++) {
    const i = index.get(yTrue[k]!);
    const j = index.get(yPred[k]!);
    if (i !== undefined && j !== undefined) matrix[i]![j]!++;
  }
  return { labels: labels.slice(), matrix };
}

/** Fraction of samples whose predicted label equals the true label. */
export function accuracy(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabels(yTrue, yPred);
  let hits = 0;
  for (let k = 0; k < yTrue.length; k++) if (yTrue[k] === yPred[k]) hits++;
  return hits / yTrue.length;
}

export interface ClassScores {
  label: Label;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of this class. */
  support: number;
}

export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface PrecisionRecallF1 {
  perClass: ClassScores[];
  /** Unweighted mean over classes. */
  macro: AveragedScores;
  /** From the summed counts (equals accuracy when every class is included). */
  micro: AveragedScores;
  /** Mean over classes weighted by support. */
  weighted: AveragedScores;
}

export interface PrecisionRecallOptions {
  labels?: readonly Label[];
  /** Value of a ratio whose denominator is 0 (no predictions or no samples); default 0. */
  zeroDivision?: 0 | 1;
}

/**
 * Precision, recall and F1 per class and averaged (macro, micro, weighted).
 *
 * @example
 * ```ts
 * const s = precisionRecallF1(yTrue, yPred);
 * s.macro.f1; s.perClass[0].recall;
 * ```
 */
export function precisionRecallF1(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: PrecisionRecallOptions = {},
): PrecisionRecallF1 {
  const cm = confusionMatrix(yTrue, yPred, options.labels);
  const zd = options.zeroDivision ?? 0;
  const ratio = (num: number, den: number): number => (den === 0 ? zd : num / den);
  const f1Of = (tp: number, predicted: number, actual: number): number =>
    predicted + actual === 0 ? zd : (2 * tp) / (predicted + actual);
  const k = cm.labels.length;
  let tpSum = 0;
  let predSum = 0;
  let trueSum = 0;
  const perClass = cm.labels.map((label, i) => {
    const tp = cm.matrix[i]![i]!;
    let predicted = 0;
    let support = 0;
    for (let j = 0; j < k; j++) {
      predicted += cm.matrix[j]![i]!;
      support += cm.matrix[i]![j]!;
    }
    tpSum += tp;
    predSum += predicted;
    trueSum += support;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    // F1 from counts (2tp / (2tp + fp + fn)), as scikit-learn ≥ 1.3 and without 0/0 issues.
    return { label, precision, recall, f1: f1Of(tp, predicted, support), support };
  });
  const average = (weights: number[]): AveragedScores => {
    const total = weights.reduce((s, w) => s + w, 0);
    const avg = (key: 'precision' | 'recall' | 'f1'): number =>
      total === 0 ? zd : perClass.reduce((s, c, i) => s + c[key] * weights[i]!, 0) / total;
    return { precision: avg('precision'), recall: avg('recall'), f1: avg('f1') };
  };
  return {
    perClass,
    macro: average(perClass.map(() => 1)),
    micro: {
      precision: ratio(tpSum, predSum),
      recall: ratio(tpSum, trueSum),
      f1: f1Of(tpSum, predSum, trueSum),
    },
    weighted: average(perClass.map((c) => c.support)),
  };
}

/**
 * Matthews correlation coefficient (multiclass form, Gorodkin 2004); 0 when undefined.
 * The GLUE metric for CoLA.
 */
export function matthewsCorrelation(yTrue: readonly Label[], yPred: readonly Label[]): number {
  const { matrix } = confusionMatrix(yTrue, yPred);
  const k = matrix.length;
  const t = new Array<number>(k).fill(0);
  const p = new Array<number>(k).fill(0);
  let correct = 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = matrix[i]![j]!;
      t[i]! += c;
      p[j]! += c;
      n += c;
    }
    correct += matrix[i]![i]!;
  }
  const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
  const covTP = correct * n - dot(t, p);
  const covPP = n * n - dot(p, p);
  const covTT = n * n - dot(t, t);
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}
