/**
 * The state of one scan: logs, queries, metrics, the per-dataset aggregation queries and the
 * cached table schemas.
 */
import { digestOf, messageOf } from '../core/index.js';
import type { DataSource, QueryResult, SqlValue } from './data-source.js';
import { tableReference } from './dialect.js';
import { type AggregateMetric, aggregateSql } from './metric-sql.js';
import type { Location } from './model.js';
import type { LogRecord, MetricResult, QueryRecord } from './result.js';

/** A column as information_schema reports it. */
export interface ColumnInfo {
  name: string;
  type: string;
}

interface Entry {
  sql: string;
  value?: SqlValue;
  error?: string;
}

/**
 * A dataset or a named filter of it: all its simple metrics go into ONE aggregation query.
 */
export class Partition {
  private readonly entries = new Map<string, Entry>();
  private executed = false;

  constructor(
    readonly table: string,
    readonly name: string | undefined,
    readonly where: string | undefined,
  ) {}

  /** Registers a metric (deduplicated by its SQL) and returns its key. */
  add(run: ScanRun, metric: AggregateMetric): string {
    const sql = aggregateSql(run.dataSource.dialect, metric);
    if (!this.entries.has(sql)) this.entries.set(sql, { sql });
    return sql;
  }

  /** The value of a registered metric after {@link execute}. */
  result(key: string): { value: SqlValue; error?: string } {
    const e = this.entries.get(key);
    if (!e) return { value: null, error: 'metric was not registered' };
    return e.error === undefined ? { value: e.value ?? null } : { value: null, error: e.error };
  }

  private from(): string {
    return `FROM ${this.table}${this.where === undefined ? '' : `\nWHERE ${this.where}`}`;
  }

  /** Runs the aggregation query; when it fails, runs each expression alone to find the culprit. */
  async execute(run: ScanRun): Promise<void> {
    if (this.executed || this.entries.size === 0) return;
    this.executed = true;
    const list = [...this.entries.values()];
    const sql = `SELECT\n  ${list.map((e) => e.sql).join(',\n  ')}\n${this.from()}`;
    const label = `${run.dataSource.name}.${this.table}${this.name ? `[${this.name}]` : ''}.aggregation[0]`;
    const r = await run.query(label, sql, { table: this.table, partition: this.name ?? null });
    if (!('error' in r)) {
      list.forEach((e, i) => {
        e.value = r.rows[0]?.[i] ?? null;
      });
      return;
    }
    if (list.length === 1) {
      list[0]!.error = r.error;
      return;
    }
    for (const [i, e] of list.entries()) {
      const one = await run.query(`${label}.isolated[${i}]`, `SELECT\n  ${e.sql}\n${this.from()}`, {
        table: this.table,
        partition: this.name ?? null,
      });
      if ('error' in one) e.error = one.error;
      else e.value = one.rows[0]?.[0] ?? null;
    }
  }
}

/** Mutable state of one scan. */
export class ScanRun {
  readonly logs: LogRecord[] = [];
  readonly queries: QueryRecord[] = [];
  readonly metrics: MetricResult[] = [];
  readonly partitions = new Map<string, Partition>();
  /** Schemas measured by schema checks, recorded in the history at the end of the scan. */
  readonly schemasToRecord = new Map<string, ColumnInfo[]>();
  private readonly schemas = new Map<string, Promise<ColumnInfo[] | { error: string }>>();
  private tables: Promise<string[]> | undefined;

  constructor(
    readonly dataSource: DataSource,
    readonly definitionName: string,
    readonly now: Date,
  ) {}

  log(level: LogRecord['level'], message: string, location?: Location): void {
    this.logs.push({
      level,
      message,
      timestamp: new Date().toISOString(),
      index: this.logs.length,
      ...(location ? { location: { filePath: location.file, line: location.line, col: location.col } } : {}),
    });
  }

  /** Runs a query, records it, and returns rows or the error message. */
  async query(
    name: string,
    sql: string,
    meta: { table?: string | null; partition?: string | null; column?: string | null } = {},
  ): Promise<QueryResult | { error: string }> {
    const record: QueryRecord = {
      name,
      dataSource: this.dataSource.name,
      table: meta.table ?? null,
      partition: meta.partition ?? null,
      column: meta.column ?? null,
      sql,
    };
    this.queries.push(record);
    try {
      return await this.dataSource.query(sql);
    } catch (error) {
      record.exception = messageOf(error);
      return { error: `query ${name} failed: ${messageOf(error)}` };
    }
  }

  /** The partition for `table` (+ named filter), created on first use. */
  partition(table: string, name: string | undefined, where: string | undefined): Partition {
    const key = `${table}\u0000${name ?? ''}`;
    let p = this.partitions.get(key);
    if (!p) {
      p = new Partition(table, name, where);
      this.partitions.set(key, p);
    }
    return p;
  }

  /** The columns of `table` (cached); an empty list when the table does not exist. */
  columns(table: string): Promise<ColumnInfo[] | { error: string }> {
    let p = this.schemas.get(table);
    if (!p) {
      p = this.fetchColumns(table);
      this.schemas.set(table, p);
    }
    return p;
  }

  private async fetchColumns(table: string): Promise<ColumnInfo[] | { error: string }> {
    const { schema, name, exact } = splitTableName(table);
    const sql = this.dataSource.dialect.schemaQuery(schema, name, exact);
    const r = await this.query(`${this.dataSource.name}.${table}.schema`, sql, { table });
    if ('error' in r) return r;
    return r.rows.map((row) => ({ name: String(row[0]), type: String(row[1]).toLowerCase() }));
  }

  /** Table names of the data source (cached). */
  listTables(): Promise<string[]> {
    this.tables ??= this.dataSource.listTables().catch(() => []);
    return this.tables;
  }

  /** Soda-style metric identity. */
  metricIdentity(
    table: string | undefined,
    partition: string | undefined,
    column: string | undefined,
    metric: string,
    config: unknown,
  ): string {
    const parts = ['metric', this.definitionName, this.dataSource.name];
    if (table !== undefined) parts.push(table);
    if (partition !== undefined) parts.push(partition);
    if (column !== undefined) parts.push(column);
    parts.push(metric);
    const hasConfig =
      config !== undefined &&
      Object.values(config as object).some(
        (v) =>
          v !== undefined &&
          !(Array.isArray(v) && v.length === 0) &&
          !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0),
      );
    if (hasConfig) parts.push(digestOf(config).slice(0, 8));
    return parts.join('-');
  }

  /** Records a metric value in the result (once per identity). */
  addMetric(identity: string, metricName: string, value: number | string | null): void {
    if (this.metrics.some((m) => m.identity === identity)) return;
    this.metrics.push({ identity, metricName, value });
  }
}

/** Splits `schema.table` / `"Quoted"` into its parts; quoted names compare exactly. */
export function splitTableName(table: string): { schema: string | undefined; name: string; exact: boolean } {
  const unquote = (s: string): string => s.replace(/^["`[](.*)["`\]]$/, '$1');
  const quoted = /^["`[]/.test(table);
  const dot = quoted ? -1 : table.lastIndexOf('.');
  if (dot > 0)
    return { schema: unquote(table.slice(0, dot)), name: unquote(table.slice(dot + 1)), exact: false };
  return { schema: undefined, name: unquote(table), exact: quoted };
}

/** A data-derived table name made safe for SQL. */
export { tableReference };

/** A value read from SQL as a number (null stays null; text that is not a number and dates are null). */
export function toNumber(v: SqlValue | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return null;
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
}
