/**
 * The `# PIPELINE DEFINITION` comment block the KFP SDK writes on top of a compiled YAML
 * (`extract_comments_from_pipeline_spec` in kfp `compiler/pipeline_spec_builder.py`), with
 * default values printed as Python's `str()` would print them.
 */
import type { ComponentSpec, JsonValue, PipelineSpec } from './types.js';

const COMMENT_TYPE: Record<string, string> = {
  STRING: 'str',
  NUMBER_INTEGER: 'int',
  NUMBER_DOUBLE: 'float',
  LIST: 'list',
  STRUCT: 'dict',
  BOOLEAN: 'bool',
  TASK_FINAL_STATUS: 'PipelineTaskFinalStatus',
  TASK_CONFIG: 'TaskConfig',
};

/**
 * The header comment for `spec`, ending with a newline.
 *
 * @example
 * ```ts
 * pipelineHeader(spec);
 * // "# PIPELINE DEFINITION\n# Name: my-pipeline\n# Inputs:\n#    text: str [Default: 'hi']\n"
 * ```
 */
export function pipelineHeader(spec: PipelineSpec): string {
  const lines = ['# PIPELINE DEFINITION', `# Name: ${spec.pipelineInfo?.name ?? ''}`];
  const description = spec.pipelineInfo?.description;
  if (description !== undefined && description !== '') {
    lines.push(`# Description: ${description.split(/\r?\n/).join('\n#              ')}`);
  }
  lines.push(...signature(spec.root, 'inputDefinitions', '# Inputs:'));
  lines.push(...signature(spec.root, 'outputDefinitions', '# Outputs:'));
  return `${lines.join('\n')}\n`;
}

function signature(
  root: ComponentSpec | undefined,
  side: 'inputDefinitions' | 'outputDefinitions',
  heading: string,
): string[] {
  const defs = root?.[side];
  if (defs === undefined) return [];
  const rows: { name: string; text: string }[] = [];
  for (const [name, p] of Object.entries(defs.parameters ?? {})) {
    let text = `#    ${name}: ${COMMENT_TYPE[p.parameterType ?? ''] ?? String(p.parameterType)}`;
    const def = (p as { defaultValue?: JsonValue }).defaultValue;
    if (def !== undefined) text += ` [Default: ${typeof def === 'string' ? `'${def}'` : pyStr(def)}]`;
    rows.push({ name, text });
  }
  for (const [name, a] of Object.entries(defs.artifacts ?? {})) {
    rows.push({ name, text: `#    ${name}: ${a.artifactType?.schemaTitle ?? ''}` });
  }
  rows.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return [heading, ...rows.map((r) => r.text)];
}

/**
 * Python `str()` of a JSON value decoded from a protobuf Value (numbers are floats: `1.0`).
 */
export function pyStr(value: JsonValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyFloat(value);
  if (typeof value === 'string') return pyRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyStr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyRepr(k)}: ${pyStr(v)}`)
    .join(', ')}}`;
}

/** Python `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', expText = '0'] = value.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const text = value.toFixed(Math.max(0, (mantissa.replace(/^-/, '').split('.')[1]?.length ?? 0) - exp));
  return text.includes('.') ? text : `${text}.0`;
}

/** Python `repr(str)` for printable text. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}
