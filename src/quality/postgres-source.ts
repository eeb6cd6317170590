/**
 * The PostgreSQL data source (`pg`).
 */
import pg from 'pg';
import { KiteError, messageOf } from '../core/index.js';
import type { DataSource, QueryResult, SqlValue } from './data-source.js';
import { postgresDialect } from './dialect.js';

// Numbers come back as numbers (COUNT is int8, AVG numeric): Soda converts them to float too.
const NUMERIC_OIDS = [20, 1700];

function pgValue(v: unknown, oid: number): SqlValue {
  if (v === null || v === undefined) return null;
  if (NUMERIC_OIDS.includes(oid) && typeof v === 'string') return Number(v);
  if (oid === 1114 && typeof v === 'string') return new Date(`${v.replace(' ', 'T')}Z`);
  if (v instanceof Date || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** A PostgreSQL database reached through a connection URL. */
export class PostgresSource implements DataSource {
  readonly name = 'postgres';
  readonly dialect = postgresDialect;

  private constructor(private readonly client: pg.Client) {}

  /**
   * Connects to `url` (`postgres://user:pass@host:5432/db`).
   *
   * @example
   * ```ts
   * const db = await PostgresSource.connect(process.env.KITE_PG_URL!);
   * ```
   */
  static async connect(url: string): Promise<PostgresSource> {
    // DATE and TIMESTAMP are parsed by us (as UTC), not by pg (as local time).
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 1082 || oid === 1114 ? (v: string) => v : pg.types.getTypeParser(oid, format),
    };
    const client = new pg.Client({ connectionString: url, types } as pg.ClientConfig);
    try {
      await client.connect();
    } catch (error) {
      throw new KiteError('REMOTE', `cannot connect to PostgreSQL: ${messageOf(error)}`, {
        cause: error,
        hint: 'check the --postgres URL (postgres://user:password@host:5432/database)',
      });
    }
    return new PostgresSource(client);
  }

  async query(sql: string): Promise<QueryResult> {
    const r = await this.client.query({ text: sql, rowMode: 'array' });
    const oids = r.fields.map((f) => f.dataTypeID);
    return {
      columns: r.fields.map((f) => f.name),
      rows: (r.rows as unknown[][]).map((row) => row.map((v, i) => pgValue(v, oids[i] ?? 0))),
    };
  }

  async listTables(): Promise<string[]> {
    const r = await this.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name',
    );
    return r.rows.map((row) => String(row[0]));
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
