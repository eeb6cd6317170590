/**
 * Row-level check kinds: reference checks, row-count comparison, failed rows and group by.
 */
import {
  type BoundCheck,
  errorResult,
  type Finisher,
  judge,
  makeResult,
  resolveText,
} from './bound-check.js';
import { referenceSql } from './metric-sql.js';
import type { FailedRowsCheck, GroupByCheck, ReferenceCheck, RowCountComparisonCheck } from './model.js';
import type { CheckResult } from './result.js';
import { sampleBlock } from './samples.js';
import { type Partition, toNumber } from './scan-run.js';
import { zoneJson } from './threshold.js';

/** `values in (a) must [not] exist in other (x)`: fails when any row breaks it. */
export function prepareReference(bc: BoundCheck, c: ReferenceCheck): Finisher {
  return async () => {
    const target = resolveText(bc, c.target);
    const sql = referenceSql(
      bc.table!,
      c.columns,
      target,
      c.targetColumns,
      c.mustNotExist,
      bc.partition?.where,
    );
    const r = await bc.run.query(`${bc.run.dataSource.name}.${bc.table}.reference`, sql, {
      table: bc.table ?? null,
      partition: bc.partition?.name ?? null,
    });
    if ('error' in r) return [errorResult(bc, r.error)];
    const value = toNumber(r.rows[0]?.[0]) ?? 0;
    return [makeResult(bc, { outcome: value > 0 ? 'fail' : 'pass', value, column: c.columns.join(', ') })];
  };
}

/** `row_count same as other [p]`: value is the difference, pass iff 0. */
export function prepareRowCountComparison(
  bc: BoundCheck,
  c: RowCountComparisonCheck,
  other: Partition | string,
): Finisher {
  if (typeof other === 'string') return async () => [errorResult(bc, other)];
  const mine = bc.partition!.add(bc.run, { metric: 'row_count', validity: {} });
  const theirs = other.add(bc.run, { metric: 'row_count', validity: {} });
  return async () => {
    const a = bc.partition!.result(mine);
    const b = other.result(theirs);
    if (a.error !== undefined) return [errorResult(bc, a.error)];
    if (b.error !== undefined) return [errorResult(bc, b.error)];
    const value = (toNumber(a.value) ?? 0) - (toNumber(b.value) ?? 0);
    return [
      makeResult(bc, {
        outcome: value === 0 ? 'pass' : 'fail',
        value,
        diagnostics: { row_count: toNumber(a.value), other_row_count: toNumber(b.value), other: c.other },
      }),
    ];
  };
}

/** `failed rows` with `fail condition` (counted in the aggregation query) or `fail query`. */
export function prepareFailedRows(bc: BoundCheck, c: FailedRowsCheck): Finisher {
  const run = bc.run;
  let count: () => Promise<{ value: number | null; error?: string }>;
  let samplesSql: string;
  if (c.condition !== undefined) {
    const condition = resolveText(bc, c.condition);
    const key = bc.partition!.add(run, { metric: 'failed_rows', failCondition: condition, validity: {} });
    count = async () => {
      const r = bc.partition!.result(key);
      return r.error !== undefined ? { value: null, error: r.error } : { value: toNumber(r.value) ?? 0 };
    };
    const where =
      bc.partition?.where === undefined ? `(${condition})` : `(${condition}) AND (${bc.partition.where})`;
    samplesSql = `SELECT * FROM ${bc.table} WHERE ${where}`;
  } else {
    const query = resolveText(bc, c.query!).trim().replace(/;\s*$/, '');
    count = async () => {
      const r = await run.query(
        `${run.dataSource.name}.${bc.table ?? ''}.failed_rows.count`,
        `SELECT COUNT(*) FROM (\n${query}\n) kite_failed_rows`,
        {
          table: bc.table ?? null,
        },
      );
      return 'error' in r ? { value: null, error: r.error } : { value: toNumber(r.rows[0]?.[0]) ?? 0 };
    };
    samplesSql = `SELECT * FROM (\n${query}\n) kite_failed_rows`;
  }
  return async (): Promise<CheckResult[]> => {
    const n = await count();
    if (n.error !== undefined || n.value === null)
      return [errorResult(bc, n.error ?? 'failed rows were not counted')];
    let outcome: 'pass' | 'warn' | 'fail' = n.value > 0 ? 'fail' : 'pass';
    const zones: Record<string, unknown> = {};
    if (c.warn || c.fail) {
      const j = judge(n.value, bc.lookup, { warn: c.warn, fail: c.fail });
      if ('error' in j) return [errorResult(bc, j.error)];
      outcome = j.outcome;
      if (j.failZone) zones.fail = zoneJson(j.failZone);
      if (j.warnZone) zones.warn = zoneJson(j.warnZone);
    }
    const block = outcome === 'pass' ? undefined : await sampleBlock(bc, 'Failed rows', samplesSql, n.value);
    const blocks = block ? [block] : [];
    return [makeResult(bc, { outcome, value: n.value, diagnostics: { ...zones, blocks } })];
  };
}

/** `group by`: one check per group and inner check, named `<name> [<group values>]`. */
export function prepareGroupBy(bc: BoundCheck, c: GroupByCheck): Finisher {
  return async () => {
    const r = await bc.run.query(
      `${bc.run.dataSource.name}.${bc.table ?? ''}.group_by`,
      resolveText(bc, c.query),
      {
        table: bc.table ?? null,
      },
    );
    if ('error' in r) return [errorResult(bc, r.error)];
    const lower = r.columns.map((col) => col.toLowerCase());
    const index = (name: string) => lower.indexOf(name.toLowerCase());
    const missing = [...c.fields, ...c.checks.map((x) => x.metric)].filter((f) => index(f) < 0);
    if (missing.length) {
      return [
        errorResult(
          bc,
          `group by query has no column(s) ${missing.join(', ')} (it returns: ${r.columns.join(', ')})`,
        ),
      ];
    }
    if (r.rows.length > c.groupLimit) {
      return [
        errorResult(bc, `group by returned ${r.rows.length} groups, more than group_limit ${c.groupLimit}`),
      ];
    }
    const out: CheckResult[] = [];
    // Engines return groups in any order; sort them so results are stable across engines.
    const groups = r.rows
      .map((row) => ({ row, group: c.fields.map((f) => String(row[index(f)])) }))
      .sort((a, b) => (a.group.join('\u0000') < b.group.join('\u0000') ? -1 : 1));
    for (const { row, group } of groups) {
      for (const inner of c.checks) {
        const name = `${inner.name} [${group.join(',')}]`;
        const value = toNumber(row[index(inner.metric)]);
        if (value === null) {
          out.push(makeResult(bc, { outcome: null, value: null, name }));
          continue;
        }
        const j = judge(value, bc.lookup, { inline: inner.threshold, warn: inner.warn, fail: inner.fail });
        if ('error' in j) out.push(makeResult(bc, { outcome: null, error: j.error, name }));
        else
          out.push(
            makeResult(bc, {
              outcome: j.outcome,
              value,
              name,
              diagnostics: { group: Object.fromEntries(c.fields.map((f, i) => [f, group[i]])) },
            }),
          );
      }
    }
    return out;
  };
}
