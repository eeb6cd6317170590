/**
 * Reading an Experiment from YAML text with positions: every issue gets `file:line:col` of the
 * field it is about (or of its nearest existing parent), then its Katib field path.
 */
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { type Issue, KiteError, throwIfErrors } from '../core/index.js';
import { describeAlgorithm } from './algorithms/registry.js';
import { decodeExperiment } from './decode.js';
import { applyDefaults } from './defaults.js';
import type { Experiment } from './types.js';
import { type ValidateOptions, validateExperiment } from './validate.js';

/** `spec.parameters[0].feasibleSpace.min` → `['spec','parameters',0,'feasibleSpace','min']`. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  return out;
}

export interface ParsedExperiment {
  /** As written (no defaults). */
  experiment: Experiment;
  /** With Katib's defaults filled in. */
  defaulted: Experiment;
  /** All findings, located (`file:line:col path`). */
  issues: Issue[];
}

/**
 * Parses, defaults and validates an Experiment from YAML (or JSON) text. Never throws for
 * bad input: everything is in `issues`.
 */
export function parseExperiment(
  text: string,
  file = '<input>',
  options: ValidateOptions = {},
): ParsedExperiment {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const issues: Issue[] = [];
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return file;
    const { line, col } = lc.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list)
    for (const e of d.errors)
      issues.push({ code: 'yaml', path: at(e.pos[0]), message: e.message.split('\n')[0] ?? e.message });
  const experiments = list.filter((d) => (d.toJS() as { kind?: unknown } | null)?.kind === 'Experiment');
  const doc = experiments[0] ?? list.find((d) => d.contents !== null);
  if (experiments.length > 1)
    issues.push({
      code: 'many-documents',
      path: file,
      message: `${experiments.length} Experiments in one file; only the first is used`,
      severity: 'warning',
    });
  const empty = { apiVersion: '', kind: '', metadata: {}, spec: {} };
  if (!doc || issues.some((i) => i.code === 'yaml'))
    return {
      experiment: empty,
      defaulted: empty,
      issues: issues.length ? issues : [{ code: 'empty', path: file, message: 'no YAML document found' }],
    };
  const decoded = decodeExperiment(doc.toJS());
  const defaulted = applyDefaults(decoded.experiment);
  const found = [...decoded.issues];
  const notExperiment = found.some(
    (i) => i.code === 'api-version' || i.code === 'kind' || (i.code === 'wrong-type' && i.path === ''),
  );
  if (!notExperiment) found.push(...validateExperiment(defaulted, options));
  const locate = (p: string): string => {
    const parts = parsePath(p);
    while (parts.length > 0) {
      const node = doc.getIn(parts, true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return at(node.range[0]);
      parts.pop();
    }
    return file;
  };
  for (const i of found) issues.push({ ...i, path: `${locate(i.path)} ${i.path || '(root)'}` });
  return { experiment: decoded.experiment, defaulted, issues };
}

/**
 * Parses and validates, throwing one `KiteError('INVALID_SPEC')` listing every problem.
 *
 * @example
 * ```ts
 * const { defaulted } = loadExperiment(readFileSync('exp.yaml', 'utf8'), 'exp.yaml');
 * ```
 */
export function loadExperiment(
  text: string,
  file = '<input>',
  options: ValidateOptions = {},
): ParsedExperiment {
  const parsed = parseExperiment(text, file, options);
  const code = parsed.issues.some((i) => i.code === 'yaml') ? 'INVALID_YAML' : 'INVALID_SPEC';
  throwIfErrors(code, `${file}: invalid Katib Experiment`, parsed.issues);
  return parsed;
}

/** Prints an Experiment as YAML (what `kite tune --validate` and `--manifest` show). */
export function printExperiment(e: Experiment): string {
  const { status: _status, ...rest } = e;
  const yaml = stringify(rest, { lineWidth: 0 });
  // A YAML comment, so the output still applies unchanged with kubectl.
  const note = e.spec?.algorithm ? describeAlgorithm(e) : undefined;
  return note ? `# kite (local runs): ${note}\n${yaml}` : yaml;
}

/** Throws unless the experiment can run locally (trialSpec present, a runnable algorithm). */
export function assertRunnable(e: Experiment): void {
  if (!e.spec.trialTemplate?.trialSpec && e.spec.trialTemplate?.configMap)
    throw new KiteError('UNSUPPORTED', 'trial templates from a ConfigMap cannot run locally', {
      hint: 'inline the template as spec.trialTemplate.trialSpec',
    });
}
