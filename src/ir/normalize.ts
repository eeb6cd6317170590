/**
 * Rewrites the spellings that protojson accepts but Kite does not read into the canonical
 * protobuf JSON form: proto (snake_case) field names → lowerCamelCase JSON names, and enum
 * numbers → enum names. Driven by the field table; maps' keys, Structs and Values are left
 * untouched. Unknown fields are kept as they are (the validator reports them).
 */
import { type FieldKind, messageDef, protoAliases } from './schema.js';
import { isObject } from './structure.js';

/**
 * A copy of `value` read as message `message`, with proto names and enum numbers rewritten.
 * `renamed` (optional) receives one entry per rewrite, for warnings.
 *
 * @example
 * ```ts
 * normalizeMessage({ parameter_values: { x: 1 } }, 'ExecutorOutput'); // { parameterValues: { x: 1 } }
 * ```
 */
export function normalizeMessage(value: unknown, message: string, renamed: string[] = []): unknown {
  if (!isObject(value)) return value;
  const def = messageDef(message);
  const aliases = protoAliases(message);
  const out: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const jsonName = def.fields[key] !== undefined ? key : aliases.get(key);
    const field = jsonName === undefined ? undefined : def.fields[jsonName];
    if (jsonName === undefined || field === undefined || (jsonName !== key && jsonName in value)) {
      out[key] = fieldValue;
      continue;
    }
    if (jsonName !== key) renamed.push(`${key} → ${jsonName}`);
    out[jsonName] = normalizeKind(fieldValue, field.kind, renamed);
  }
  return out;
}

function normalizeKind(value: unknown, kind: FieldKind, renamed: string[]): unknown {
  switch (kind.t) {
    case 'message':
      return normalizeMessage(value, kind.of, renamed);
    case 'map':
      if (!isObject(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, normalizeKind(v, kind.of, renamed)]),
      );
    case 'list':
      return Array.isArray(value) ? value.map((v) => normalizeKind(v, kind.of, renamed)) : value;
    case 'enum':
      if (typeof value === 'number' && Number.isInteger(value) && kind.values[value] !== undefined) {
        renamed.push(`${value} → ${kind.values[value]}`);
        return kind.values[value];
      }
      return value;
    default:
      return value;
  }
}
