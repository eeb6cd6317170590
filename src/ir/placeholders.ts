/**
 * Command-line placeholders of a container executor, resolved against an {@link ExecutorInput}
 * the way KFP does it:
 * - string placeholders (`{{$}}`, `{{$.inputs.parameters['x']}}`, `.uri` / `.path` of input and
 *   output artifacts, `{{$.outputs.parameters['x'].output_file}}`) as the launcher's
 *   `getPlaceholders` / `compileCmdAndArgs` (`backend/src/v2/component/launcher_v2.go`);
 * - the JSON placeholders `{"Concat": [...]}` and `{"IfPresent": {"InputName", "Then", "Else"}}`
 *   as the SDK's local runner (`sdk/python/kfp/local/placeholder_utils.py`) expands them.
 *
 * Deliberate differences, all additive: `{{$.outputs.output_file}}` (documented in the proto) is
 * substituted; substitution is one pass, so a value that itself contains a placeholder is never
 * expanded twice; the launcher's quirk of substituting only `{{$}}` in the first command element
 * is not reproduced.
 */
import { KiteError } from '../core/index.js';
import { parameterText } from './parameter-values.js';
import { type FieldKind, messageDef } from './schema.js';
import { isObject } from './structure.js';
import type { ComponentSpec, ExecutorInput, JsonValue } from './types.js';
import { tryLocalPathForUri } from './uri.js';

/** Where the launcher mounts the pipeline workspace. */
export const WORKSPACE_MOUNT_PATH = '/kfp-workspace';

/** Options of {@link resolveCommandLine}. */
export interface PlaceholderOptions {
  /** URI → local path; defaults to {@link tryLocalPathForUri}. */
  pathForUri?: (uri: string) => string | undefined;
}

/**
 * Resolves a whole command line (container `command` followed by `args`): JSON placeholders are
 * expanded first (an element may become zero or several elements), then string placeholders are
 * substituted in every element.
 *
 * @example
 * ```ts
 * resolveCommandLine(['echo', "{{$.inputs.parameters['n']}}"], { inputs: { parameterValues: { n: 3 } } });
 * // ['echo', '3']
 * ```
 */
export function resolveCommandLine(
  argv: readonly string[],
  input: ExecutorInput,
  options: PlaceholderOptions = {},
): string[] {
  const table = placeholderTable(input, options);
  return expandJsonPlaceholders(argv, input).map((arg) => substitute(arg, table));
}

/**
 * The executor input with the component's input-parameter defaults filled in for parameters
 * it does not carry, as the launcher's `addDefaultParams` does before substituting
 * placeholders. Returns a new object.
 */
export function withDefaultParameters(input: ExecutorInput, component: ComponentSpec): ExecutorInput {
  const values: Record<string, JsonValue> = { ...(input.inputs?.parameterValues ?? {}) };
  for (const [name, def] of Object.entries(component.inputDefinitions?.parameters ?? {})) {
    if (def.defaultValue !== undefined && def.defaultValue !== null && !(name in values))
      values[name] = def.defaultValue;
  }
  return { ...input, inputs: { ...(input.inputs ?? {}), parameterValues: values } };
}

/** Replaces every known `{{$...}}` placeholder of `text` from `table`; unknown ones stay as they are. */
export function substitute(text: string, table: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{\$[^{}]*\}\}/g, (m) => table.get(m) ?? m);
}

/** Every string placeholder an executor input defines, mapped to its replacement text. */
export function placeholderTable(
  input: ExecutorInput,
  options: PlaceholderOptions = {},
): Map<string, string> {
  const pathFor = options.pathForUri ?? tryLocalPathForUri;
  const table = new Map<string, string>([['{{$}}', executorInputJson(input)]]);
  for (const [name, list] of Object.entries(input.inputs?.artifacts ?? {})) {
    const artifact = list.artifacts?.[0];
    if (artifact === undefined) continue;
    const uri = artifact.uri ?? '';
    table.set(`{{$.inputs.artifacts['${name}'].uri}}`, uri);
    let path = artifact.customPath ?? pathFor(uri);
    if (artifact.metadata?._kfp_workspace === true && path !== undefined) {
      path = `${WORKSPACE_MOUNT_PATH}/.artifacts/${path.replace(/^\//, '')}`;
    }
    if (path !== undefined) table.set(`{{$.inputs.artifacts['${name}'].path}}`, path);
  }
  for (const [name, list] of Object.entries(input.outputs?.artifacts ?? {})) {
    const artifact = list.artifacts?.[0];
    if (artifact === undefined) continue;
    const uri = artifact.uri ?? '';
    table.set(`{{$.outputs.artifacts['${name}'].uri}}`, uri);
    const path = artifact.customPath ?? pathFor(uri);
    if (path === undefined) {
      throw new KiteError('UNSUPPORTED', `output artifact '${name}': no local path for URI '${uri}'`);
    }
    table.set(`{{$.outputs.artifacts['${name}'].path}}`, path);
  }
  for (const [name, value] of Object.entries(input.inputs?.parameterValues ?? {})) {
    table.set(`{{$.inputs.parameters['${name}']}}`, parameterText(value));
  }
  for (const [name, p] of Object.entries(input.outputs?.parameters ?? {})) {
    table.set(`{{$.outputs.parameters['${name}'].output_file}}`, p.outputFile ?? '');
  }
  if (input.outputs?.outputFile !== undefined)
    table.set('{{$.outputs.output_file}}', input.outputs.outputFile);
  return table;
}

