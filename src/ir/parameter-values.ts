/**
 * Parameter values as KFP sees them: type checks against a `ParameterType`, the text form the
 * launcher substitutes into command lines (`PbValueToText` / placeholder rules) and the parse of
 * an output parameter file (`TextToPbValue`), both from
 * `kubeflow/pipelines:backend/src/v2/metadata/converter.go` at commit 7b70c7b9.
 */
import { KiteError } from '../core/index.js';
import type { JsonValue, ParameterType } from './types.js';

/**
 * Why `value` is not a valid value of `type`, or `undefined` when it is.
 *
 * @example
 * ```ts
 * parameterValueProblem(1.5, 'NUMBER_INTEGER'); // 'expected an integer (NUMBER_INTEGER), got 1.5'
 * ```
 */
export function parameterValueProblem(value: JsonValue, type: ParameterType): string | undefined {
  const got = Array.isArray(value)
    ? 'a list'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'an object'
        : JSON.stringify(value);
  switch (type) {
    case 'STRING':
      return typeof value === 'string' ? undefined : `expected a string (STRING), got ${got}`;
    case 'NUMBER_DOUBLE':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `expected a number (NUMBER_DOUBLE), got ${got}`;
    case 'NUMBER_INTEGER':
      return Number.isSafeInteger(value)
        ? undefined
        : `expected an integer within ±(2^53-1) (NUMBER_INTEGER), got ${got}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? undefined : `expected true or false (BOOLEAN), got ${got}`;
    case 'LIST':
      return Array.isArray(value) ? undefined : `expected a list (LIST), got ${got}`;
    case 'STRUCT':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : `expected an object (STRUCT), got ${got}`;
    default:
      return undefined;
  }
}

/**
 * Formats a number as Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits that
 * round-trip, never in exponent form (`1e21` → `"1000000000000000000000"`, `1e-7` → `"0.0000001"`).
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  if (Object.is(value, -0)) return '-0';
  const [mantissa = '0', exp = '0'] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = Number(exp) + 1; // position of the decimal point after the first digit
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/**
 * Compact JSON as Go's `encoding/json` writes a protobuf List/Struct: keys sorted, no spaces,
 * and `<`, `>`, `&`, U+2028, U+2029 escaped as `\u003c`… (HTML-safe escaping).
 */
export function goJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as JsonValue);
    return out;
  }
  return value;
}

/**
 * The text of a parameter value as the launcher substitutes it for
 * `{{$.inputs.parameters['x']}}`: strings verbatim, numbers via {@link formatFloat}, booleans
 * `true`/`false`, lists and structs as compact JSON ({@link goJson}), null as the empty string.
 */
export function parameterText(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return goJson(value);
}

/**
 * Parses the text a component wrote to an output parameter file, with KFP's `TextToPbValue`
 * rules: STRING verbatim; NUMBER_INTEGER / NUMBER_DOUBLE / BOOLEAN after trimming whitespace
 * (Go `ParseInt` base 10, `ParseFloat`, `ParseBool`); LIST / STRUCT as JSON of that shape.
 * Throws a `KiteError('INVALID_DATA')` naming the text and the type.
 *
 * @example
 * ```ts
 * parseParameterText(' 42\n', 'NUMBER_INTEGER'); // 42
 * parseParameterText('T', 'BOOLEAN'); // true
 * ```
 */
export function parseParameterText(text: string, type: ParameterType): JsonValue {
  const fail = (why: string): never => {
    throw new KiteError(
      'INVALID_DATA',
      `cannot read ${JSON.stringify(text.slice(0, 80))} as ${type}: ${why}`,
    );
  };
  const trimmed = text.trim();
  switch (type) {
    case 'STRING':
      return text;
    case 'NUMBER_INTEGER': {
      if (!/^[+-]?\d+$/.test(trimmed)) return fail('not a base-10 integer');
      const n = Number(trimmed);
      // Go ParseInt(…, 10, 0) accepts the int64 range; JSON numbers beyond 2^53 lose precision.
      if (!Number.isSafeInteger(n)) return fail('outside ±(2^53-1); use a STRING parameter');
      return n;
    }
    case 'NUMBER_DOUBLE':
      return parseGoFloat(trimmed) ?? fail('not a finite decimal number');
    case 'BOOLEAN':
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(trimmed)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(trimmed)) return false;
      return fail('expected true/false (also 1/0, t/f, T/F, TRUE/FALSE, True/False)');
    case 'LIST':
    case 'STRUCT': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return fail(`invalid JSON (${(e as Error).message})`);
      }
      const isList = Array.isArray(parsed);
      const isStruct = typeof parsed === 'object' && parsed !== null && !isList;
      if (type === 'LIST' ? !isList : !isStruct)
        return fail(type === 'LIST' ? 'not a JSON array' : 'not a JSON object');
      return parsed as JsonValue;
    }
    default:
      return fail('unknown type. Expected STRING, NUMBER_INTEGER, NUMBER_DOUBLE, BOOLEAN, LIST or STRUCT');
  }
}

/**
 * Go `strconv.ParseFloat` on an already trimmed string. Go accepts `Inf`/`NaN` and overflows
 * to ±Inf with an error; a protobuf JSON value cannot hold non-finite numbers, so both are
 * rejected here.
 */
function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
