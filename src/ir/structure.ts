/**
 * Strict structural check of a JSON value against one message of the field table, the way the
 * KFP backend's strict `protojson.Unmarshal` reads it: unknown fields rejected, scalar kinds
 * checked, enum names checked, oneofs exclusive. Differences from protojson are deliberate and
 * reported as warnings, never silently: proto (snake_case) names, enum numbers and `null` are
 * accepted by protojson but Kite reads only lowerCamelCase names and enum names.
 */
import type { Issue } from '../core/index.js';
import { type FieldKind, messageDef, protoAliases } from './schema.js';

/** Formats a path of keys as `root.dag.tasks.train` (keys with odd characters in `["..."]`). */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '(document)' : out;
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Path = readonly (string | number)[];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const DURATION = /^-?\d+(\.\d{1,9})?s$/;

/**
 * Checks `value` against `message` and appends every finding to `issues`.
 *
 * @example
 * ```ts
 * const issues: Issue[] = [];
 * checkMessage({ pipelineInfo: { name: 'x', colour: 1 } }, 'PipelineSpec', [], issues);
 * // issues[0].path === 'pipelineInfo.colour', code 'IR_UNKNOWN_FIELD'
 * ```
 */
export function checkMessage(value: unknown, message: string, path: Path, issues: Issue[]): void {
  if (!isObject(value)) {
    issues.push(issue('IR_TYPE', path, `expected an object (${message}), got ${describe(value)}`));
    return;
  }
  const def = messageDef(message);
  const aliases = protoAliases(message);
  const seen = new Map<string, string>();
  for (const [key, fieldValue] of Object.entries(value)) {
    const jsonName = def.fields[key] !== undefined ? key : aliases.get(key);
    const field = jsonName === undefined ? undefined : def.fields[jsonName];
    if (jsonName === undefined || field === undefined) {
      issues.push(
        issue('IR_UNKNOWN_FIELD', [...path, key], unknownFieldMessage(key, message, Object.keys(def.fields))),
      );
      continue;
    }
    const earlier = seen.get(jsonName);
    if (earlier !== undefined) {
      issues.push(
        issue(
          'IR_DUPLICATE_FIELD',
          [...path, key],
          `field '${jsonName}' is set twice (as '${earlier}' and '${key}')`,
        ),
      );
      continue;
    }
    seen.set(jsonName, key);
    if (key !== jsonName) {
      issues.push(
        warning(
          'IR_PROTO_NAME',
          [...path, key],
          `KFP accepts the proto name '${key}', but write '${jsonName}' (lowerCamelCase)`,
        ),
      );
    }
    if (field.deprecated === true) {
      issues.push(
        warning('IR_DEPRECATED', [...path, key], `'${jsonName}' is deprecated in pipeline_spec.proto`),
      );
    }
    if (fieldValue === null && field.kind.t !== 'value') {
      issues.push(warning('IR_NULL', [...path, key], `null is read as "not set" by KFP; remove '${key}'`));
      continue;
    }
    checkKind(fieldValue, field.kind, [...path, key], issues);
  }
  for (const group of def.oneofs ?? []) {
    const set = group.filter((name) => {
      const key = seen.get(name);
      return key !== undefined && value[key] !== null && value[key] !== undefined;
    });
    if (set.length > 1) {
      issues.push(
        issue(
          'IR_ONEOF',
          path,
          `only one of ${group.map((g) => `'${g}'`).join(', ')} may be set, found ${set.join(' and ')}`,
        ),
      );
    }
  }
}

