/**
 * A check bound to its dataset for one scan (after `for each dataset` expansion and variable
 * resolution), and the helpers every check kind uses to produce its result.
 */
import { digestOf } from '../core/index.js';
import type { Check, ValidityConfig } from './model.js';
import type { CheckResult, Diagnostics, Outcome } from './result.js';
import type { Partition, ScanRun } from './scan-run.js';
import {
  conditionZone,
  inverseZone,
  resolveThreshold,
  type Threshold,
  type Zone,
  zoneContains,
} from './threshold.js';
import { resolveVariables, type VariableLookup } from './variables.js';

/** One check ready to run. */
export interface BoundCheck {
  check: Check;
  /** SQL table reference (variables resolved), undefined for data-source level checks. */
  table?: string;
  partition?: Partition;
  lookup: VariableLookup;
  /** Column-level configuration of the check's table (`configurations for`). */
  columnConfig: Record<string, ValidityConfig>;
  run: ScanRun;
}

/** Computes the results of one check after the aggregation queries ran. */
export type Finisher = () => Promise<CheckResult[]>;

/** Resolves `${VAR}` in SQL or names, logging a warning for unknown variables. */
export function resolveText(bc: BoundCheck, text: string): string {
  return resolveVariables(text, bc.lookup, (name) =>
    bc.run.log('warning', `variable \${${name}} is not defined; left as written`, bc.check.location),
  );
}

/** The check's display name: `name:` (resolved) or the check line plus its warn/fail conditions. */
export function checkName(bc: BoundCheck): string {
  const c = bc.check;
  let name = c.name !== undefined ? resolveText(bc, c.name) : c.source;
  // Soda appends the warn/fail configuration to the check line (Check.name in check.py).
  if (c.name === undefined && c.kind !== 'schema') {
    if (c.warnText) name += ` warn ${c.warnText}`;
    if (c.failText) name += ` fail ${c.failText}`;
  }
  return name;
}

/** Builds a {@link CheckResult}. */
export function makeResult(
  bc: BoundCheck,
  fields: {
    outcome: Outcome | null;
    value?: number | null;
    diagnostics?: Partial<Diagnostics>;
    column?: string;
    metrics?: string[];
    error?: string;
    reason?: { code: string; message: string; severity: 'error' | 'warning' | 'info' };
    name?: string;
  },
): CheckResult {
  const c = bc.check;
  if (fields.error !== undefined) bc.run.log('error', fields.error, c.location);
  const name = fields.name ?? checkName(bc);
  const reasons: CheckResult['outcomeReasons'] = [];
  if (fields.error !== undefined) reasons.push({ code: 'error', message: fields.error, severity: 'error' });
  if (fields.reason) reasons.push(fields.reason);
  return {
    identity: digestOf({ file: c.location.file, definition: c.definition, table: bc.table, name }).slice(
      0,
      8,
    ),
    name,
    type: 'generic',
    definition: c.definition,
    resourceAttributes: [],
    location: { filePath: c.location.file, line: c.location.line, col: c.location.col },
    dataSource: bc.run.dataSource.name,
    table: bc.table ?? null,
    filter: bc.partition?.name ?? null,
    column: fields.column ?? null,
    metrics: fields.metrics ?? [],
    outcome: fields.outcome,
    outcomeReasons: reasons,
    diagnostics: {
      blocks: [],
      // Soda always reports a value (null when the check has none, e.g. schema checks).
      value: fields.value ?? null,
      ...fields.diagnostics,
    },
    source: 'kite',
  };
}

/** A result for a check that could not be evaluated because of `error`. */
export function errorResult(bc: BoundCheck, error: string, column?: string): CheckResult {
  return makeResult(bc, { outcome: null, error, ...(column !== undefined ? { column } : {}) });
}

/** The outcome of a numeric value against an inline threshold or warn/fail conditions. */
export function judge(
  value: number,
  lookup: VariableLookup,
  thresholds: { inline?: Threshold | undefined; warn?: Threshold | undefined; fail?: Threshold | undefined },
): { outcome: Outcome; failZone?: Zone; warnZone?: Zone } | { error: string } {
  let failZone: Zone | undefined;
  let warnZone: Zone | undefined;
  const resolve = (t: Threshold) => resolveThreshold(t, lookup);
  if (thresholds.inline) {
    const r = resolve(thresholds.inline);
    if (typeof r === 'string') return { error: r };
    failZone = inverseZone(r);
  } else {
    if (thresholds.fail) {
      const r = resolve(thresholds.fail);
      if (typeof r === 'string') return { error: r };
      failZone = conditionZone(r);
    }
    if (thresholds.warn) {
      const r = resolve(thresholds.warn);
      if (typeof r === 'string') return { error: r };
      warnZone = conditionZone(r);
    }
  }
  if (!failZone && !warnZone) return { error: 'No threshold specified' };
  const outcome: Outcome =
    failZone && zoneContains(failZone, value)
      ? 'fail'
      : warnZone && zoneContains(warnZone, value)
        ? 'warn'
        : 'pass';
  return { outcome, ...(failZone ? { failZone } : {}), ...(warnZone ? { warnZone } : {}) };
}
