/**
 * KFP list filters (`v2beta1Filter`): predicates ANDed together, sent as JSON in the `filter`
 * query parameter with snake_case value fields.
 *
 * @example
 * ```ts
 * runs.list({ filter: filter(eq('display_name', 'nightly'), substring('description', 'kite')) });
 * ```
 */
import type { Filter, Predicate, PredicateOperation } from './types.js';

/** A filter of all the predicates. */
export function filter(...predicates: Predicate[]): Filter {
  return { predicates };
}

function scalar(operation: PredicateOperation, key: string, value: string | number | Date): Predicate {
  if (value instanceof Date) return { operation, key, timestamp_value: value.toISOString() };
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31
      ? { operation, key, int_value: value }
      : { operation, key, long_value: String(Math.trunc(value)) };
  }
  return { operation, key, string_value: value };
}

/** `key == value`. */
export const eq = (key: string, value: string | number | Date): Predicate => scalar('EQUALS', key, value);
/** `key != value`. */
export const ne = (key: string, value: string | number | Date): Predicate => scalar('NOT_EQUALS', key, value);
/** `key > value`. */
export const gt = (key: string, value: string | number | Date): Predicate =>
  scalar('GREATER_THAN', key, value);
/** `key >= value`. */
export const gte = (key: string, value: string | number | Date): Predicate =>
  scalar('GREATER_THAN_EQUALS', key, value);
/** `key < value`. */
export const lt = (key: string, value: string | number | Date): Predicate => scalar('LESS_THAN', key, value);
/** `key <= value`. */
export const lte = (key: string, value: string | number | Date): Predicate =>
  scalar('LESS_THAN_EQUALS', key, value);
/** `value` is a substring of `key`. */
export const substring = (key: string, value: string): Predicate => ({
  operation: 'IS_SUBSTRING',
  key,
  string_value: value,
});
/** `key` is one of `values`. */
export const isIn = (key: string, values: string[]): Predicate => ({
  operation: 'IN',
  key,
  string_values: { values },
});