function checkKind(value: unknown, kind: FieldKind, path: Path, issues: Issue[]): void {
  switch (kind.t) {
    case 'message':
      checkMessage(value, kind.of, path, issues);
      return;
    case 'map':
      if (!isObject(value)) {
        issues.push(issue('IR_TYPE', path, `expected a map (object), got ${describe(value)}`));
        return;
      }
      for (const [key, entry] of Object.entries(value)) {
        if (entry === null && kind.of.t !== 'value') {
          issues.push(issue('IR_TYPE', [...path, key], 'a map entry may not be null'));
        } else checkKind(entry, kind.of, [...path, key], issues);
      }
      return;
    case 'list':
      if (!Array.isArray(value)) {
        issues.push(issue('IR_TYPE', path, `expected a list, got ${describe(value)}`));
        return;
      }
      value.forEach((entry, i) => {
        if (entry === null && kind.of.t !== 'value')
          issues.push(issue('IR_TYPE', [...path, i], 'a list item may not be null'));
        else checkKind(entry, kind.of, [...path, i], issues);
      });
      return;
    case 'enum':
      if (typeof value === 'string') {
        if (!kind.values.includes(value)) {
          issues.push(issue('IR_ENUM', path, `'${value}' is not one of ${kind.values.join(', ')}`));
        }
      } else if (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= 0 &&
        value < kind.values.length
      ) {
        issues.push(
          warning(
            'IR_ENUM_NUMBER',
            path,
            `write the enum name '${kind.values[value]}' instead of the number ${value}`,
          ),
        );
      } else {
        issues.push(
          issue('IR_ENUM', path, `expected one of ${kind.values.join(', ')}, got ${describe(value)}`),
        );
      }
      return;
    default:
      checkScalar(value, kind.t, path, issues);
  }
}

function checkScalar(value: unknown, t: string, path: Path, issues: Issue[]): void {
  const bad = (expected: string) =>
    issues.push(issue('IR_TYPE', path, `expected ${expected}, got ${describe(value)}`));
  switch (t) {
    case 'string':
      if (typeof value !== 'string') bad('a string');
      return;
    case 'bool':
      if (typeof value !== 'boolean') bad('true or false');
      return;
    case 'int32':
    case 'int64': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) bad('an integer');
      else if (t === 'int32' && (n < INT32_MIN || n > INT32_MAX)) bad('a 32-bit integer');
      else if (t === 'int64' && !Number.isSafeInteger(n)) bad('an integer within ±2^53');
      return;
    }
    case 'double':
      if (typeof value === 'number') return;
      if (typeof value === 'string' && /^(NaN|-?Infinity|-?\d+(\.\d*)?([eE][-+]?\d+)?)$/.test(value)) return;
      bad('a number');
      return;
    case 'duration':
      if (typeof value !== 'string' || !DURATION.test(value)) bad('a duration such as "30s" or "0.5s"');
      return;
    case 'struct':
      if (!isObject(value)) bad('an object');
      else checkJson(value, path, issues);
      return;
    case 'value':
      checkJson(value, path, issues);
      return;
  }
}

/** google.protobuf.Value accepts any JSON except non-finite numbers. */
function checkJson(value: unknown, path: Path, issues: Issue[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push(issue('IR_TYPE', path, 'a number here must be finite'));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkJson(v, [...path, i], issues);
    });
    return;
  }
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) checkJson(v, [...path, k], issues);
    return;
  }
  issues.push(issue('IR_TYPE', path, `not a JSON value: ${describe(value)}`));
}

function unknownFieldMessage(key: string, message: string, known: string[]): string {
  const lower = key.toLowerCase();
  const close = known.filter((k) => {
    const l = k.toLowerCase();
    return (
      distance(l, lower) <= Math.max(2, Math.floor(k.length / 4)) ||
      (lower.length >= 5 && l.startsWith(lower.slice(0, 5)))
    );
  });
  const hint = close.length > 0 ? `; did you mean '${close[0]}'?` : `; known fields: ${known.join(', ')}`;
  return `unknown field '${key}' in ${message} (KFP rejects unknown fields)${hint}`;
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** A short description of a JSON value for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** An error finding at `path`. */
export function issue(code: string, path: Path, message: string): Issue {
  return { code, path: formatPath(path), message, severity: 'error' };
}

/** A warning finding at `path`. */
export function warning(code: string, path: Path, message: string): Issue {
  return { code, path: formatPath(path), message, severity: 'warning' };
}
