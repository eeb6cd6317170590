/**
 * Input checks shared by the statistics functions. A bad input is a user mistake, so it is a
 * `KiteError('INVALID_ARGUMENT')` that names the argument and says what to do.
 */
import { KiteError } from '../core/index.js';

/** Throws unless every value of `values` is a finite number; `name` is used in the message. */
export function requireFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new KiteError('INVALID_ARGUMENT', `${name}[${i}] is ${v}; statistics need finite numbers`, {
        hint: 'drop or impute missing values before testing',
      });
    }
  }
}

/** Throws unless `values` has at least `min` elements. */
export function requireLength(values: ArrayLike<unknown>, min: number, name: string): void {
  if (values.length < min) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `${name} has ${values.length} value(s); at least ${min} are needed`,
    );
  }
}

/** Throws unless `a` and `b` have the same length (paired data). */
export function requireSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `${what}: the two samples must have the same length (got ${a.length} and ${b.length})`,
      { hint: 'paired data needs one value per subject (or per fold, per seed) in each sample' },
    );
  }
}

/** Throws unless `level` is strictly between 0 and 1. */
export function requireProbability(level: number, name: string): void {
  if (!(level > 0 && level < 1)) {
    throw new KiteError('INVALID_ARGUMENT', `${name} must be between 0 and 1 (exclusive), got ${level}`);
  }
}
