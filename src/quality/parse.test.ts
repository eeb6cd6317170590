// biome-ignore-all lint/suspicious/noTemplateCurlyInString: SodaCL writes variables as ${VAR}
import { describe, expect, it } from 'vitest';
import { parseCheckLine } from './check-line.js';
import { parseChecks } from './parse.js';

const messages = (text: string) =>
  parseChecks(text, { file: 'c.yml' }).issues.map((i) => `${i.path} ${i.message}`);

describe('check lines', () => {
  it('parses metric checks with arguments and change-over-time', () => {
    expect(parseCheckLine('duplicate_count(cat, country) = 1')).toMatchObject({
      ok: true,
      line: { kind: 'metric', metric: 'duplicate_count', args: ['cat', 'country'] },
    });
    expect(parseCheckLine('change avg last 7 percent for row_count < 50')).toMatchObject({
      ok: true,
      line: { metric: 'row_count', change: { aggregate: 'avg', last: 7, percent: true } },
    });
    expect(parseCheckLine('missing_count(a,b) = 0').ok).toBe(false);
  });

  it('parses reference and row-count comparison checks', () => {
    expect(parseCheckLine('values in (a, b) must not exist in t (x, y)')).toMatchObject({
      ok: true,
      line: {
        kind: 'reference',
        columns: ['a', 'b'],
        target: 't',
        targetColumns: ['x', 'y'],
        mustNotExist: true,
      },
    });
    expect(parseCheckLine('values in id must exist in other oid')).toMatchObject({ ok: true });
    expect(parseCheckLine('row_count same as raw [daily]')).toMatchObject({
      ok: true,
      line: { kind: 'row_count_comparison', other: 'raw', otherPartition: 'daily' },
    });
  });
});

describe('checks files', () => {
  it('keeps file:line:col for every check and reads every section', () => {
    const { checks, issues } = parseChecks(
      [
        'variables:',
        '  LIMIT: 5',
        'filter customers [daily]:',
        "  where: ts > '2020-01-01'",
        'configurations for customers:',
        '  missing values for id: [N/A, No value]',
        '  valid min for cst_size: -500.10',
        'checks for customers [daily]:',
        '  - row_count > ${LIMIT}',
        '  - missing_count(id) = 0:',
        '      missing values: [X]',
        'for each dataset T:',
        '  datasets:',
        '    - include cust%',
        '    - exclude customers_old',
        '  checks:',
        '    - row_count > 0',
      ].join('\n'),
      { file: 'c.yml' },
    );
    expect(issues).toEqual([]);
    expect(checks.variables).toEqual({ LIMIT: '5' });
    expect(checks.filters).toEqual({ 'customers [daily]': "ts > '2020-01-01'" });
    expect(checks.configurations.customers).toEqual({
      id: { missingValues: ['N/A', 'No value'] },
      cst_size: { validMin: -500.1 },
    });
    expect(checks.checks.map((c) => [c.source, c.location.line, c.location.col, c.partition])).toEqual([
      ['row_count > ${LIMIT}', 9, 5, 'daily'],
      ['missing_count(id) = 0', 10, 5, 'daily'],
    ]);
    expect(checks.forEach[0]).toMatchObject({ alias: 'T', include: ['cust%'], exclude: ['customers_old'] });
    expect(checks.forEach[0]?.checks[0]?.table).toBe('${T}');
  });

  it('reports typos with a suggestion, at the right place', () => {
    expect(messages('checks for t:\n  - mising_count(id) = 0\n')[0]).toMatch(
      /^c\.yml:2:5 unknown metric 'mising_count'\. Did you mean 'missing_count'\?/,
    );
    expect(messages('checks for t:\n  - invalid_count(e) = 0:\n      valid fromat: email\n')[0]).toContain(
      "c.yml:3:7 Skipping unsupported check configuration: 'valid fromat'. Did you mean 'valid format'?",
    );
    expect(messages('checks for t:\n  - invalid_count(e) = 0:\n      valid format: emial\n')[0]).toContain(
      "Format emial is not supported. Did you mean 'email'?",
    );
    expect(messages('chekcs for t:\n  - row_count > 0\n')[0]).toContain("Did you mean 'checks for ...'?");
  });

  it('marks checks with configuration errors so they are not evaluated', () => {
    const { checks } = parseChecks('checks for t:\n  - invalid_count(e) = 0:\n      valid format: emial\n');
    expect(checks.checks[0]?.errors).toHaveLength(1);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(messages('checks for CUSTOMERS: ...\n"invalid" yaml\n')[0]).toMatch(
      /^c\.yml:2:1 YAML syntax error/,
    );
  });

  it('reports a section that is not a list, a missing threshold and invalid checks', () => {
    expect(messages('checks for t:\n  row_count: 1\n')[0]).toContain('is not a list');
    expect(messages('checks for t:\n  - count\n')[0]).toContain('No threshold specified');
    expect(messages('checks for t:\n    - this is not a good check\n')[0]).toContain('Invalid check');
    expect(messages('checks for t:\n  - missing_count(a, b) = 0\n')[0]).toContain('takes 1 argument');
    expect(
      messages('checks for t:\n  - schema:\n      fail:\n        when schema changes: [column rename]\n')[0],
    ).toContain("'when schema changes' must be 'any' or a list of: column add");
  });

  it('parses schema, failed rows, group by and freshness checks', () => {
    const { checks, issues } = parseChecks(
      [
        'checks for t:',
        '  - schema:',
        '      warn:',
        '        when forbidden column present: [x_%]',
        '      fail:',
        '        when wrong column index: {id: 0}',
        '  - failed rows:',
        '      fail condition: a > b',
        '  - freshness(ts, END) < 1d',
        '  - group by:',
        '      query: SELECT g, AVG(x) AS m FROM t GROUP BY g',
        '      fields: [g]',
        '      checks:',
        '        - m > 0:',
        '            name: Mean',
      ].join('\n'),
    );
    expect(issues).toEqual([]);
    expect(checks.checks.map((c) => c.kind)).toEqual(['schema', 'failed_rows', 'freshness', 'group_by']);
    expect(checks.checks[2]).toMatchObject({ column: 'ts', nowVariable: 'END' });
  });
});
