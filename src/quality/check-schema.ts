/**
 * Schema checks: required/forbidden columns, types, indexes, mismatching columns, and changes
 * against the schema recorded by the previous scan (`when schema changes`).
 */

import { type BoundCheck, errorResult, type Finisher, makeResult } from './bound-check.js';
import type { Dialect } from './dialect.js';
import type { MetricHistory } from './history.js';
import type { SchemaCheck, SchemaRules } from './model.js';
import type { CheckResult } from './result.js';
import type { ColumnInfo } from './scan-run.js';

/** What one level of rules found. */
export interface SchemaViolations {
  missing_column_names: string[];
  present_column_names: string[];
  column_type_mismatches: Record<string, { expected_type: string; actual_type: string }>;
  column_index_mismatches: Record<
    string,
    { expected_index: number; actual_index: number; column_on_expected_index: string | null }
  >;
  column_additions: string[];
  column_deletions: string[];
  column_type_changes: Record<string, { previous_type: string; new_type: string }>;
  column_index_changes: Record<string, { previous_index: number; new_index: number }>;
}

type Changes = Pick<
  SchemaViolations,
  'column_additions' | 'column_deletions' | 'column_type_changes' | 'column_index_changes'
>;

/** What changed between the previous scan's schema and this one (soda-core SchemaComparator). */
export function schemaChanges(previous: readonly ColumnInfo[], measured: readonly ColumnInfo[]): Changes {
  const before = new Map(previous.map((c, i) => [c.name, { type: c.type, index: i }]));
  const now = new Map(measured.map((c, i) => [c.name, { type: c.type, index: i }]));
  const out: Changes = {
    column_additions: measured.filter((c) => !before.has(c.name)).map((c) => c.name),
    column_deletions: previous.filter((c) => !now.has(c.name)).map((c) => c.name),
    column_type_changes: {},
    column_index_changes: {},
  };
  for (const [name, cur] of now) {
    const old = before.get(name);
    if (!old) continue;
    if (old.type !== cur.type)
      out.column_type_changes[name] = { previous_type: old.type, new_type: cur.type };
    if (old.index !== cur.index)
      out.column_index_changes[name] = { previous_index: old.index, new_index: cur.index };
  }
  return out;
}

/** True when two type names mean the same type for `dialect` (case-insensitive, with aliases). */
export function sameType(dialect: Dialect, expected: string, actual: string): boolean {
  const a = expected.trim().toLowerCase();
  const b = actual.trim().toLowerCase();
  if (a === b) return true;
  for (const [canonical, aliases] of Object.entries(dialect.typeAliases)) {
    const group = [canonical, ...aliases];
    if (group.includes(a) && group.includes(b)) return true;
  }
  return false;
}

/** Evaluates one level of schema rules against the measured columns. */
export function schemaViolations(
  dialect: Dialect,
  rules: SchemaRules,
  measured: readonly ColumnInfo[],
  previous?: readonly ColumnInfo[],
): SchemaViolations {
  const v: SchemaViolations = {
    missing_column_names: [],
    present_column_names: [],
    column_type_mismatches: {},
    column_index_mismatches: {},
    column_additions: [],
    column_deletions: [],
    column_type_changes: {},
    column_index_changes: {},
  };
  if (previous && rules.forbiddenChanges) {
    const changes = schemaChanges(previous, measured);
    const forbidden = new Set(rules.forbiddenChanges);
    if (forbidden.has('column add')) v.column_additions = changes.column_additions;
    if (forbidden.has('column delete')) v.column_deletions = changes.column_deletions;
    if (forbidden.has('column type change')) v.column_type_changes = changes.column_type_changes;
    if (forbidden.has('column index change')) v.column_index_changes = changes.column_index_changes;
  }
  const byName = new Map(measured.map((c, i) => [c.name, { ...c, index: i }]));
  const missing = new Set<string>();
  for (const name of rules.requiredColumns ?? []) if (!byName.has(name)) missing.add(name);
  for (const pattern of rules.forbiddenColumns ?? []) {
    const re = new RegExp(`^(?:${pattern.replace(/[%*]/g, '.*')})`);
    for (const c of measured)
      if (re.test(c.name) && !v.present_column_names.includes(c.name)) v.present_column_names.push(c.name);
  }
  const types = (expected: Record<string, string | null>, optional: readonly string[]) => {
    for (const [name, type] of Object.entries(expected)) {
      const actual = byName.get(name);
      if (!actual) {
        if (!optional.includes(name)) missing.add(name);
      } else if (type !== null && !sameType(dialect, type, actual.type)) {
        v.column_type_mismatches[name] = { expected_type: type, actual_type: actual.type };
      }
    }
  };
  if (rules.columnTypes) types(rules.columnTypes, []);
  if (rules.mismatchingColumns) {
    types(rules.mismatchingColumns, rules.optionalColumns ?? []);
    for (const c of measured) {
      const listed = c.name in rules.mismatchingColumns || rules.requiredColumns?.includes(c.name);
      if (!listed && !v.present_column_names.includes(c.name)) v.present_column_names.push(c.name);
    }
  }
  for (const [name, index] of Object.entries(rules.columnIndexes ?? {})) {
    const actual = byName.get(name);
    if (!actual) missing.add(name);
    else if (actual.index !== index) {
      v.column_index_mismatches[name] = {
        expected_index: index,
        actual_index: actual.index,
        column_on_expected_index: measured[index]?.name ?? null,
      };
    }
  }
  v.missing_column_names = [...missing];
  return v;
}

function violated(v: SchemaViolations): boolean {
  return Object.values(v).some((x) => (Array.isArray(x) ? x.length > 0 : Object.keys(x).length > 0));
}

/** Prepares a schema check; `when schema changes` compares with the schema of the previous scan. */
export function prepareSchema(bc: BoundCheck, c: SchemaCheck, history: MetricHistory | undefined): Finisher {
  return async (): Promise<CheckResult[]> => {
    const measured = await bc.run.columns(bc.table!);
    if ('error' in measured) return [errorResult(bc, measured.error)];
    const d = bc.run.dataSource.dialect;
    const identity = bc.run.metricIdentity(bc.table, bc.partition?.name, undefined, 'schema', undefined);
    const diagnostics = { schema: measured.map((m) => ({ columnName: m.name, sourceDataType: m.type })) };
    let previous: ColumnInfo[] | undefined;
    if (c.warnRules?.forbiddenChanges || c.failRules?.forbiddenChanges) {
      previous = (await history?.lastSchema(identity))?.columns;
      if (!previous) {
        const message = history
          ? 'Skipping schema checks since there is no historic schema metrics!'
          : "'when schema changes' needs a metric history (kite check keeps one unless --no-history)";
        bc.run.log('warning', message, c.location);
        bc.run.schemasToRecord.set(identity, measured);
        return [
          makeResult(bc, {
            outcome: null,
            diagnostics,
            reason: { code: 'notEnoughHistory', message, severity: 'warning' },
          }),
        ];
      }
    }
    bc.run.schemasToRecord.set(identity, measured);
    const fail = c.failRules ? schemaViolations(d, c.failRules, measured, previous) : undefined;
    const warn = c.warnRules ? schemaViolations(d, c.warnRules, measured, previous) : undefined;
    const outcome = fail && violated(fail) ? 'fail' : warn && violated(warn) ? 'warn' : 'pass';
    return [
      makeResult(bc, {
        outcome,
        diagnostics: {
          ...diagnostics,
          ...(fail && violated(fail) ? { fail_result: fail } : {}),
          ...(warn && violated(warn) ? { warn_result: warn } : {}),
        },
      }),
    ];
  };
}
