/**
 * Metrics as the metadata of KFP v2 metrics artifacts, in the shapes the Kubeflow Pipelines UI
 * renders (KFP SDK `dsl.Metrics` / `dsl.ClassificationMetrics`):
 * - `system.Metrics`: a flat `{name: number}` object;
 * - `system.ClassificationMetrics`: `{confusionMatrix: {annotationSpecs, rows}, confidenceMetrics}`.
 * Pure data: the executor writes it as the artifact's `metadata` in `executor_output.json`.
 */
import { KiteError } from '../core/index.js';
import type { ConfusionMatrix } from './classification.js';
import type { RocCurve } from './probabilistic.js';

/** Metadata of a `system.Metrics` artifact. */
export type SystemMetricsMetadata = Record<string, number>;

/** One point of a ROC curve, as KFP's `log_roc_data_point` writes it. */
export interface ConfidenceMetric {
  confidenceThreshold: number;
  recall: number;
  falsePositiveRate: number;
}

/** Metadata of a `system.ClassificationMetrics` artifact. */
export interface ClassificationMetricsMetadata {
  confusionMatrix?: {
    annotationSpecs: { displayName: string }[];
    rows: { row: number[] }[];
  };
  confidenceMetrics?: ConfidenceMetric[];
}

/**
 * `system.Metrics` metadata from named numbers. Nested objects are flattened with dots
 * (`{macro: {f1}}` → `macro.f1`); non-finite values are an error, since protobuf `Struct`
 * (and so KFP) cannot hold NaN or Infinity.
 *
 * @example
 * ```ts
 * toSystemMetrics({ accuracy: 0.91, macro: precisionRecallF1(y, p).macro });
 * // { accuracy: 0.91, 'macro.precision': ..., 'macro.recall': ..., 'macro.f1': ... }
 * ```
 */
export function toSystemMetrics(values: Readonly<Record<string, unknown>>): SystemMetricsMetadata {
  const out: SystemMetricsMetadata = {};
  const visit = (prefix: string, v: unknown): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        throw new KiteError(
          'INVALID_ARGUMENT',
          `metric '${prefix}' is ${v}; KFP metrics must be finite numbers`,
          {
            hint: 'leave the metric out, or report why it is undefined in a log line',
          },
        );
      }
      out[prefix] = v;
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) visit(prefix ? `${prefix}.${k}` : k, x);
    } else {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `metric '${prefix}' is not a number (got ${JSON.stringify(v)})`,
      );
    }
  };
  visit('', values);
  return out;
}

export interface ClassificationMetricsInput {
  confusion?: ConfusionMatrix;
  /** A binary classifier's ROC curve; becomes `confidenceMetrics`. */
  roc?: RocCurve;
}

/**
 * `system.ClassificationMetrics` metadata from a confusion matrix and/or a ROC curve. The
 * ROC's first threshold (Infinity: nothing predicted positive) is written as the largest
 * finite threshold + 1, as scikit-learn < 1.3 wrote it, because JSON has no Infinity.
 *
 * @example
 * ```ts
 * toClassificationMetrics({ confusion: confusionMatrix(yTrue, yPred), roc: rocCurve(yTrue, scores) });
 * ```
 */
export function toClassificationMetrics(input: ClassificationMetricsInput): ClassificationMetricsMetadata {
  const out: ClassificationMetricsMetadata = {};
  if (input.confusion) {
    const { labels, matrix } = input.confusion;
    out.confusionMatrix = {
      annotationSpecs: labels.map((l) => ({ displayName: String(l) })),
      rows: matrix.map((row) => ({ row: row.slice() })),
    };
  }
  if (input.roc) {
    const { thresholds, truePositiveRate, falsePositiveRate } = input.roc;
    const finite = thresholds.filter(Number.isFinite);
    const top = finite.length > 0 ? Math.max(...finite) + 1 : 1;
    out.confidenceMetrics = thresholds.map((t, i) => ({
      confidenceThreshold: Number.isFinite(t) ? t : top,
      recall: truePositiveRate[i]!,
      falsePositiveRate: falsePositiveRate[i]!,
    }));
  }
  return out;
}
