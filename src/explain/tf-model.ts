/**
 * A TensorFlow.js LayersModel as a Kite {@link Model}: batches (rows of numbers or a
 * {@link DenseMatrix}) are reshaped to the model's input shape, run with `predict`, and
 * returned as a flat Float32Array (one number per row for one output, else rows × outputs).
 * TensorFlow.js is imported lazily, so the explain module does not load it unless used.
 */
import { KiteError } from '../core/index.js';
import { type DenseMatrix, isDenseMatrix, toDense } from './matrix.js';
import type { Model } from './model.js';

/** The parts of a LayersModel this adapter uses. */
export interface TfPredictor {
  predict(input: unknown): unknown;
  inputs?: readonly { shape: readonly (number | null)[] }[];
}

/** True when `value` has a `predict` method and input shapes, like a LayersModel. */
export function isTfPredictor(value: unknown): value is TfPredictor {
  return typeof (value as TfPredictor | null)?.predict === 'function';
}

/**
 * Wraps a LayersModel as a model function for the mask-based explainers.
 *
 * @example
 * ```ts
 * const e = await new PermutationExplainer(tfModelFunction(model), background).explain(rows);
 * ```
 */
export function tfModelFunction(model: TfPredictor): Model<number[][] | DenseMatrix> {
  if (!isTfPredictor(model))
    throw new KiteError('INVALID_ARGUMENT', 'expected a TensorFlow.js model with predict()');
  return async (batch) => {
    const tf = await import('@tensorflow/tfjs');
    const m = isDenseMatrix(batch) ? batch : toDense(batch, 'batch');
    const inner = (model.inputs?.[0]?.shape ?? [null, m.cols]).slice(1).map((d) => d ?? m.cols);
    const size = inner.reduce((p, d) => p * d, 1);
    if (size !== m.cols) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `the model takes inputs of shape [${inner.join(', ')}] (${size} numbers); the batch has ${m.cols} per row`,
      );
    }
    const input = tf.tensor(Float32Array.from(m.data), [m.rows, ...inner]);
    const y = model.predict(input) as { dataSync(): Float32Array; dispose(): void } | unknown[];
    input.dispose();
    if (Array.isArray(y)) throw new KiteError('UNSUPPORTED', 'models with several outputs are not supported');
    const out = Float32Array.from(y.dataSync());
    y.dispose();
    return out;
  };
}
