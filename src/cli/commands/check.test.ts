import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDbSource } from '../../quality/index.js';
import type { CliIo, ParsedArgs } from '../command.js';
import { checkCommand } from './check.js';

let dir: string;

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isTty: false,
    cwd: dir,
    env: {},
    signal: new AbortController().signal,
  };
}

function args(positionals: string[], values: ParsedArgs['values']): ParsedArgs {
  return { positionals, values: { 'no-history': true, ...values } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kite-check-'));
  const db = await DuckDbSource.open();
  await db.execute(`ATTACH '${join(dir, 'shop.duckdb')}' AS shop`);
  await db.execute("CREATE TABLE shop.people AS SELECT * FROM (VALUES (1, 'ann'), (2, 'bob')) v(id, name)");
  await db.execute('DETACH shop');
  await db.close();
  writeFileSync(join(dir, 'people.csv'), 'id,name,age\n1,ann,31\n2,bob,\n3,cid,45\n3,dan,17\n');
  writeFileSync(join(dir, 'pass.yml'), 'checks for people:\n  - row_count = 4\n  - missing_count(age) < 2\n');
  writeFileSync(
    join(dir, 'mixed.yml'),
    'checks for people:\n  - row_count > 0\n  - duplicate_count(id) = 0\n  - avg(age) > 30\n',
  );
  writeFileSync(join(dir, 'warn.yml'), 'checks for people:\n  - max(age):\n      warn: when > 40\n');
  writeFileSync(join(dir, 'typo.yml'), 'checks for people:\n  - missing_count(aeg) = 0\n');
  writeFileSync(join(dir, 'bad.yml'), 'checks for people: ...\n"invalid" yaml\n');
});

describe('kite check', () => {
  it('exits 0 when all checks pass and prints the Soda summary', async () => {
    const o = io();
    const code = await checkCommand.run(args(['pass.yml'], { data: ['people=people.csv'] }), o);
    expect(code).toBe(0);
    expect(o.out.join('')).toContain('2/2 checks PASSED');
    expect(o.out.join('')).toContain('All is good. No failures. No warnings. No errors.');
  });

  it('exits 2 on failures and writes the JSON scan result', async () => {
    const o = io();
    const code = await checkCommand.run(
      args(['mixed.yml'], { data: ['people=people.csv'], json: 'result.json', markdown: 'summary.md' }),
      o,
    );
    expect(code).toBe(2);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.checks.map((c: { outcome: string }) => c.outcome)).toEqual(['pass', 'fail', 'pass']);
    expect(result.checks[1].diagnostics).toMatchObject({ value: 1, fail: { greaterThan: 0, lessThan: 0 } });
    expect(result.checks[1].location).toEqual({ filePath: 'mixed.yml', line: 3, col: 5 });
    expect(o.out.join('')).toContain('Oops! 1 failure. 0 warnings. 0 errors. 2 pass.');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('## Data quality: mixed.yml');
  });

  it('exits 1 on warnings only', async () => {
    const o = io();
    expect(await checkCommand.run(args(['warn.yml'], { data: ['people=people.csv'] }), o)).toBe(1);
    expect(o.out.join('')).toContain('Only 1 warning.');
  });

  it('exits 3 on a missing column and suggests the fix', async () => {
    const o = io();
    expect(await checkCommand.run(args(['typo.yml'], { data: ['people=people.csv'] }), o)).toBe(3);
    expect(o.out.join('')).toContain("column 'aeg' not found in 'people'. Did you mean 'age'?");
    expect(o.out.join('')).toContain('+-> line=2,col=5 in typo.yml');
  });

  it('exits 3 with file:line:col on a YAML error', async () => {
    const o = io();
    expect(await checkCommand.run(args(['bad.yml'], { data: ['people=people.csv'] }), o)).toBe(3);
    expect(o.out.join('')).toContain('bad.yml:2:1: YAML syntax error');
  });

  it('exits 3 when a data file cannot be read', async () => {
    const o = io();
    expect(await checkCommand.run(args(['pass.yml'], { data: ['people=nope.csv'] }), o)).toBe(3);
    expect(o.err.join('')).toContain("data file for 'people' not found");
  });

  it('writes only JSON to stdout with --json -', async () => {
    const o = io();
    await checkCommand.run(args(['pass.yml'], { data: ['people=people.csv'], json: '-' }), o);
    expect(JSON.parse(o.out.join('')).checks).toHaveLength(2);
  });

  it('keeps metric history for change-over-time checks', async () => {
    writeFileSync(join(dir, 'change.yml'), 'checks for people:\n  - change for row_count = 0\n');
    const run = () =>
      checkCommand.run(
        { positionals: ['change.yml'], values: { data: ['people=people.csv'], root: 'kite-root' } },
        io(),
      );
    expect(await run()).toBe(0); // first scan: no history, not evaluated
    const o = io();
    o.cwd = dir;
    expect(
      await checkCommand.run(
        {
          positionals: ['change.yml'],
          values: { data: ['people=people.csv'], root: 'kite-root', json: '-' },
        },
        o,
      ),
    ).toBe(0);
    const result = JSON.parse(o.out.join(''));
    expect(result.checks[0]).toMatchObject({
      outcome: 'pass',
      diagnostics: { value: 0, historic_value: 4, metric_value: 4 },
    });
  });

  it('opens a DuckDB database file, whole or one table under a name', async () => {
    writeFileSync(join(dir, 'db.yml'), 'checks for people:\n  - row_count = 2\n');
    expect(await checkCommand.run(args(['db.yml'], { data: ['shop.duckdb'] }), io())).toBe(0);
    writeFileSync(join(dir, 'db2.yml'), 'checks for folks:\n  - missing_count(name) = 0\n');
    expect(await checkCommand.run(args(['db2.yml'], { data: ['folks=shop.duckdb'] }), io())).toBe(0);
  });

  it('rejects a malformed --data or --var', async () => {
    await expect(checkCommand.run(args(['pass.yml'], { data: ['people'] }), io())).rejects.toThrow(
      /must be written <name>=<value>/,
    );
  });

  it('exits 3 with a clear message when PostgreSQL cannot be reached', async () => {
    const o = io();
    const code = await checkCommand.run(
      args(['pass.yml'], { postgres: 'postgres://nobody:x@127.0.0.1:1/none' }),
      o,
    );
    expect(code).toBe(3);
    expect(o.err.join('')).toContain('cannot connect to PostgreSQL');
  });
});
