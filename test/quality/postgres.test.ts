/**
 * SodaCL conformance on a real PostgreSQL server. Set KITE_PG_URL (e.g.
 * postgres://postgres:postgres@localhost:5432/postgres); without a reachable server the suite
 * is skipped with a message.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.js';
import { quoteIdentifier, sqlLiteral } from '../../src/quality/dialect.js';
import { loadCases, runCase } from '../../src/quality/fixtures/conformance.js';
import { FIXTURE_COLUMNS, FIXTURE_TABLES } from '../../src/quality/fixtures/tables.js';
import { PostgresSource } from '../../src/quality/postgres-source.js';
import { scan } from '../../src/quality/scan.js';

const URL_ = process.env.KITE_PG_URL;
const SCHEMA = `kite_quality_${process.pid}`;

async function connect(): Promise<PostgresSource | undefined> {
  if (!URL_) return undefined;
  try {
    return await PostgresSource.connect(URL_);
  } catch (error) {
    console.warn(`PostgreSQL tests skipped: cannot connect to KITE_PG_URL (${(error as Error).message})`);
    return undefined;
  }
}

/** The fixture CSV convention: quoted text, an empty unquoted field is NULL. */
function readCsv(path: string): (string | null)[][] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) =>
    [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
      .slice(0, -1)
      .map(([, f]) => (f === '' ? null : f!.startsWith('"') ? f!.slice(1, -1).replaceAll('""', '"') : f!)),
  );
}

const db = await connect();
if (!URL_)
  console.warn(
    'PostgreSQL tests skipped: set KITE_PG_URL (e.g. postgres://postgres:postgres@localhost:5432/postgres) to run them.',
  );

describe.skipIf(!db)('SodaCL conformance on PostgreSQL', () => {
  beforeAll(async () => {
    await db!.query(`CREATE SCHEMA ${SCHEMA}`);
    await db!.query(`SET search_path TO ${SCHEMA}`);
    for (const [table, { csv, columns }] of Object.entries(FIXTURE_TABLES)) {
      const cols = FIXTURE_COLUMNS[columns]!;
      await db!.query(
        `CREATE TABLE ${table} (${cols.map(([n, , pg]) => `${quoteIdentifier(n)} ${pg}`).join(', ')})`,
      );
      const rows = readCsv(new URL(`../../src/quality/fixtures/soda/${csv}`, import.meta.url).pathname);
      const values = rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : sqlLiteral(v))).join(', ')})`);
      await db!.query(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
    }
  });

  afterAll(async () => {
    await db!.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
    await db!.close();
  });

  // PostgreSQL reports FLOAT columns as 'double precision' (schema cases are written for DuckDB).
  const cases = [...loadCases(), ...loadCases('extra-cases.yaml')].map((c) => ({
    ...c,
    sodacl: c.sodacl.replace('cst_size: decimal(18,3)', 'cst_size: double precision'),
  }));
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(await runCase(c, db!)).toEqual([]);
  });

  it('reports a check on a missing column as an error with a suggestion', async () => {
    const result = await scan('checks for customers:\n  - missing_count(emial) = 0\n', {
      dataSource: db!,
      env: {},
    });
    expect(result.hasErrors).toBe(true);
    expect(result.checks[0]?.outcome).toBeNull();
    expect(result.checks[0]?.outcomeReasons[0]?.message).toContain("Did you mean 'email'?");
  });

  it('runs kite check --postgres with schema-qualified tables and exits like Soda', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-pg-'));
    writeFileSync(
      join(dir, 'c.yml'),
      `checks for ${SCHEMA}.customers:\n  - row_count = 10\n  - duplicate_count(cat) = 0\n  - schema:\n      fail:\n        when required column missing: [id]\n`,
    );
    const out: string[] = [];
    const code = await checkCommand.run(
      { positionals: ['c.yml'], values: { postgres: URL_!, 'no-history': true } },
      {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        isTty: false,
        cwd: dir,
        env: {},
        signal: new AbortController().signal,
      },
    );
    expect(out.join('')).toContain('Oops! 1 failure. 0 warnings. 0 errors. 2 pass.');
    expect(code).toBe(2);
  });
});
