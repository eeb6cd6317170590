/**
 * Check configuration keys: the missing/valid/invalid family (shared with
 * `configurations for T`) and their value types.
 */

import { FORMATS } from './formats.js';
import type { ValidityConfig } from './model.js';
import { didYouMean } from './suggest.js';

type ListKey = 'missingValues' | 'validValues' | 'invalidValues';
type FormatKey = 'missingFormat' | 'validFormat' | 'invalidFormat';
type TextKey = 'missingRegex' | 'validRegex' | 'invalidRegex';
type IntKey = 'validLength' | 'validMinLength' | 'validMaxLength';
type NumberKey = 'validMin' | 'validMax';

/** SodaCL key → field of {@link ValidityConfig} and its value type. */
export const VALIDITY_KEYS: Readonly<
  Record<
    string,
    | readonly ['list', ListKey]
    | readonly ['format', FormatKey]
    | readonly ['text', TextKey]
    | readonly ['int', IntKey]
    | readonly ['number', NumberKey]
    | readonly ['bool', 'includeNull']
  >
> = {
  'missing values': ['list', 'missingValues'],
  'missing format': ['format', 'missingFormat'],
  'missing regex': ['text', 'missingRegex'],
  'valid values': ['list', 'validValues'],
  'valid format': ['format', 'validFormat'],
  'valid regex': ['text', 'validRegex'],
  'valid length': ['int', 'validLength'],
  'valid min length': ['int', 'validMinLength'],
  'valid max length': ['int', 'validMaxLength'],
  'valid min': ['number', 'validMin'],
  'valid max': ['number', 'validMax'],
  'invalid values': ['list', 'invalidValues'],
  'invalid format': ['format', 'invalidFormat'],
  'invalid regex': ['text', 'invalidRegex'],
  'include null': ['bool', 'includeNull'],
};

/**
 * Sets one validity key on `config`. Returns an error message when the value has the wrong
 * type or names an unknown format (the key is then ignored, as Soda does).
 */
export function setValidityKey(config: ValidityConfig, key: string, value: unknown): string | undefined {
  const spec = VALIDITY_KEYS[key];
  if (!spec) return `unknown configuration key '${key}'.`;
  const [type, field] = spec;
  switch (type) {
    case 'list': {
      const list = Array.isArray(value) ? value : undefined;
      if (!list || list.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
        return `'${key}' must be a list of strings or numbers (null is always missing; leave it out).`;
      }
      config[field] = list as (string | number)[];
      return undefined;
    }
    case 'format': {
      if (typeof value !== 'string') return `'${key}' must be a format name.`;
      if (!(value in FORMATS))
        return `Format ${value} is not supported.${didYouMean(value, Object.keys(FORMATS))}`;
      config[field] = value;
      return undefined;
    }
    case 'text':
      if (typeof value !== 'string') return `'${key}' must be a string (a regular expression).`;
      config[field] = value;
      return undefined;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `'${key}' must be an integer.`;
      config[field] = value;
      return undefined;
    case 'number':
      if (typeof value !== 'number') return `'${key}' must be a number.`;
      config[field] = value;
      return undefined;
    case 'bool':
      if (typeof value !== 'boolean') return `'${key}' must be true or false.`;
      config[field] = value;
      return undefined;
  }
}

/**
 * Merges column-level (`configurations for`) and check-level config: lists are concatenated,
 * scalars from the check win (soda-core `MissingAndValidCfg.merge`).
 */
export function mergeValidity(column: ValidityConfig | undefined, check: ValidityConfig): ValidityConfig {
  if (!column) return check;
  const out: ValidityConfig = { ...column, ...check };
  for (const k of ['missingValues', 'validValues', 'invalidValues'] as const) {
    if (column[k] && check[k]) out[k] = [...column[k], ...check[k]];
  }
  return out;
}

/** True when any valid or invalid specification is set. */
export function hasValiditySpec(c: ValidityConfig): boolean {
  return hasValidSpec(c) || hasInvalidSpec(c);
}

/** True when any `valid ...` key is set. */
export function hasValidSpec(c: ValidityConfig): boolean {
  return (
    c.validValues !== undefined ||
    c.validFormat !== undefined ||
    c.validRegex !== undefined ||
    c.validLength !== undefined ||
    c.validMinLength !== undefined ||
    c.validMaxLength !== undefined ||
    c.validMin !== undefined ||
    c.validMax !== undefined
  );
}

/** True when any `invalid ...` key is set. */
export function hasInvalidSpec(c: ValidityConfig): boolean {
  return c.invalidValues !== undefined || c.invalidFormat !== undefined || c.invalidRegex !== undefined;
}

/** True when any missing, valid or invalid key is set. */
export function hasAnyValidity(c: ValidityConfig): boolean {
  return (
    c.missingValues !== undefined ||
    c.missingFormat !== undefined ||
    c.missingRegex !== undefined ||
    hasValiditySpec(c)
  );
}
