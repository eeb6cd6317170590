/**
 * `scan()`: runs a parsed checks file against a data source and returns a Soda-shaped result.
 *
 * Order of work: bind checks to datasets (expanding `for each dataset`), validate columns
 * against information_schema, let every check register its simple metrics in its dataset's
 * partition, run ONE aggregation query per dataset/filter, then finish each check (running
 * the separate queries Soda also runs separately: duplicates, references, user queries).
 */
import type { Issue } from '../core/index.js';
import { type BoundCheck, errorResult, type Finisher, makeResult } from './bound-check.js';
import { prepareFreshness } from './check-freshness.js';
import { prepareMetric } from './check-metric.js';
import {
  prepareFailedRows,
  prepareGroupBy,
  prepareReference,
  prepareRowCountComparison,
} from './check-rows.js';
import { prepareSchema } from './check-schema.js';
import type { DataSource } from './data-source.js';
import { tableReference } from './dialect.js';
import type { MetricHistory } from './history.js';
import { BUILTIN_METRICS } from './metrics.js';
import type { Check, ChecksFile } from './model.js';
import { parseChecks } from './parse.js';
import type { CheckResult, ScanResult } from './result.js';
import { type Partition, ScanRun } from './scan-run.js';
import { didYouMean } from './suggest.js';
import { resolveVariables, type VariableLookup, variableLookup } from './variables.js';

/** Options of {@link scan}. */
export interface ScanOptions {
  dataSource: DataSource;
  /** Scan variables (`--var K=V`); they override the file's `variables:` section. */
  variables?: Record<string, string>;
  /** Environment for `${VAR}` (looked up first, as Soda does). Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Scan start time, also the default `${NOW}`. */
  now?: Date;
  /** Where change-over-time checks find past values; the scan records its metrics there. */
  history?: MetricHistory;
  /** `definitionName` of the result (default `kite`). */
  definitionName?: string;
  /** Findings from parsing, reported as scan logs. */
  parseIssues?: readonly Issue[];
}

const PLAIN_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function likePattern(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+?^${}()|[\]\\*]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Columns named by a check that must exist in its table. */
function columnsOf(check: Check): string[] {
  if (check.kind === 'metric' && check.expression === undefined && check.query === undefined) {
    if (!BUILTIN_METRICS.includes(check.metric)) return [];
    return check.metric.startsWith('percentile') ? check.args.slice(0, 1) : check.args;
  }
  if (check.kind === 'freshness') return [check.column];
  if (check.kind === 'reference') return check.columns;
  return [];
}

async function bindChecks(file: ChecksFile, run: ScanRun, base: VariableLookup): Promise<BoundCheck[]> {
  const bound: BoundCheck[] = [];
  const bind = (check: Check, lookup: VariableLookup): void => {
    const table = check.table === undefined ? undefined : resolveVariables(check.table, lookup);
    const bc: BoundCheck = {
      check,
      lookup,
      run,
      columnConfig: (table !== undefined ? file.configurations[table] : undefined) ?? {},
      ...(table !== undefined ? { table } : {}),
    };
    if (table !== undefined) {
      let where: string | undefined;
      if (check.partition !== undefined) {
        const raw =
          file.filters[`${check.table} [${check.partition}]`] ??
          file.filters[`${table} [${check.partition}]`];
        where = raw === undefined ? undefined : resolveVariables(raw, lookup);
      }
      bc.partition = run.partition(table, check.partition, where);
    }
    bound.push(bc);
  };
  for (const check of file.checks) bind(check, base);
  for (const each of file.forEach) {
    const tables = await run.listTables();
    const matching = tables.filter(
      (t) =>
        each.include.some((p) => likePattern(p.replace(/^[^.]+\./, '')).test(t)) &&
        !each.exclude.some((p) => likePattern(p.replace(/^[^.]+\./, '')).test(t)),
    );
    if (matching.length === 0) {
      run.log(
        'warning',
        `for each dataset ${each.alias}: no dataset matches ${each.include.join(', ')}`,
        each.location,
      );
    }
    for (const t of matching) {
      const ref = tableReference(t);
      const lookup: VariableLookup = (name) => (name === each.alias ? ref : base(name));
      for (const check of each.checks) bind(check, lookup);
    }
  }
  return bound;
}

/** The first 20 names, then how many more. */
function listSome(names: readonly string[]): string {
  return names.length <= 20
    ? names.join(', ')
    : `${names.slice(0, 20).join(', ')} and ${names.length - 20} more`;
}

/** Returns an error message when the check's table or columns do not exist. */
async function validateColumns(bc: BoundCheck): Promise<string | undefined> {
  if (bc.table === undefined || bc.check.kind === 'group_by' || bc.check.errors?.length) return undefined;
  const columns = await bc.run.columns(bc.table);
  if ('error' in columns) return columns.error;
  if (columns.length === 0) {
    const tables = await bc.run.listTables();
    return `table '${bc.table}' not found.${didYouMean(bc.table, tables)}${tables.length ? ` Tables: ${listSome(tables)}.` : ''}`;
  }
  const names = columns.map((c) => c.name);
  for (const col of columnsOf(bc.check)) {
    if (!PLAIN_COLUMN.test(col)) continue;
    if (!names.some((n) => n.toLowerCase() === col.toLowerCase())) {
      return `column '${col}' not found in '${bc.table}'.${didYouMean(col, names)} Columns: ${listSome(names)}.`;
    }
  }
  return undefined;
}

