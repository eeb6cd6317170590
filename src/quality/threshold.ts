/**
 * SodaCL thresholds: the inline grammar (`< 5`, `between (1 and 10]`, `not between ...`) and the
 * `warn: when ...` / `fail: when ...` conditions, turned into Soda's zone model
 * (`ThresholdCfg` in soda-core `threshold_cfg.py`: gt/gte/lt/lte plus a split-zone flag).
 */

/** A threshold operand before variables are resolved. */
export type ThresholdValue =
  | { kind: 'number'; value: number }
  | { kind: 'duration'; ms: number; text: string }
  | { kind: 'variable'; name: string };

/** A SodaCL comparator (`<>` is read as `!=`). */
export type Comparator = '<' | '<=' | '=' | '>=' | '>' | '!=';

/** One parsed threshold, as written. */
export type Threshold =
  | { kind: 'compare'; op: Comparator; value: ThresholdValue }
  | {
      kind: 'between';
      negated: boolean;
      lower: ThresholdValue;
      lowerInclusive: boolean;
      upper: ThresholdValue;
      upperInclusive: boolean;
    };

/**
 * A zone of values, Soda style. Not split: the value satisfies every bound. Split: the value
 * is below `lt`/`lte` or above `gt`/`gte` (e.g. the fail zone of `= 0` is `{gt: 0, lt: 0}`).
 */
export interface Zone {
  greaterThan?: number;
  greaterThanOrEqual?: number;
  lessThan?: number;
  lessThanOrEqual?: number;
  split: boolean;
}

const DURATION = /^(\d+[dhm])+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)( ?%)?$/;
const VARIABLE = /^\$\{ *([A-Za-z_][A-Za-z0-9_]*) *\}$/;

/** Parses `1d2h30m` into milliseconds, or undefined. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+)([dhm])/g)) {
    const n = Number(m[1]);
    ms += n * (m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000);
  }
  return ms;
}

/** Parses one operand: a signed number (a trailing `%` is decoration), a duration or `${VAR}`. */
export function parseThresholdValue(text: string): ThresholdValue | undefined {
  if (NUMBER.test(text)) return { kind: 'number', value: Number.parseFloat(text.replace(/ ?%$/, '')) };
  const ms = parseDuration(text);
  if (ms !== undefined) return { kind: 'duration', ms, text };
  const v = VARIABLE.exec(text);
  if (v) return { kind: 'variable', name: v[1]! };
  return undefined;
}

const COMPARE = /^(<=|>=|!=|<>|<|>|=) (.+)$/;
const BETWEEN = /^(not )?between ([[(]?)(\S+(?: %)?) and (\S+?(?: %)?)([\])]?)$/;

/**
 * Parses a threshold (`> 0`, `between 10 and 15]`, `not between (9 and 15]`).
 * Whitespace is significant as in SodaCL: single spaces between tokens.
 *
 * @example
 * ```ts
 * parseThreshold('between (10 and 15'); // {kind:'between', lowerInclusive:false, upperInclusive:true, ...}
 * ```
 */
export function parseThreshold(text: string): Threshold | undefined {
  const c = COMPARE.exec(text);
  if (c) {
    const value = parseThresholdValue(c[2]!);
    if (!value) return undefined;
    const op = (c[1] === '<>' ? '!=' : c[1]) as Comparator;
    return { kind: 'compare', op, value };
  }
  const b = BETWEEN.exec(text);
  if (b) {
    const lower = parseThresholdValue(b[3]!);
    const upper = parseThresholdValue(b[4]!);
    if (!lower || !upper) return undefined;
    return {
      kind: 'between',
      negated: b[1] !== undefined,
      lower,
      lowerInclusive: b[2] !== '(',
      upper,
      upperInclusive: b[5] !== ')',
    };
  }
  return undefined;
}

/** Parses a `warn:`/`fail:` configuration value: `when <threshold>`. */
export function parseWhen(text: string): Threshold | undefined {
  if (!text.startsWith('when ')) return undefined;
  return parseThreshold(text.slice(5));
}

