/**
 * The masker an explainer builds when it is given data instead of a masker: numeric data →
 * {@link IndependentMasker}; data with strings or nulls → {@link ValuesMasker}.
 */
import { isDenseMatrix, type MatrixLike } from '../matrix.js';
import { IndependentMasker } from './tabular.js';
import { allNumeric, type Value, ValuesMasker } from './values.js';

/** Background data as explainers accept it. */
export type TabularData = MatrixLike | readonly (readonly Value[])[];

/** An independent masker suited to `data`. */
export function maskerFor(data: TabularData): IndependentMasker | ValuesMasker {
  if (isDenseMatrix(data) || allNumeric(data as readonly (readonly unknown[])[])) {
    return new IndependentMasker(data as MatrixLike);
  }
  return new ValuesMasker(data as readonly (readonly Value[])[]);
}
