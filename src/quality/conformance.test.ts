import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdentifier, sqlString } from './dialect.js';
import { DuckDbSource } from './duckdb-source.js';
import { loadCases, runCase } from './fixtures/conformance.js';
import { FIXTURE_COLUMNS, FIXTURE_TABLES } from './fixtures/tables.js';

let db: DuckDbSource;

beforeAll(async () => {
  db = await DuckDbSource.open();
  for (const [table, { csv, columns }] of Object.entries(FIXTURE_TABLES)) {
    const cols = FIXTURE_COLUMNS[columns]!;
    const path = fileURLToPath(new URL(`./fixtures/soda/${csv}`, import.meta.url));
    const spec = cols.map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ');
    await db.execute(
      `CREATE TABLE ${quoteIdentifier(table)} AS SELECT * FROM read_csv(${sqlString(path)}, header = true, columns = {${spec}})`,
    );
  }
});

afterAll(async () => {
  await db.close();
});

describe('SodaCL conformance on DuckDB (cases derived from Soda Core v3 tests)', () => {
  const cases = loadCases();
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(await runCase(c, db)).toEqual([]);
  });
});

describe('more Soda Core v3 tests, translated for Kite (extra-cases.yaml) on DuckDB', () => {
  const cases = loadCases('extra-cases.yaml');
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    expect(await runCase(c, db)).toEqual([]);
  });
});
