/**
 * Schema checks: required/forbidden columns, types, indexes, mismatching columns.
 */

import { type BoundCheck, errorResult, type Finisher, makeResult } from './bound-check.js';
import type { Dialect } from './dialect.js';
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
): SchemaViolations {
  const v: SchemaViolations = {
    missing_column_names: [],
    present_column_names: [],
    column_type_mismatches: {},
    column_index_mismatches: {},
  };
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
      if (!(c.name in rules.mismatchingColumns) && !v.present_column_names.includes(c.name))
        v.present_column_names.push(c.name);
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
  return (
    v.missing_column_names.length > 0 ||
    v.present_column_names.length > 0 ||
    Object.keys(v.column_type_mismatches).length > 0 ||
    Object.keys(v.column_index_mismatches).length > 0
  );
}

/** Prepares a schema check. */
export function prepareSchema(bc: BoundCheck, c: SchemaCheck): Finisher {
  return async (): Promise<CheckResult[]> => {
    const measured = await bc.run.columns(bc.table!);
    if ('error' in measured) return [errorResult(bc, measured.error)];
    const d = bc.run.dataSource.dialect;
    const fail = c.failRules ? schemaViolations(d, c.failRules, measured) : undefined;
    const warn = c.warnRules ? schemaViolations(d, c.warnRules, measured) : undefined;
    const outcome = fail && violated(fail) ? 'fail' : warn && violated(warn) ? 'warn' : 'pass';
    return [
      makeResult(bc, {
        outcome,
        diagnostics: {
          schema: measured.map((m) => ({ columnName: m.name, sourceDataType: m.type })),
          ...(fail && violated(fail) ? { fail_result: fail } : {}),
          ...(warn && violated(warn) ? { warn_result: warn } : {}),
        },
      }),
    ];
  };
}
