/**
 * Decodes a parsed YAML/JSON value into an {@link Experiment}, reporting every field of the
 * wrong type with its path and Go's reason, as Katib's API server would.
 */
import type { Issue } from '../core/index.js';
import { EXPERIMENT_SHAPE, type Shape } from './schema.js';
import type { Experiment } from './types.js';

/** `spec.parameters[0].feasibleSpace.min` from `['spec','parameters',0,...]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const GO_TYPE: Record<string, string> = {
  string: 'string',
  int32: 'int32',
  float: 'float64',
  bool: 'bool',
  map: 'map[string]string',
  array: 'array',
  object: 'object',
  intOrString: 'int or string',
};

/** Returns the value with wrongly typed fields removed (Go would fail; we go on to find more). */
function check(value: unknown, shape: Shape, path: (string | number)[], issues: Issue[]): unknown {
  if (value === null || value === undefined) return undefined;
  if (shape.t === 'any') return value;
  const bad = (hint = ''): undefined => {
    issues.push({
      code: 'wrong-type',
      path: formatPath(path),
      message: `cannot unmarshal ${jsonType(value)} into field ${formatPath(path)} of type ${GO_TYPE[shape.t]}${hint}`,
    });
    return undefined;
  };
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string')
        return bad(
          typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${String(value)}")` : '',
        );
      return value;
    case 'int32':
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1)
        return bad();
      return value;
    case 'float':
      if (typeof value !== 'number') return bad();
      return value;
    case 'bool':
      if (typeof value !== 'boolean') return bad();
      return value;
    case 'intOrString':
      if (typeof value !== 'number' && typeof value !== 'string') return bad();
      return value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return bad();
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const c = check(v, { t: 'string' }, [...path, k], issues);
        if (c !== undefined) out[k] = c;
      }
      return out;
    }
    case 'array':
      if (!Array.isArray(value)) return bad();
      return value.map((v, i) => check(v, shape.item, [...path, i], issues)).filter((v) => v !== undefined);
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return bad();
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const field = shape.fields[k];
        if (field) {
          const c = check(v, field, [...path, k], issues);
          if (c !== undefined) out[k] = c;
        } else if (shape.open) out[k] = v;
        else
          issues.push({
            code: 'unknown-field',
            path: formatPath([...path, k]),
            message: `unknown field "${k}" (Katib ignores it); known fields: ${Object.keys(shape.fields).join(', ')}`,
            severity: 'warning',
          });
      }
      return out;
    }
  }
}

/** Drops `null` values recursively, as Go leaves such fields at their zero value. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
    return out;
  }
  return v;
}

/**
 * Checks the JSON shape of an Experiment and returns it typed. Wrong types are errors,
 * unknown fields warnings; `apiVersion`/`kind` must name a Katib v1beta1 Experiment.
 */
export function decodeExperiment(value: unknown): { experiment: Experiment; issues: Issue[] } {
  const issues: Issue[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({
      code: 'wrong-type',
      path: '',
      message: 'an Experiment must be a YAML mapping (apiVersion, kind, metadata, spec)',
    });
    return { experiment: { apiVersion: '', kind: '', metadata: {}, spec: {} }, issues };
  }
  const raw = (check(dropNulls(value), EXPERIMENT_SHAPE, [], issues) ?? {}) as Record<string, unknown>;
  if (raw.apiVersion !== 'kubeflow.org/v1beta1')
    issues.push({
      code: 'api-version',
      path: 'apiVersion',
      message: `must be kubeflow.org/v1beta1, got ${JSON.stringify(raw.apiVersion ?? '')}`,
    });
  if (raw.kind !== 'Experiment')
    issues.push({
      code: 'kind',
      path: 'kind',
      message: `must be Experiment, got ${JSON.stringify(raw.kind ?? '')}`,
    });
  // Fields of the wrong type are treated as absent from here on, so later checks do not crash.
  const experiment = {
    apiVersion: String(raw.apiVersion ?? ''),
    kind: String(raw.kind ?? ''),
    metadata: isObject(raw.metadata) ? raw.metadata : {},
    spec: isObject(raw.spec) ? raw.spec : {},
    ...(raw.status === undefined ? {} : { status: raw.status }),
  } as Experiment;
  return { experiment, issues };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
