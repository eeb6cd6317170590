import { describe, expect, it } from 'vitest';
import { isKiteError } from '../core/index.js';
import { parseCsv, parseCsvTable } from './csv-table.js';

describe('CSV tables', () => {
  it('parses quotes, doubled quotes, CRLF and line numbers', () => {
    const recs = parseCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",2\n');
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('reads a classification table with class names', () => {
    const ds = parseCsvTable('x1,x2,species\n1.5,2,setosa\n3,4e-1,virginica\n0,0,setosa\n', 't.csv', {
      target: 'species',
      task: 'classification',
    });
    expect(ds.featureNames).toEqual(['x1', 'x2']);
    expect(ds.classes).toEqual(['setosa', 'virginica']);
    expect(ds.rows.map((r) => r.target)).toEqual([0, 1, 0]);
    expect(Array.from(ds.rows[1]!.features)).toEqual([3, Math.fround(0.4)]);
  });

  it('reads a regression table and selected features', () => {
    const ds = parseCsvTable('a,b,y\n1,2,0.5\n3,4,1.5\n', 't.csv', {
      target: 'y',
      task: 'regression',
      features: ['b'],
    });
    expect(ds.rows.map((r) => [Array.from(r.features), r.target])).toEqual([
      [[2], 0.5],
      [[4], 1.5],
    ]);
  });

  it('reports every missing value, NaN and bad row with line and column', () => {
    try {
      parseCsvTable('a,b,y\n1,,0\nNaN,2,1\n1,2\n1,abc,0\n', 'bad.csv', { target: 'y', task: 'regression' });
      expect.unreachable();
    } catch (e) {
      expect(isKiteError(e)).toBe(true);
      const issues = isKiteError(e) ? e.issues : [];
      expect(issues.map((i) => i.path)).toEqual(['bad.csv:2:b', 'bad.csv:3:a', 'bad.csv:4', 'bad.csv:5:b']);
      expect(issues[0]!.message).toMatch(/missing value/);
      expect(issues[1]!.message).toMatch(/'NaN', not a finite number/);
    }
  });

  it('refuses an empty table and an unknown target', () => {
    expect(() => parseCsvTable('', 'e.csv', { target: 'y', task: 'regression' })).toThrow(/empty/);
    expect(() => parseCsvTable('a,y\n', 'e.csv', { target: 'y', task: 'regression' })).toThrow(/problem/);
    expect(() => parseCsvTable('a,b\n1,2\n', 'e.csv', { target: 'y', task: 'regression' })).toThrow(
      /header does not match/,
    );
  });
});
