/**
 * Writing a PipelineSpec the way the KFP SDK does: `# PIPELINE DEFINITION` header, then the
 * spec (and the PlatformSpec as a second document when present) in PyYAML's style with sorted
 * keys; numbers that are protobuf doubles or `google.protobuf.Value`s are written as floats
 * (`1.0`), as the SDK's `MessageToDict` does. JSON output mirrors `json.dump(indent=2,
 * sort_keys=True)`.
 */
import { pipelineHeader } from './header.js';
import { dumpPyYaml, PyFloat, type PyYamlValue } from './pyyaml.js';
import { type FieldKind, messageDef } from './schema.js';
import { isObject } from './structure.js';
import type { PipelineSpec, PlatformSpec } from './types.js';

/** Options of {@link toYaml}. */
export interface ToYamlOptions {
  /** The second document (kfp-kubernetes features); omitted when absent or without platforms. */
  platformSpec?: PlatformSpec;
  /** Write the `# PIPELINE DEFINITION` header comment (default true). */
  header?: boolean;
}

/**
 * The compiled-pipeline YAML of `spec`, byte-compatible with the KFP SDK's output.
 *
 * @example
 * ```ts
 * writeFileSync('pipeline.yaml', toYaml(spec));
 * ```
 */
export function toYaml(spec: PipelineSpec, options: ToYamlOptions = {}): string {
  const docs: PyYamlValue[] = [markFloats(spec, { t: 'message', of: 'PipelineSpec' })];
  const platforms = options.platformSpec?.platforms;
  if (options.platformSpec !== undefined && platforms !== undefined && Object.keys(platforms).length > 0) {
    docs.push(markFloats(options.platformSpec, { t: 'message', of: 'PlatformSpec' }));
  }
  return (options.header === false ? '' : pipelineHeader(spec)) + dumpPyYaml(docs);
}

/** The spec as JSON with sorted keys and 2-space indentation (the SDK's deprecated `.json` output). */
export function toJson(spec: PipelineSpec): string {
  return `${JSON.stringify(sortDeep(spec), null, 2)}`;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortDeep(value[k]);
    return out;
  }
  return value;
}

/**
 * A copy of `value` where every number that protobuf holds as a double is wrapped in
 * {@link PyFloat}, following the field table (unknown fields are copied as they are).
 */
function markFloats(value: unknown, kind: FieldKind | undefined): PyYamlValue {
  if (value === undefined) return null;
  if (kind === undefined) return copy(value, false);
  switch (kind.t) {
    case 'double':
      return typeof value === 'number' ? new PyFloat(value) : copy(value, false);
    case 'value':
    case 'struct':
      return copy(value, true);
    case 'message': {
      if (!isObject(value)) return copy(value, false);
      const fields = messageDef(kind.of).fields;
      const out: Record<string, PyYamlValue> = {};
      for (const [k, v] of Object.entries(value))
        if (v !== undefined) out[k] = markFloats(v, fields[k]?.kind);
      return out;
    }
    case 'map': {
      if (!isObject(value)) return copy(value, false);
      const out: Record<string, PyYamlValue> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = markFloats(v, kind.of);
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => markFloats(v, kind.of)) : copy(value, false);
    default:
      return copy(value, false);
  }
}

function copy(value: unknown, floats: boolean): PyYamlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return floats ? new PyFloat(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => copy(v, floats));
  if (isObject(value)) {
    const out: Record<string, PyYamlValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copy(v, floats);
    return out;
  }
  return String(value);
}
