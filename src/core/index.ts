/**
 * # core (layer 0)
 *
 * What every other module needs and nothing else: the one error family ({@link KiteError} with a
 * closed `code` union, {@link UserCodeError} for failures inside user components), validation
 * findings as data ({@link Issue}, {@link Result}), stable hashing for cache keys and digests,
 * and a tiny logger interface. No module of Kite imports anything below this one.
 */
export * from './errors.js';
export * from './hash.js';
export * from './issues.js';
export * from './log.js';
export * from './version.js';
