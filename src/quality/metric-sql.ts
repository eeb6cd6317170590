/**
 * Metric → SQL, as soda-core v3 builds it (`numeric_query_metric.py`): the missing, valid and
 * invalid conditions and the aggregate expressions of the per-dataset aggregation query.
 */
import type { Dialect } from './dialect.js';
import { sqlLiteral } from './dialect.js';
import { FORMATS, NUMERIC_FORMATS } from './formats.js';
import type { ValidityConfig } from './model.js';
import { hasAnyValidity, hasInvalidSpec, hasValidSpec } from './parse-config.js';

const list = (values: readonly (string | number)[]): string => `(${values.map(sqlLiteral).join(', ')})`;

/** `c IS NULL OR c IN (...) OR <missing format> OR <missing regex>`. */
export function missingCondition(d: Dialect, c: string, cfg: ValidityConfig): string {
  const parts = [`${c} IS NULL`];
  if (cfg.missingValues?.length) parts.push(`${c} IN ${list(cfg.missingValues)}`);
  if (cfg.missingFormat) parts.push(d.regexMatch(c, FORMATS[cfg.missingFormat]!));
  if (cfg.missingRegex) parts.push(d.regexMatch(c, cfg.missingRegex));
  return parts.join(' OR ');
}

/** True when a numeric `valid format` makes text values compare as numbers. */
export function isNumericFormat(cfg: ValidityConfig): boolean {
  return cfg.validFormat !== undefined && NUMERIC_FORMATS.has(cfg.validFormat);
}

/** AND of every configured valid specification, or undefined when none is set. */
export function validCondition(d: Dialect, c: string, cfg: ValidityConfig): string | undefined {
  if (!hasValidSpec(cfg)) return undefined;
  const parts: string[] = [];
  if (cfg.validValues) parts.push(`${c} IN ${list(cfg.validValues)}`);
  if (cfg.validFormat) parts.push(d.regexMatch(c, FORMATS[cfg.validFormat]!));
  if (cfg.validRegex) parts.push(d.regexMatch(c, cfg.validRegex));
  if (cfg.validLength !== undefined) parts.push(`LENGTH(${c}) = ${cfg.validLength}`);
  if (cfg.validMinLength !== undefined) parts.push(`LENGTH(${c}) >= ${cfg.validMinLength}`);
  if (cfg.validMaxLength !== undefined) parts.push(`LENGTH(${c}) <= ${cfg.validMaxLength}`);
  const num = isNumericFormat(cfg) ? d.numberFromText(c) : c;
  if (cfg.validMin !== undefined) parts.push(`${num} >= ${cfg.validMin}`);
  if (cfg.validMax !== undefined) parts.push(`${num} <= ${cfg.validMax}`);
  return parts.join(' AND ');
}

/** OR of the explicit invalid specifications, or undefined when none is set. */
export function invalidCondition(d: Dialect, c: string, cfg: ValidityConfig): string | undefined {
  if (!hasInvalidSpec(cfg)) return undefined;
  const parts: string[] = [];
  if (cfg.invalidValues) parts.push(`${c} IN ${list(cfg.invalidValues)}`);
  if (cfg.invalidFormat) parts.push(d.regexMatch(c, FORMATS[cfg.invalidFormat]!));
  if (cfg.invalidRegex) parts.push(d.regexMatch(c, cfg.invalidRegex));
  return parts.join(' OR ');
}

