/**
 * One call from predictions to every classification or regression metric, plus the KFP
 * artifact metadata to write for them — what an `evaluate` pipeline component returns.
 */
import { KiteError } from '../core/index.js';
import {
  accuracy,
  confusionMatrix,
  type Label,
  matthewsCorrelation,
  precisionRecallF1,
} from './classification.js';
import {
  type ClassificationMetricsMetadata,
  type SystemMetricsMetadata,
  toClassificationMetrics,
  toSystemMetrics,
} from './kfp-metrics.js';
import { logLoss, rocAuc, rocCurve } from './probabilistic.js';
import { type RegressionMetrics, regressionMetrics } from './regression.js';

export interface ClassifierEvaluationInput {
  yTrue: readonly number[];
  /**
   * Class probabilities, one row per sample (columns in class order). Predictions are the
   * arg-max; binary tasks also get ROC AUC, log loss and the ROC curve.
   */
  probabilities: readonly (readonly number[])[];
  /** Class names, index = label; default `'0'`, `'1'`, …. */
  classes?: readonly string[];
}

export interface ClassifierEvaluation {
  /** Flat metrics: accuracy, macro/micro/weighted precision, recall, F1, MCC, and for binary tasks rocAuc, logLoss. */
  metrics: SystemMetricsMetadata;
  /** Metadata of a `system.ClassificationMetrics` artifact. */
  classification: ClassificationMetricsMetadata;
  /** Predicted class per sample. */
  predictions: number[];
}

/**
 * Evaluates a classifier's predicted probabilities.
 *
 * @example
 * ```ts
 * const ev = evaluateClassifier({ yTrue: labels, probabilities: model.predict(x), classes: ['neg', 'pos'] });
 * ev.metrics.accuracy; ev.metrics['macro.f1']; ev.classification.confusionMatrix;
 * ```
 */
export function evaluateClassifier(input: ClassifierEvaluationInput): ClassifierEvaluation {
  const { yTrue, probabilities } = input;
  const k = probabilities[0]?.length ?? 0;
  if (yTrue.length === 0 || k < 2) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      'evaluateClassifier needs samples and at least two probability columns',
    );
  }
  const classes = input.classes ?? Array.from({ length: k }, (_, i) => String(i));
  const predictions = probabilities.map((row) => row.reduce((best, p, i) => (p > row[best]! ? i : best), 0));
  const labels = classes.map((_, i) => i);
  const prf = precisionRecallF1(yTrue, predictions, { labels });
  const values: Record<string, unknown> = {
    accuracy: accuracy(yTrue, predictions),
    macro: prf.macro,
    micro: prf.micro,
    weighted: prf.weighted,
    matthewsCorrelation: matthewsCorrelation(yTrue, predictions),
  };
  const cm = confusionMatrix(yTrue, predictions, labels);
  const confusion = { labels: classes.slice() as Label[], matrix: cm.matrix };
  let roc: ReturnType<typeof rocCurve> | undefined;
  if (k === 2 && new Set(yTrue).size === 2) {
    const scores = probabilities.map((row) => row[1]!);
    values.rocAuc = rocAuc(yTrue, scores);
    values.logLoss = logLoss(yTrue, probabilities, { labels });
    roc = rocCurve(yTrue, scores);
  } else if (new Set(yTrue).size >= 2) {
    values.logLoss = logLoss(yTrue, probabilities, { labels });
  }
  return {
    metrics: toSystemMetrics(values),
    classification: toClassificationMetrics(roc ? { confusion, roc } : { confusion }),
    predictions,
  };
}

/** Regression metrics and their `system.Metrics` metadata. */
export function evaluateRegressor(
  yTrue: readonly number[],
  yPred: readonly number[],
): { metrics: SystemMetricsMetadata; values: RegressionMetrics } {
  const values = regressionMetrics(yTrue, yPred);
  return { metrics: toSystemMetrics({ ...values }), values };
}
