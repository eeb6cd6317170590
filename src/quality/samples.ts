/**
 * Failed-row samples: the rows behind a failing count, kept in the check's diagnostics
 * (`blocks`, type `failedRowsAnalysis`) so that reports can show them. Soda's DefaultSampler
 * does the same without Soda Cloud; Kite samples only checks that warn or fail.
 */
import type { BoundCheck } from './bound-check.js';
import type { SqlValue } from './data-source.js';
import { invalidCountCondition, missingCondition } from './metric-sql.js';
import type { ValidityConfig } from './model.js';

/** Soda's default `samples limit`. */
export const DEFAULT_SAMPLES_LIMIT = 100;

/** A `failedRowsAnalysis` diagnostics block. */
export interface SampleBlock {
  type: 'failedRowsAnalysis';
  title: string;
  totalFailingRows: number;
  sampleRowCount: number;
  columns: string[];
  rows: (SqlValue | string)[][];
  query: string;
}

/** Runs `sql` (which must end without LIMIT) and returns a block, or undefined on error. */
export async function sampleBlock(
  bc: BoundCheck,
  title: string,
  sql: string,
  total: number,
): Promise<SampleBlock | undefined> {
  const limit = bc.check.samplesLimit ?? DEFAULT_SAMPLES_LIMIT;
  if (limit <= 0 || total <= 0) return undefined;
  const query = `${sql}\nLIMIT ${limit}`;
  const r = await bc.run.query(`${bc.run.dataSource.name}.${bc.table ?? ''}.samples`, query, {
    table: bc.table ?? null,
    partition: bc.partition?.name ?? null,
  });
  if ('error' in r) {
    bc.run.log('warning', `could not collect samples: ${r.error}`, bc.check.location);
    return undefined;
  }
  return {
    type: 'failedRowsAnalysis',
    title,
    totalFailingRows: total,
    sampleRowCount: r.rows.length,
    columns: r.columns,
    rows: r.rows.map((row) => row.map((v) => (v instanceof Date ? v.toISOString() : v))),
    query,
  };
}

function where(conds: (string | undefined)[]): string {
  const list = conds.filter((c) => c !== undefined).map((c) => `(${c})`);
  return list.length ? `\nWHERE ${list.join(' AND ')}` : '';
}

/** The rows counted by `missing_count` / `invalid_count` of `column`. */
export function countSamplesSql(
  bc: BoundCheck,
  metric: 'missing_count' | 'invalid_count',
  column: string,
  validity: ValidityConfig,
  filter: string | undefined,
): string {
  const d = bc.run.dataSource.dialect;
  const cond =
    metric === 'missing_count'
      ? missingCondition(d, column, validity)
      : invalidCountCondition(d, column, validity);
  return `SELECT * FROM ${bc.table}${where([cond, filter, bc.partition?.where])}`;
}

/** The duplicated value combinations with their frequency, most frequent first. */
export function duplicateSamplesSql(
  bc: BoundCheck,
  columns: readonly string[],
  filter: string | undefined,
): string {
  const cols = columns.join(', ');
  return `SELECT ${cols}, COUNT(*) AS frequency FROM ${bc.table}${where([
    ...columns.map((c) => `${c} IS NOT NULL`),
    filter,
    bc.partition?.where,
  ])}\nGROUP BY ${cols}\nHAVING COUNT(*) > 1\nORDER BY frequency DESC`;
}
