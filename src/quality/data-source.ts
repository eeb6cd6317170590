/**
 * Where checks run: a SQL engine behind a few methods. DuckDB (embedded) and PostgreSQL are in
 * sibling files; add an engine by implementing {@link DataSource} and a {@link Dialect}.
 */
import type { Dialect } from './dialect.js';

/** A JS value read from SQL: numbers (bigint and decimals converted), text, booleans, dates. */
export type SqlValue = number | string | boolean | Date | null;

/** Rows of one query. */
export interface QueryResult {
  columns: string[];
  rows: SqlValue[][];
}

/** A connection the scanner runs its SQL on. */
export interface DataSource {
  /** Name shown in results (`dataSource`), e.g. `duckdb` or `postgres`. */
  readonly name: string;
  readonly dialect: Dialect;
  /** Runs one statement and returns all rows. */
  query(sql: string): Promise<QueryResult>;
  /** Names of the tables and views that checks may refer to (for `for each dataset`). */
  listTables(): Promise<string[]>;
  close(): Promise<void>;
}
