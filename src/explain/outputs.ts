/**
 * Choosing which model outputs to explain (shap's `outputs=` argument, e.g.
 * `Explanation.argsort.flip[:4]` = the top 4 classes). Explaining a few outputs of a 1000-class
 * image model keeps the result small (M × k values instead of M × 1000) and costs the same
 * model calls.
 */
import { KiteError } from '../core/index.js';

/** Fixed output indices, or the top `k` outputs of each row by f(x). */
export type OutputSelection = readonly number[] | { top: number; order?: 'max' | 'min' | 'maxAbs' };

/** The output indices to explain for a row whose full outputs are `fx`. */
export function selectOutputs(fx: Float64Array, selection: OutputSelection): number[] {
  const K = fx.length;
  if (Array.isArray(selection)) {
    for (const k of selection) {
      if (!Number.isInteger(k) || k < 0 || k >= K) {
        throw new KiteError('INVALID_ARGUMENT', `outputs: ${k} is not an output index (the model has ${K})`);
      }
    }
    return [...selection];
  }
  const { top, order = 'max' } = selection as { top: number; order?: 'max' | 'min' | 'maxAbs' };
  if (!Number.isInteger(top) || top < 1)
    throw new KiteError('INVALID_ARGUMENT', `outputs.top must be a positive integer, got ${top}`);
  const key = (k: number) => {
    const v = fx[k] as number;
    return order === 'max' ? -v : order === 'min' ? v : -Math.abs(v);
  };
  return Array.from({ length: K }, (_, k) => k)
    .sort((a, b) => key(a) - key(b) || a - b)
    .slice(0, Math.min(top, K));
}
