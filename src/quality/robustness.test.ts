// biome-ignore-all lint/suspicious/noTemplateCurlyInString: SodaCL writes variables as ${VAR}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbSource } from './duckdb-source.js';
import { parseChecks } from './parse.js';
import { exitCodeOf } from './result.js';
import { scan } from './scan.js';

let db: DuckDbSource;
beforeAll(async () => {
  db = await DuckDbSource.open();
  await db.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, NULL)) v(x, y)");
});
afterAll(async () => {
  await db.close();
});

// Each of these is a user mistake: the scan must report it (exit 3), never throw.
const BAD = [
  '',
  '- just a list',
  '42',
  'checks for t:',
  'checks for t:\n  - ',
  'checks for t:\n  - row_count > 0:\n      warn: 5\n',
  'checks for t:\n  - row_count:\n      fail: when bigger than 5\n',
  'checks for t:\n  - row_count > 0:\n    - a list\n',
  'checks for t:\n  - {}\n',
  'checks for t:\n  - 17\n',
  'checks for t:\n  - schema:\n      fail: [id]\n',
  'checks for t:\n  - schema:\n      fail:\n        when wrong column index: {x: one}\n',
  'checks for t:\n  - group by:\n      query: SELECT 1\n',
  'checks for t:\n  - group by:\n      query: SELECT 1 AS g\n      fields: [g]\n      checks:\n        - m > 0:\n            name: M\n',
  'checks for t:\n  - failed rows:\n      name: nothing to do\n',
  'checks for t:\n  - failed rows:\n      fail query: SELEC nonsense\n',
  'checks for t:\n  - percentile(x, 2) > 0\n',
  'checks for t:\n  - missing_count(x) > 0:\n      missing values: [a, null]\n',
  'checks for t:\n  - values in (x) must exist in nowhere (x)\n',
  'checks for t:\n  - row_count same as nowhere\n',
  'checks for t:\n  - row_count > ${UNDEFINED}\n',
  'checks for t:\n  - freshness(y) < 1d\n',
  'checks for t:\n  - freshness(x, NOPE) < 1d\n',
  'checks for t:\n  - anomaly detection for row_count\n',
  'checks for t:\n  - $template > 0\n',
  'checks:\n  - row_count > 0\n',
  'for each dataset D:\n  datasets: nope\n  checks: nope\n',
  'filter t:\n  where: x > 0\n',
  'configurations for t:\n  missing values: [a]\n',
  'checks for t [nope]:\n  - row_count > 0\n',
  'checks for t:\n  - user_metric > 0:\n      user_metric query: SELECT NULL\n',
  'checks for t:\n  - avg(y) > 0\n',
  'checks for t:\n  - max(y) > 0\n',
];

describe('bad input never crashes the scan', () => {
  it.each(BAD.map((text, i) => [i, text] as const))('#%d', async (_i, text) => {
    const parsed = parseChecks(text, { file: 'bad.yml' });
    const result = await scan(parsed.checks, { dataSource: db, env: {}, parseIssues: parsed.issues });
    const errors = result.logs.filter((l) => l.level === 'error');
    const warnings = result.logs.filter((l) => l.level === 'warning');
    // Every case either errors (exit 3) or at least warns about what it skipped.
    expect(
      errors.length + warnings.length,
      JSON.stringify(result.checks.map((c) => c.outcome)),
    ).toBeGreaterThan(0);
    if (errors.length > 0) expect(exitCodeOf(result)).toBe(3);
  });
});