const JSON_PLACEHOLDER = /^\{\s*"(Concat|IfPresent)"\s*:/;

/** Expands `{"Concat": ...}` / `{"IfPresent": ...}` elements; other elements pass through. */
export function expandJsonPlaceholders(argv: readonly string[], input: ExecutorInput): string[] {
  const present = (name: string): boolean => {
    const p = input.inputs?.parameterValues?.[name];
    if (p !== undefined && p !== null) return true;
    return (input.inputs?.artifacts?.[name]?.artifacts?.length ?? 0) > 0;
  };
  const out: string[] = [];
  for (const arg of argv) {
    if (!JSON_PLACEHOLDER.test(arg.trimStart())) {
      out.push(arg);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(arg);
    } catch (e) {
      throw new KiteError('INVALID_SPEC', `cannot parse placeholder ${arg}: ${(e as Error).message}`);
    }
    const resolved = resolveStruct(parsed, present, arg);
    if (Array.isArray(resolved)) out.push(...resolved);
    else if (resolved !== undefined) out.push(resolved);
  }
  return out;
}

function resolveStruct(
  node: unknown,
  present: (name: string) => boolean,
  arg: string,
): string | string[] | undefined {
  const bad = (why: string): never => {
    throw new KiteError('INVALID_SPEC', `invalid placeholder ${arg}: ${why}`);
  };
  if (typeof node === 'string') return node;
  if (!isObject(node)) return bad('expected a string, Concat or IfPresent');
  if ('Concat' in node) {
    const parts = node.Concat;
    if (!Array.isArray(parts)) return bad('Concat takes a list');
    return parts
      .map((p) => {
        const r = resolveStruct(p, present, arg);
        return Array.isArray(r) ? bad('Concat cannot hold a list') : r;
      })
      .filter((p): p is string => p !== undefined)
      .join('');
  }
  if ('IfPresent' in node) {
    const spec = node.IfPresent;
    if (!isObject(spec) || typeof spec.InputName !== 'string') return bad('IfPresent needs InputName');
    const branch = present(spec.InputName) ? spec.Then : spec.Else;
    if (branch === undefined || branch === null) return undefined;
    if (Array.isArray(branch)) {
      return branch.flatMap((b) => {
        if (Array.isArray(b)) return bad('a Then/Else list cannot hold a list');
        const r = resolveStruct(b, present, arg);
        return r === undefined ? [] : r;
      });
    }
    return resolveStruct(branch, present, arg);
  }
  return bad(`unknown placeholder ${Object.keys(node)[0] ?? '{}'}`);
}

/**
 * The executor input as compact protobuf JSON (what `{{$}}` expands to): fields in proto
 * declaration order, map keys sorted, numbers in ES6 form — as Go's `protojson.Marshal`.
 */
export function executorInputJson(input: ExecutorInput): string {
  return protoJson(input, { t: 'message', of: 'ExecutorInput' });
}

function protoJson(value: unknown, kind: FieldKind | undefined): string {
  if (kind?.t === 'message' && isObject(value)) {
    const fields = messageDef(kind.of).fields;
    const parts: string[] = [];
    for (const [name, def] of Object.entries(fields)) {
      const v = value[name];
      if (v !== undefined && v !== null) parts.push(`${JSON.stringify(name)}:${protoJson(v, def.kind)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (kind?.t === 'map' && isObject(value)) {
    const parts = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${protoJson(value[k], kind.of)}`);
    return `{${parts.join(',')}}`;
  }
  if (kind?.t === 'list' && Array.isArray(value))
    return `[${value.map((v) => protoJson(v, kind.of)).join(',')}]`;
  return sortedJson(value as JsonValue);
}

function sortedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(value[k] as JsonValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