/** A threshold with every operand a number (durations in milliseconds). */
export type ResolvedThreshold =
  | { kind: 'compare'; op: Comparator; value: number }
  | {
      kind: 'between';
      negated: boolean;
      lower: number;
      lowerInclusive: boolean;
      upper: number;
      upperInclusive: boolean;
    };

/**
 * Resolves `${VAR}` operands with `lookup`; a variable value that looks like a duration
 * (`1d`, `6h30m`) becomes milliseconds, anything else must be a number.
 * Returns an error message instead when an operand cannot be resolved.
 */
export function resolveThreshold(
  t: Threshold,
  lookup: (name: string) => string | undefined,
): ResolvedThreshold | string {
  const one = (v: ThresholdValue): number | string => {
    if (v.kind === 'number') return v.value;
    if (v.kind === 'duration') return v.ms;
    const raw = lookup(v.name);
    if (raw === undefined) return `variable not found: \${${v.name}}`;
    const ms = parseDuration(raw.trim());
    if (ms !== undefined) return ms;
    const n = Number(raw.trim());
    if (raw.trim() === '' || Number.isNaN(n)) return `variable \${${v.name}} = '${raw}' is not a number`;
    return n;
  };
  if (t.kind === 'compare') {
    const value = one(t.value);
    return typeof value === 'string' ? value : { kind: 'compare', op: t.op, value };
  }
  const lower = one(t.lower);
  const upper = one(t.upper);
  if (typeof lower === 'string') return lower;
  if (typeof upper === 'string') return upper;
  if (lower > upper) return `between ${lower} and ${upper}: the lower bound is above the upper bound`;
  return { ...t, lower, upper };
}

/** The zone of values for which condition `t` holds (used for `warn:`/`fail:` `when` values). */
export function conditionZone(t: ResolvedThreshold): Zone {
  if (t.kind === 'compare') {
    const v = t.value;
    switch (t.op) {
      case '<':
        return { lessThan: v, split: false };
      case '<=':
        return { lessThanOrEqual: v, split: false };
      case '>':
        return { greaterThan: v, split: false };
      case '>=':
        return { greaterThanOrEqual: v, split: false };
      case '=':
        return { greaterThanOrEqual: v, lessThanOrEqual: v, split: false };
      case '!=':
        return { lessThan: v, greaterThan: v, split: true };
    }
  }
  if (!t.negated) {
    return {
      ...(t.lowerInclusive ? { greaterThanOrEqual: t.lower } : { greaterThan: t.lower }),
      ...(t.upperInclusive ? { lessThanOrEqual: t.upper } : { lessThan: t.upper }),
      split: false,
    };
  }
  return {
    ...(t.lowerInclusive ? { lessThan: t.lower } : { lessThanOrEqual: t.lower }),
    ...(t.upperInclusive ? { greaterThan: t.upper } : { greaterThanOrEqual: t.upper }),
    split: true,
  };
}

const NEGATED: Record<Comparator, Comparator> = {
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  '=': '!=',
  '!=': '=',
};

/** The fail zone of an inline threshold, which states the PASS condition. */
export function inverseZone(t: ResolvedThreshold): Zone {
  if (t.kind === 'compare') return conditionZone({ ...t, op: NEGATED[t.op] });
  return conditionZone({ ...t, negated: !t.negated });
}

/** True when `value` lies in `zone`. */
export function zoneContains(zone: Zone, value: number): boolean {
  const { greaterThan: gt, greaterThanOrEqual: gte, lessThan: lt, lessThanOrEqual: lte } = zone;
  if (zone.split) {
    return (
      (lt !== undefined && value < lt) ||
      (lte !== undefined && value <= lte) ||
      (gt !== undefined && value > gt) ||
      (gte !== undefined && value >= gte)
    );
  }
  return (
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte)
  );
}

/** Soda's JSON form of a zone: its bounds, without the split flag. */
export function zoneJson(zone: Zone): Record<string, number> {
  const { split: _split, ...bounds } = zone;
  return bounds as Record<string, number>;
}
