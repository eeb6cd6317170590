/**
 * The embedded DuckDB data source: files (CSV, Parquet, JSON/NDJSON) become views, a `.duckdb`
 * file is attached read-only.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { KiteError, messageOf } from '../core/index.js';
import type { DataSource, QueryResult, SqlValue } from './data-source.js';
import { duckdbDialect, quoteIdentifier, sqlString } from './dialect.js';

const READERS: Readonly<Record<string, string>> = {
  '.csv': 'read_csv',
  '.tsv': 'read_csv',
  '.parquet': 'read_parquet',
  '.json': 'read_json_auto',
  '.ndjson': 'read_json_auto',
  '.jsonl': 'read_json_auto',
};

/** File formats {@link DuckDbSource.register} reads. */
export type DataFormat = 'csv' | 'parquet' | 'json' | 'duckdb';

const FORMAT_READERS: Readonly<Record<Exclude<DataFormat, 'duckdb'>, string>> = {
  csv: 'read_csv',
  parquet: 'read_parquet',
  json: 'read_json_auto',
};

/**
 * The format of a data file: from its extension, else from its first bytes (Parquet magic,
 * DuckDB header, JSON brackets), else CSV. Directories are read as Parquet datasets.
 */
export function detectFormat(path: string): DataFormat {
  const ext = extname(path).toLowerCase();
  const reader = READERS[ext];
  if (reader) return reader === 'read_parquet' ? 'parquet' : reader === 'read_csv' ? 'csv' : 'json';
  if (ext === '.duckdb' || ext === '.db') return 'duckdb';
  if (statSync(path).isDirectory()) return 'parquet';
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head.subarray(8, 12).toString('latin1') === 'DUCK') return 'duckdb';
  const first = head.toString('utf8').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/** Converts a DuckDB value (bigint, DECIMAL, DATE, TIMESTAMP, ...) into a {@link SqlValue}. */
export function duckValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'object') {
    const o = v as { micros?: bigint; days?: number; toDouble?: () => number; toString(): string };
    if (typeof o.micros === 'bigint' && !('months' in o)) return new Date(Number(o.micros / 1000n));
    // A DATE stays a 'YYYY-MM-DD' string (freshness reads it as the end of that day, like Soda).
    if (typeof o.days === 'number' && !('months' in o))
      return new Date(o.days * 86_400_000).toISOString().slice(0, 10);
    if (typeof o.toDouble === 'function') return o.toDouble();
    return o.toString();
  }
  return String(v);
}

/** An embedded DuckDB database. */
export class DuckDbSource implements DataSource {
  readonly name = 'duckdb';
  readonly dialect = duckdbDialect;
  private attached = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens an in-memory database, or a database file (read-only) when `path` is given.
   *
   * @example
   * ```ts
   * const db = await DuckDbSource.open();
   * await db.register('customers', 'data/customers.csv');
   * ```
   */
  static async open(path?: string): Promise<DuckDbSource> {
    try {
      const instance = await DuckDBInstance.create(
        path ?? ':memory:',
        path ? { access_mode: 'READ_ONLY' } : {},
      );
      return new DuckDbSource(instance, await instance.connect());
    } catch (error) {
      throw new KiteError('IO', `cannot open DuckDB database ${path ?? ':memory:'}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Makes `file` queryable as table `name`: a view over CSV/Parquet/JSON, or the table `name`
   * (or the only table) of an attached `.duckdb` file.
   */
  async register(name: string, file: string, format?: DataFormat): Promise<void> {
    const path = resolve(file);
    if (!existsSync(path)) {
      throw new KiteError('NOT_FOUND', `data file for '${name}' not found: ${file}`, {
        hint: 'pass --data <table>=<path to a CSV, Parquet, JSON/NDJSON or .duckdb file>',
      });
    }
    try {
      const kind = format ?? detectFormat(path);
      if (kind === 'duckdb') {
        const alias = `kite_attached_${this.attached++}`;
        await this.connection.run(`ATTACH ${sqlString(path)} AS ${alias} (READ_ONLY)`);
        const tables = (
          await this.query(
            `SELECT table_name FROM information_schema.tables WHERE table_catalog = ${sqlString(alias)}`,
          )
        ).rows.map((r) => String(r[0]));
        const table =
          tables.find((t) => t.toLowerCase() === name.toLowerCase()) ??
          (tables.length === 1 ? tables[0] : undefined);
        if (!table) {
          throw new KiteError(
            'NOT_FOUND',
            `no table '${name}' in ${file} (it has: ${tables.join(', ') || 'none'})`,
          );
        }
        await this.connection.run(
          `CREATE OR REPLACE VIEW ${quoteIdentifier(name)} AS SELECT * FROM ${alias}.${quoteIdentifier(table)}`,
        );
        return;
      }
      const source = statSync(path).isDirectory() ? `${path}/**/*.parquet` : path;
      const reader = FORMAT_READERS[kind];
      await this.connection.run(
        `CREATE OR REPLACE VIEW ${quoteIdentifier(name)} AS SELECT * FROM ${reader}(${sqlString(source)})`,
      );
      // Views are lazy: read the header now so that an unreadable file is reported here.
      await this.connection.run(`SELECT * FROM ${quoteIdentifier(name)} LIMIT 0`);
    } catch (error) {
      if (error instanceof KiteError) throw error;
      throw new KiteError(
        'INVALID_DATA',
        `cannot read data file '${file}' for table '${name}': ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Runs a statement that returns nothing (DDL, COPY). */
  async execute(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(sql: string): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(duckValue)) };
  }

  async listTables(): Promise<string[]> {
    const r = await this.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name",
    );
    return r.rows.map((row) => String(row[0]));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