function prepare(
  bc: BoundCheck,
  file: ChecksFile,
  run: ScanRun,
  history: MetricHistory | undefined,
): Finisher {
  const c = bc.check;
  if (c.errors?.length) {
    // Already logged as parse issues: report the check as not evaluated without logging twice.
    const message = c.errors.join('; ');
    return async () => [
      makeResult(bc, { outcome: null, reason: { code: 'error', message, severity: 'error' } }),
    ];
  }
  if (c.partition !== undefined && bc.partition?.where === undefined) {
    const message = `Filter not declared: add 'filter ${c.table} [${c.partition}]:' with 'where: <SQL condition>'`;
    return async () => [errorResult(bc, message)];
  }
  switch (c.kind) {
    case 'metric':
      return prepareMetric(bc, c, history);
    case 'freshness':
      return prepareFreshness(bc, c);
    case 'schema':
      return prepareSchema(bc, c, history);
    case 'reference':
      return prepareReference(bc, c);
    case 'failed_rows':
      return prepareFailedRows(bc, c);
    case 'group_by':
      return prepareGroupBy(bc, c);
    case 'invalid':
      return async () => [];
    case 'row_count_comparison': {
      let other: Partition | string;
      const table = resolveVariables(c.other, bc.lookup);
      if (c.otherDataSource !== undefined)
        other = `row_count same as ... in ${c.otherDataSource}: other data sources are not supported`;
      else if (c.otherPartition !== undefined) {
        const where = file.filters[`${c.other} [${c.otherPartition}]`];
        other =
          where === undefined
            ? `Filter not declared: add 'filter ${c.other} [${c.otherPartition}]:' with 'where: <SQL condition>'`
            : run.partition(table, c.otherPartition, resolveVariables(where, bc.lookup));
      } else other = run.partition(table, undefined, undefined);
      return prepareRowCountComparison(bc, c, other);
    }
  }
}

/**
 * Runs the checks of `file` (a parsed file or SodaCL text) on `options.dataSource`.
 *
 * @example
 * ```ts
 * const db = await DuckDbSource.open();
 * await db.register('customers', 'customers.csv');
 * const result = await scan('checks for customers:\n  - row_count > 0\n', { dataSource: db });
 * exitCodeOf(result); // 0
 * ```
 */
export async function scan(file: ChecksFile | string, options: ScanOptions): Promise<ScanResult> {
  const now = options.now ?? new Date();
  let parseIssues = options.parseIssues ?? [];
  if (typeof file === 'string') {
    const parsed = parseChecks(file);
    file = parsed.checks;
    parseIssues = [...parseIssues, ...parsed.issues];
  }
  const run = new ScanRun(options.dataSource, options.definitionName ?? 'kite', now);
  for (const i of parseIssues)
    run.log(i.severity === 'warning' ? 'warning' : 'error', `${i.path}: ${i.message}`);
  const env = options.env ?? process.env;
  const scanVariables: Record<string, string> = { NOW: now.toISOString() };
  // `variables:` values may use earlier variables; --var values win over the file's.
  for (const [k, v] of Object.entries(file.variables)) {
    scanVariables[k] = resolveVariables(v, variableLookup(env, scanVariables));
  }
  Object.assign(scanVariables, options.variables);
  const lookup = variableLookup(env, scanVariables);

  const bound = await bindChecks(file, run, lookup);
  const finishers: Finisher[] = [];
  for (const bc of bound) {
    const problem = await validateColumns(bc);
    finishers.push(
      problem !== undefined
        ? async () => [errorResult(bc, problem)]
        : prepare(bc, file, run, options.history),
    );
  }
  for (const p of run.partitions.values()) await p.execute(run);
  const checks: CheckResult[] = [];
  for (const finish of finishers) checks.push(...(await finish()));
  if (checks.length === 0 && parseIssues.length === 0)
    run.log('warning', 'No valid checks found, 0 checks evaluated.');

  if (options.history) {
    const values = run.metrics.flatMap((m) =>
      typeof m.value === 'number' ? [{ identity: m.identity, value: m.value }] : [],
    );
    await options.history.record(values, now.toISOString());
    for (const [identity, columns] of run.schemasToRecord) {
      await options.history.recordSchema(identity, { columns, time: now.toISOString() });
    }
  }
  const end = new Date();
  return {
    definitionName: run.definitionName,
    defaultDataSource: options.dataSource.name,
    dataTimestamp: now.toISOString(),
    scanStartTimestamp: now.toISOString(),
    scanEndTimestamp: end.toISOString(),
    hasErrors: run.logs.some((l) => l.level === 'error'),
    hasWarnings: checks.some((c) => c.outcome === 'warn'),
    hasFailures: checks.some((c) => c.outcome === 'fail'),
    metrics: run.metrics,
    checks,
    queries: run.queries,
    automatedMonitoringChecks: [],
    profiling: [],
    metadata: [],
    logs: run.logs,
    sourceOwner: 'kite',
  };
}
