// biome-ignore-all lint/suspicious/noTemplateCurlyInString: SodaCL writes variables as ${VAR}
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf } from './check-metric.js';
import { DuckDbSource } from './duckdb-source.js';
import { MemoryHistory } from './history.js';
import { formatScan, formatScanMarkdown } from './report.js';
import { exitCodeOf } from './result.js';
import { scan } from './scan.js';

let db: DuckDbSource;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kite-quality-'));
  writeFileSync(
    join(dir, 'people.csv'),
    "id,name,age,city\n1,ann,31,Gent\n2,bob,,Gent\n3,cid,45,O'Hara\n3,dan,17,\n5,eve,,Gent\n",
  );
  db = await DuckDbSource.open();
  await db.register('people', join(dir, 'people.csv'));
  await db.execute(`COPY (SELECT * FROM people) TO '${join(dir, 'people.parquet')}' (FORMAT parquet)`);
  await db.execute(`COPY (SELECT * FROM people) TO '${join(dir, 'people.ndjson')}' (FORMAT json)`);
  await db.register('people_pq', join(dir, 'people.parquet'));
  await db.register('people_js', join(dir, 'people.ndjson'));
});

afterAll(async () => {
  await db.close();
});

const run = (text: string, extra: Partial<Parameters<typeof scan>[1]> = {}) =>
  scan(text, { dataSource: db, env: {}, ...extra });

