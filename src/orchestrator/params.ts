/**
 * Pipeline parameters: `k=v` strings from the command line parsed by the pipeline's declared
 * types, and a whole parameter set checked against the root's input definitions with the
 * defaults filled in. Every problem is reported at once.
 */
import { type Issue, throwIfErrors } from '../core/index.js';
import {
  type ComponentInputsSpec,
  type JsonValue,
  type ParameterType,
  parameterValueProblem,
  parseParameterText,
} from '../ir/index.js';

const TYPE_WORDS: Partial<Record<ParameterType, string>> = {
  NUMBER_INTEGER: 'an integer',
  NUMBER_DOUBLE: 'a number',
  BOOLEAN: 'true or false',
  LIST: 'a JSON list, e.g. [1,2]',
  STRUCT: 'a JSON object, e.g. {"a":1}',
  STRING: 'a string',
};

function declared(defs: ComponentInputsSpec | undefined): string {
  const names = Object.keys(defs?.parameters ?? {});
  return names.length > 0 ? `it declares: ${names.join(', ')}` : 'it declares no parameters';
}

/**
 * Parses `name=value` pairs by the declared type of each parameter.
 *
 * @example
 * ```ts
 * parseParamArgs(['rows=100', 'sweep=[0.1,0.2]'], spec.root.inputDefinitions); // { rows: 100, sweep: [0.1, 0.2] }
 * ```
 */
export function parseParamArgs(
  pairs: readonly string[],
  defs: ComponentInputsSpec | undefined,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  const issues: Issue[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      issues.push({ code: 'BAD_PARAM', path: `--param ${pair}`, message: 'expected name=value' });
      continue;
    }
    const name = pair.slice(0, eq);
    const text = pair.slice(eq + 1);
    const def = defs?.parameters?.[name];
    if (!def) {
      issues.push({
        code: 'UNKNOWN_PARAM',
        path: `--param ${name}`,
        message: `no such parameter; ${declared(defs)}`,
      });
      continue;
    }
    const type = def.parameterType ?? 'STRING';
    try {
      out[name] = parseParameterText(text, type);
    } catch {
      issues.push({
        code: 'BAD_PARAM',
        path: `--param ${name}`,
        message: `${JSON.stringify(text)} is not ${TYPE_WORDS[type] ?? type} (${type})`,
      });
    }
  }
  throwIfErrors('INVALID_ARGUMENT', 'bad --param', issues);
  return out;
}

/** Checks `params` against the root's input definitions and fills in defaults. */
export function resolveParams(
  defs: ComponentInputsSpec | undefined,
  params: Record<string, JsonValue>,
): Record<string, JsonValue> {
  const issues: Issue[] = [];
  const out: Record<string, JsonValue> = {};
  for (const name of Object.keys(params)) {
    if (!defs?.parameters?.[name])
      issues.push({ code: 'UNKNOWN_PARAM', path: name, message: `no such parameter; ${declared(defs)}` });
  }
  for (const [name, def] of Object.entries(defs?.parameters ?? {})) {
    const value = params[name] ?? def.defaultValue;
    if (value === undefined || value === null) {
      if (!def.isOptional)
        issues.push({
          code: 'MISSING_PARAM',
          path: name,
          message: `needs a value (${def.parameterType}); pass --param ${name}=...`,
        });
      continue;
    }
    const problem = def.parameterType ? parameterValueProblem(value, def.parameterType) : undefined;
    if (problem) issues.push({ code: 'BAD_PARAM', path: name, message: problem });
    out[name] = value;
  }
  for (const name of Object.keys(defs?.artifacts ?? {})) {
    issues.push({
      code: 'UNSUPPORTED',
      path: name,
      message: 'pipeline input artifacts are not supported by kite run yet',
    });
  }
  throwIfErrors('INVALID_ARGUMENT', 'pipeline parameters', issues);
  return out;
}