/** The row-level condition counted by `invalid_count` (`FALSE` when nothing is configured). */
export function invalidCountCondition(d: Dialect, c: string, cfg: ValidityConfig): string {
  const valid = validCondition(d, c, cfg);
  const invalid = invalidCondition(d, c, cfg);
  if (valid === undefined && invalid === undefined) return 'FALSE';
  const bad = [
    valid !== undefined ? `NOT (${valid})` : undefined,
    invalid !== undefined ? `(${invalid})` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(' OR ');
  const cond = `NOT (${missingCondition(d, c, cfg)}) AND (${bad})`;
  return cfg.includeNull ? `${cond} OR ${c} IS NULL` : cond;
}

/**
 * The row-level condition counted by `valid_count`, and the filter of other aggregates when any
 * missing/valid configuration exists: non-missing and valid (a valid spec wins over an invalid
 * one, as in soda-core `build_non_missing_and_valid_condition`).
 */
export function validCountCondition(d: Dialect, c: string, cfg: ValidityConfig): string {
  const missing = `NOT (${missingCondition(d, c, cfg)})`;
  const includeNull = cfg.includeNull ? ` OR ${c} IS NULL` : '';
  const valid = validCondition(d, c, cfg);
  if (valid !== undefined) return `${missing} AND (${valid})${includeNull}`;
  const invalid = invalidCondition(d, c, cfg);
  if (invalid !== undefined) return `${missing} AND NOT (${invalid})${includeNull}`;
  return missing;
}

function countWhere(cond: string, filter: string | undefined): string {
  if (filter === undefined) return cond === 'TRUE' ? 'COUNT(*)' : `COUNT(CASE WHEN ${cond} THEN 1 END)`;
  return cond === 'TRUE'
    ? `COUNT(CASE WHEN ${filter} THEN 1 END)`
    : `COUNT(CASE WHEN (${filter}) AND (${cond}) THEN 1 END)`;
}

/** A simple metric of the aggregation query. */
export interface AggregateMetric {
  metric: string;
  column?: string;
  /** Second argument (percentile fraction). */
  fraction?: number;
  filter?: string;
  validity: ValidityConfig;
  /** User-defined aggregate expression, verbatim. */
  expression?: string;
  /** Failed-rows condition, counted. */
  failCondition?: string;
}

/** Compiles one {@link AggregateMetric} into its SELECT expression. */
export function aggregateSql(d: Dialect, m: AggregateMetric): string {
  const f = m.filter === undefined ? undefined : `(${m.filter})`;
  if (m.expression !== undefined) return m.expression;
  if (m.failCondition !== undefined) return countWhere(`(${m.failCondition})`, f);
  if (m.metric === 'row_count') return countWhere('TRUE', f);
  const c = m.column!;
  const cfg = m.validity;
  switch (m.metric) {
    case 'missing_count':
      return countWhere(`(${missingCondition(d, c, cfg)})`, f);
    case 'invalid_count':
      return countWhere(`(${invalidCountCondition(d, c, cfg)})`, f);
    case 'valid_count':
      return countWhere(`(${validCountCondition(d, c, cfg)})`, f);
    case 'freshness':
      return f === undefined ? `MAX(${c})` : `MAX(CASE WHEN ${f} THEN ${c} END)`;
  }
  // Other aggregates see only the non-missing, valid values (and the check filter).
  const conds: string[] = [];
  if (hasAnyValidity(cfg)) conds.push(`(${validCountCondition(d, c, cfg)})`);
  if (f !== undefined) conds.push(f);
  let x = conds.length ? `CASE WHEN ${conds.join(' AND ')} THEN ${c} END` : c;
  if (isNumericFormat(cfg)) x = d.numberFromText(x);
  switch (m.metric) {
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
      return `${m.metric.toUpperCase()}(${x})`;
    case 'min_length':
    case 'max_length':
    case 'avg_length':
      return `${m.metric.slice(0, 3).toUpperCase()}(LENGTH(${x}))`;
    case 'percentile':
    case 'percentile_disc':
      return d.percentileDisc(m.fraction ?? 0.5, x);
    default:
      return d.statistic(m.metric, x);
  }
}

/** The duplicate query: number of distinct non-NULL value combinations occurring more than once. */
export function duplicateCountSql(
  table: string,
  columns: readonly string[],
  where: readonly (string | undefined)[],
): string {
  const conds = [
    ...columns.map((c) => `${c} IS NOT NULL`),
    ...where.filter((w) => w !== undefined).map((w) => `(${w})`),
  ];
  return [
    'WITH frequencies AS (',
    '  SELECT COUNT(*) AS frequency',
    `  FROM ${table}`,
    `  WHERE ${conds.join(' AND ')}`,
    `  GROUP BY ${columns.join(', ')})`,
    'SELECT COUNT(*)',
    'FROM frequencies',
    'WHERE frequency > 1',
  ].join('\n');
}

/** The reference query: rows of `source` whose key is (not) found in `target`. */
export function referenceSql(
  source: string,
  columns: readonly string[],
  target: string,
  targetColumns: readonly string[],
  mustNotExist: boolean,
  partitionFilter: string | undefined,
): string {
  const on = columns.map((c, i) => `SOURCE.${c} = TARGET.${targetColumns[i]}`).join(' AND ');
  const miss = columns
    .map(
      (c, i) =>
        `(SOURCE.${c} IS NOT NULL AND TARGET.${targetColumns[i]} IS ${mustNotExist ? 'NOT ' : ''}NULL)`,
    )
    .join(' OR ');
  // The partition filter is applied in a subquery so its column names cannot clash with the target's.
  const from = partitionFilter === undefined ? source : `(SELECT * FROM ${source} WHERE ${partitionFilter})`;
  return `SELECT COUNT(*) FROM ${from} SOURCE LEFT JOIN ${target} TARGET ON ${on} WHERE ${miss}`;
}