describe('scan on DuckDB', () => {
  it('computes all simple metrics of a dataset in ONE aggregation query', async () => {
    const r = await run(
      'checks for people:\n  - row_count = 5\n  - missing_count(age) = 2\n  - missing_percent(age) = 40\n  - avg(age) = 31\n  - max_length(name) = 3\n',
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    const aggregations = r.queries.filter((q) => q.name.includes('aggregation'));
    expect(aggregations).toHaveLength(1);
    // row_count is shared by the row_count check and the percent denominator.
    expect(aggregations[0]!.sql.match(/COUNT\(\*\)/g)).toHaveLength(1);
  });

  it('computes duplicate and valid percents as Soda does', async () => {
    const r = await run(
      'checks for people:\n  - duplicate_count(id) = 1\n  - duplicate_percent(id) = 20\n  - valid_percent(city) = 60:\n      valid values: [Gent]\n',
    );
    expect(r.checks.map((c) => [c.outcome, c.diagnostics.value])).toEqual([
      ['pass', 1],
      ['pass', 20],
      ['pass', 60],
    ]);
  });

  it('quotes configured values, so a quote in data or config cannot break the SQL', async () => {
    const r = await run(
      'checks for people:\n  - invalid_count(city) = 0:\n      valid values: [Gent, "O\'Hara"]\n',
    );
    expect(r.checks[0]).toMatchObject({ outcome: 'pass', diagnostics: { value: 0 } });
  });

  it('isolates a failing expression: only its check errors', async () => {
    const r = await run(
      'checks for people:\n  - row_count > 0\n  - bad > 0:\n      bad expression: NO_SUCH_FUNCTION(age)\n',
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', null]);
    expect(r.checks[1]!.outcomeReasons[0]!.message).toContain('NO_SUCH_FUNCTION');
    expect(exitCodeOf(r)).toBe(3);
  });

  it('treats a NULL metric as not evaluated, without error', async () => {
    const r = await run("checks for people:\n  - avg(age) > 0:\n      filter: city = 'nowhere'\n");
    expect(r.checks[0]).toMatchObject({ outcome: null, diagnostics: { value: null } });
    expect(exitCodeOf(r)).toBe(0);
  });

  it('suggests the table when it does not exist, and requires declared filters', async () => {
    const r = await run('checks for peple:\n  - row_count > 0\nchecks for people [x]:\n  - row_count > 0\n');
    expect(r.checks[0]!.outcomeReasons[0]!.message).toContain(
      "table 'peple' not found. Did you mean 'people'?",
    );
    expect(r.checks[1]!.outcomeReasons[0]!.message).toContain(
      "Filter not declared: add 'filter people [x]:'",
    );
  });

  it('expands for each dataset with include and exclude patterns', async () => {
    const r = await run(
      'for each dataset T:\n  datasets:\n    - people%\n    - exclude people_js\n  checks:\n    - row_count = 5:\n        name: rows of ${T}\n',
    );
    expect(r.checks.map((c) => [c.table, c.name, c.outcome])).toEqual([
      ['people', 'rows of people', 'pass'],
      ['people_pq', 'rows of people_pq', 'pass'],
    ]);
  });

  it('reads Parquet and NDJSON files like CSV', async () => {
    const r = await run(
      'checks for people_js:\n  - missing_count(age) = 2\nchecks for people_pq:\n  - max(age) = 45\n',
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'pass']);
  });

  it('looks variables up in the environment first, then in scan variables', async () => {
    const text = 'checks for people:\n  - row_count = ${N}\n';
    expect((await run(text, { variables: { N: '5' } })).checks[0]!.outcome).toBe('pass');
    expect((await run(text, { variables: { N: '5' }, env: { N: '4' } })).checks[0]!.outcome).toBe('fail');
  });

  it('compares with past scans for change-over-time checks', async () => {
    const history = new MemoryHistory();
    const text =
      'checks for people:\n  - change for row_count < 1\n  - change percent for missing_count(age) < 10\n';
    const first = await run(text, { history, now: new Date('2024-01-01T00:00:00Z') });
    expect(first.checks.map((c) => c.outcome)).toEqual([null, null]);
    expect(first.checks[0]!.outcomeReasons[0]!.code).toBe('notEnoughHistory');
    const second = await run(text, { history, now: new Date('2024-01-02T00:00:00Z') });
    expect(second.checks.map((c) => [c.outcome, c.diagnostics.value])).toEqual([
      ['pass', 0],
      ['pass', 0],
    ]);
  });

  it('keeps failed-row samples and prints console and Markdown reports', async () => {
    const r = await run(
      'checks for people:\n  - failed rows:\n      fail condition: age < 18\n  - row_count > 0\n',
    );
    const block = r.checks[0]!.diagnostics.blocks[0] as { rows: unknown[][]; totalFailingRows: number };
    expect(block.totalFailingRows).toBe(1);
    expect(block.rows[0]).toContain('dan');
    const text = formatScan(r);
    expect(text).toContain(
      '1/2 checks FAILED: \n    people in duckdb\n      failed rows [FAILED]\n        check_value: 1',
    );
    expect(text).toContain('Oops! 1 failure. 0 warnings. 0 errors. 1 pass.');
    const md = formatScanMarkdown(r);
    expect(md).toContain('| ❌ fail | people | failed rows | 1 | checks.yml:2 |');
  });

  it('reports an unreadable data file clearly', async () => {
    writeFileSync(join(dir, 'broken.parquet'), 'not parquet');
    await expect(db.register('broken', join(dir, 'broken.parquet'))).rejects.toThrow(
      /cannot read data file '.*broken\.parquet' for table 'broken'/,
    );
    await expect(db.register('nothing', join(dir, 'missing.csv'))).rejects.toThrow(/not found/);
  });

  it('samples the rows behind failing missing, invalid and duplicate checks', async () => {
    const r = await run(
      [
        'checks for people:',
        '  - invalid_count(city) = 0:',
        '      valid values: [Gent]',
        '  - duplicate_count(id) = 0',
        '  - missing_count(age) = 0:',
        '      samples limit: 0',
        '  - row_count > 0',
      ].join('\n'),
    );
    const blocks = r.checks.map(
      (c) => c.diagnostics.blocks[0] as { columns: string[]; rows: unknown[][] } | undefined,
    );
    expect(blocks[0]?.rows.map((row) => row[blocks[0]!.columns.indexOf('city')])).toEqual(["O'Hara"]);
    expect(blocks[1]).toMatchObject({ columns: ['id', 'frequency'], rows: [[3, 2]] });
    expect(blocks[2]).toBeUndefined();
    expect(blocks[3]).toBeUndefined();
    expect(formatScanMarkdown(r)).toContain('<details><summary>Invalid values: 1 row(s)');
  });

  it('treats a DATE as the end of its day for freshness, and keeps dates as dates in samples', async () => {
    await db.execute(
      "CREATE TABLE days AS SELECT * FROM (VALUES (DATE '2020-06-23'), (DATE '2020-06-24')) v(d)",
    );
    const r = await run(
      "checks for days:\n  - freshness(d) < 1h\n  - freshness(d) < 1h:\n      filter: d < DATE '2020-06-24'\n",
      {
        variables: { NOW: '2020-06-25T00:30:00Z' },
      },
    );
    expect(r.checks.map((c) => [c.outcome, c.diagnostics.freshness])).toEqual([
      ['pass', '0:30:00.001000'],
      ['fail', '1 day, 0:30:00.001000'],
    ]);
    expect(r.checks[0]!.diagnostics.max_column_timestamp).toBe('2020-06-24');
  });

  it('accepts quoted dataset names with spaces', async () => {
    await db.execute('CREATE TABLE "My Table" AS SELECT 1 AS x');
    const r = await run(
      'checks for "My Table":\n  - row_count = 1\n  - missing_count(x) = 0\n  - schema:\n      fail:\n        when required column missing: [x]\n',
    );
    expect(r.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass']);
  });

  it('compares with the previous scan for when schema changes', async () => {
    await db.execute('CREATE TABLE evolving AS SELECT 1 AS a, 2 AS b');
    const history = new MemoryHistory();
    const text =
      'checks for evolving:\n  - schema:\n      warn:\n        when schema changes: [column index change]\n      fail:\n        when schema changes: [column add, column delete]\n';
    const first = await run(text, { history });
    expect(first.checks[0]).toMatchObject({ outcome: null, outcomeReasons: [{ code: 'notEnoughHistory' }] });
    expect((await run(text, { history })).checks[0]!.outcome).toBe('pass');
    await db.execute('CREATE OR REPLACE TABLE evolving AS SELECT 2 AS b, 1 AS a');
    const moved = await run(text, { history });
    expect(moved.checks[0]).toMatchObject({
      outcome: 'warn',
      diagnostics: { warn_result: { column_index_changes: { b: { previous_index: 1, new_index: 0 } } } },
    });
    await db.execute('CREATE OR REPLACE TABLE evolving AS SELECT 2 AS b, 3 AS c');
    const changed = await run(text, { history });
    expect(changed.checks[0]).toMatchObject({
      outcome: 'fail',
      diagnostics: { fail_result: { column_additions: ['c'], column_deletions: ['a'] } },
    });
  });

  it('samples the failed rows query of a failing user-defined metric', async () => {
    const r = await run(
      "checks:\n  - gent = 5:\n      gent query: SELECT COUNT(*) FROM people WHERE city = 'Gent'\n      failed rows query: SELECT * FROM people WHERE city <> 'Gent' OR city IS NULL\n",
    );
    expect(r.checks[0]).toMatchObject({ outcome: 'fail', diagnostics: { value: 3 } });
    expect(r.checks[0]!.diagnostics.blocks[0]).toMatchObject({
      type: 'failedRowsAnalysis',
      sampleRowCount: 2,
    });
  });

  it('reads a directory of Parquet files, nested variables and skips attributes entries', async () => {
    const parts = join(dir, 'parts');
    await db.execute(`COPY (SELECT * FROM people) TO '${parts}' (FORMAT parquet, PARTITION_BY (city))`);
    await db.register('parts', parts);
    const r = await run(
      'variables:\n  LOW: 3\n  LIMIT: ${LOW}\nchecks for parts:\n  - attributes:\n      owner: data-team\n  - row_count > ${LIMIT}\n',
    );
    expect(r.logs.filter((l) => l.level !== 'info')).toEqual([]);
    expect(r.checks.map((c) => [c.outcome, c.diagnostics.value])).toEqual([['pass', 5]]);
  });

  it('rounds percents like Python round(x, 2), zero on zero rows', () => {
    expect(percentOf(1, 800)).toBe(0.12);
    expect(percentOf(3, 800)).toBe(0.38);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(3, 1_864_458)).toBe(0);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(0, 10)).toBe(0);
  });

  it('lists checks that could not be read as not evaluated, with the error', async () => {
    const r = await run('checks for people:\n  - mising_count(id) = 0\n  - row_count > 0\n');
    expect(r.checks.map((c) => c.outcome)).toEqual([null, 'pass']);
    expect(r.checks[0]!.outcomeReasons[0]!.message).toContain("Did you mean 'missing_count'?");
    expect(r.logs.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(exitCodeOf(r)).toBe(3);
  });
});
