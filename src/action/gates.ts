/**
 * The gate policy: what fails the check besides a failed run — metric thresholds
 * (`evaluate.accuracy >= 0.8`) and data checks (failures, or warnings too) — and the
 * findings that become annotations pointing at the cause.
 */
import { KiteError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import type { DataCheckPolicy } from './inputs.js';
import type { MetricOutcome, RunOutcome } from './outcome.js';
import type { AnnotationLevel, AnnotationProperties } from './toolkit.js';

const OPS = ['>=', '<=', '==', '!=', '>', '<'] as const;
type Op = (typeof OPS)[number];

/** One `thresholds` line: `[task.]metric <op> <number>`. */
export interface Threshold {
  text: string;
  task?: string;
  metric: string;
  op: Op;
  value: number;
}

/** One reason to annotate: what, how bad, and where. */
export interface GateFinding {
  level: AnnotationLevel;
  title: string;
  message: string;
  where?: AnnotationProperties;
}

const LINE = /^([\w./-]+)\s*(>=|<=|==|!=|>|<)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)$/i;

/** Parses the `thresholds` input; all malformed lines at once. */
export function parseThresholds(lines: readonly string[]): Threshold[] {
  const issues: Issue[] = [];
  const out: Threshold[] = [];
  for (const text of lines) {
    const m = LINE.exec(text);
    if (!m) {
      issues.push({
        code: 'BAD_INPUT',
        path: `thresholds: ${text}`,
        message: 'write `[task.]metric >= number`',
      });
      continue;
    }
    const ref = (m[1] as string).trim();
    const dot = ref.lastIndexOf('.');
    const t: Threshold = {
      text,
      metric: dot > 0 ? ref.slice(dot + 1) : ref,
      op: m[2] as Op,
      value: Number(m[3]),
    };
    if (dot > 0) t.task = ref.slice(0, dot);
    out.push(t);
  }
  if (issues.length > 0)
    throw new KiteError(
      'INVALID_ARGUMENT',
      `invalid thresholds:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
      {
        issues,
      },
    );
  return out;
}

function holds(actual: number, op: Op, bound: number): boolean {
  switch (op) {
    case '>=':
      return actual >= bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '<':
      return actual < bound;
    case '==':
      return actual === bound;
    case '!=':
      return actual !== bound;
  }
}

/** The metric a threshold names: one match, or a finding saying why not. */
function pick(t: Threshold, metrics: readonly MetricOutcome[]): MetricOutcome | string {
  const named = metrics.filter((m) => m.name === t.metric);
  const exact = named.filter((m) => m.task === t.task);
  let hits =
    t.task === undefined
      ? named
      : exact.length > 0
        ? exact
        : named.filter((m) => m.task.endsWith(`/${t.task}`));
  // `evaluate` means the shallowest task of that name (not the copies inside a loop).
  const depth = (m: MetricOutcome) => m.task.split('/').length;
  const least = Math.min(...hits.map(depth));
  if (hits.filter((m) => depth(m) === least).length === 1) hits = hits.filter((m) => depth(m) === least);
  if (hits.length === 1) return hits[0] as MetricOutcome;
  const have = [...new Set(metrics.map((m) => `${m.task}.${m.name}`))].join(', ') || 'none';
  if (hits.length === 0)
    return `the run reported no metric '${t.task ? `${t.task}.` : ''}${t.metric}' (metrics: ${have})`;
  return `'${t.metric}' is reported by ${hits.length} tasks (${hits.map((h) => h.task).join(', ')}): write <task>.${t.metric}`;
}

/** Where in the workflow file a threshold line is written (for the annotation), if found. */
export type LocateRule = (text: string) => AnnotationProperties | undefined;

/** Evaluates thresholds and the data-check policy against a finished run. */
export function evaluateGates(
  outcome: RunOutcome,
  thresholds: readonly Threshold[],
  policy: DataCheckPolicy,
  locate: LocateRule = () => undefined,
): GateFinding[] {
  const findings: GateFinding[] = [];
  const finished = outcome.state !== 'SUBMITTED';
  for (const t of thresholds) {
    if (!finished) {
      findings.push({
        level: 'warning',
        title: 'metric gate not evaluated',
        message: `${t.text}: the run was not waited for (wait: false)`,
      });
      continue;
    }
    const hit = pick(t, outcome.metrics);
    const where = locate(t.text);
    if (typeof hit === 'string') {
      findings.push({
        level: 'error',
        title: 'metric gate not evaluated',
        message: `${t.text}: ${hit}`,
        ...(where ? { where } : {}),
      });
    } else if (!holds(hit.value, t.op, t.value)) {
      findings.push({
        level: 'error',
        title: 'metric gate failed',
        message: `${hit.task}.${hit.name} = ${hit.value}, required ${t.op} ${t.value}`,
        ...(where ? { where } : {}),
      });
    }
  }
  for (const c of outcome.dataChecks) {
    if (c.outcome === 'pass') continue;
    const fails = c.outcome === 'fail' || c.outcome === 'not evaluated' || policy === 'warnings';
    const where: AnnotationProperties = {};
    if (c.file) where.file = c.file;
    if (c.line !== undefined) where.line = c.line;
    findings.push({
      level: fails ? 'error' : 'warning',
      title: `data check ${c.outcome === 'not evaluated' ? 'not evaluated' : c.outcome === 'warn' ? 'warned' : 'failed'}`,
      message: `${c.task}: ${c.name}${c.detail ? ` — ${c.detail}` : ''}`,
      ...(c.file ? { where } : {}),
    });
  }
  return findings;
}
