import { describe, expect, it } from 'vitest';
import { bruteForceShapley, maxAbsDiff } from '../brute-force.js';
import { ExactExplainer } from '../exact.js';
import { Explainer } from '../explainer.js';
import { KernelExplainer } from '../kernel.js';
import { sameCell, type Value, ValuesMasker } from './values.js';

// K8: string-valued data, one-hot + linear model
const data: Value[][] = [
  ['A', '0', '0'],
  ['A', '1', '0'],
  ['B', '0', '0'],
  ['B', '1', '0'],
  ['A', '1', '0'],
];
const f = (rows: Value[][]) =>
  rows.map((r) => 0.4 + (r[0] === 'B' ? 1.3 : 0) - (r[1] === '1' ? 0.7 : 0) + (r[2] === '1' ? 5 : 0));

describe('mixed-value rows (strings, nulls)', () => {
  it('K8: constant column gets exactly 0; additivity holds (kernel)', async () => {
    const e = await new KernelExplainer(f, data).explain([data[0]!]);
    expect(e.value(0, 2)).toBe(0);
    expect(Math.abs(e.outputValue(0) - f([data[0]!])[0]!)).toBeLessThan(1e-4);
    expect(e.data?.[0]).toEqual(['A', '0', '0']);
  });

  it('exact explainer on categories equals brute force; the auto explainer takes string data', async () => {
    const x: Value[] = ['B', '1', '1'];
    const e = await new ExactExplainer(f, data).explain([x]);
    const truth = bruteForceShapley(
      3,
      (m) =>
        f(data.map((b) => b.map((v, j) => (m[j] ? x[j]! : v))))!.reduce((a, b) => a + b, 0) / data.length,
    );
    expect(maxAbsDiff(e.rowValues(0), truth)).toBeLessThan(1e-12);
    const auto = new Explainer(f, data);
    expect(auto.algorithm).toBe('exact');
    expect((await auto.explain([x])).rowValues(0)).toEqual(e.rowValues(0));
  });

  it('equality follows shap: numbers allclose, null equals NaN, strings exact', () => {
    expect(sameCell(1, 1 + 1e-9)).toBe(true);
    expect(sameCell(null, Number.NaN)).toBe(true);
    expect(sameCell('1', 1)).toBe(false);
    const b = new ValuesMasker([['a', null]]).bind(['a', 2]);
    expect(b.varying()).toEqual([1]);
    expect(b.build(Uint8Array.of(0, 1), 1)).toEqual([['a', 2]]);
    expect(() => new ValuesMasker([['a'], ['b', 'c']])).toThrow(/background\[1\]/);
  });
});
