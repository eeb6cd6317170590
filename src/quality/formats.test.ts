import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlString } from './dialect.js';
import { DuckDbSource } from './duckdb-source.js';
import { FORMATS, NUMERIC_FORMATS } from './formats.js';

// Appendix A of the conformance material: soda-core test_formats.py values (137).
const VALUES = JSON.parse(
  readFileSync(new URL('./fixtures/soda/format-values.json', import.meta.url), 'utf8'),
) as Record<string, { valid: string[]; invalid: string[] }>;

let db: DuckDbSource;
beforeAll(async () => {
  db = await DuckDbSource.open();
});
afterAll(async () => {
  await db.close();
});

describe('built-in formats', () => {
  it('has the 41 formats of soda-core, 20 of them numeric', () => {
    expect(Object.keys(FORMATS)).toHaveLength(41);
    expect(NUMERIC_FORMATS.has('percentage')).toBe(true);
    expect(NUMERIC_FORMATS.has('email')).toBe(false);
  });

  it.each(Object.entries(VALUES))(
    '%s matches the Soda test values on DuckDB',
    async (format, { valid, invalid }) => {
      const regex = FORMATS[format]!;
      const all = [...valid, ...invalid];
      const sql = `SELECT ${all.map((v) => `REGEXP_MATCHES(${sqlString(v)}, ${sqlString(regex)})`).join(', ')}`;
      const row = (await db.query(sql)).rows[0]!;
      expect(row).toEqual([...valid.map(() => true), ...invalid.map(() => false)]);
    },
  );

  it('keeps the credit card quirk: only the outer alternatives are anchored', async () => {
    const r = await db.query(
      `SELECT REGEXP_MATCHES('abc123456789012345xyz', ${sqlString(FORMATS['credit card number']!)})`,
    );
    expect(r.rows[0]).toEqual([true]);
  });
});
