import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareValues, evaluateCase, type ReferenceCase } from './reference-cases.js';

const table = JSON.parse(
  readFileSync(new URL('./fixtures/reference-cases.json', import.meta.url), 'utf8'),
) as {
  versions: Record<string, string>;
  cases: ReferenceCase[];
};

describe(`agreement with SciPy ${table.versions.scipy} / scikit-learn ${table.versions.sklearn}`, () => {
  it('has a sizeable table', () => {
    expect(table.cases.length).toBeGreaterThan(300);
  });

  for (const c of table.cases) {
    it(`${c.id} ${c.note}`, () => {
      const diffs = compareValues(c.expected, evaluateCase(c));
      expect(diffs.length).toBeGreaterThan(0);
      for (const d of diffs) {
        const tol = 1e-10 * Math.max(1, Math.abs(d.expected as number));
        if (!(d.absDiff <= tol)) {
          expect.fail(`${c.id}${d.path}: expected ${String(d.expected)}, got ${String(d.actual)}`);
        }
      }
    });
  }
});
