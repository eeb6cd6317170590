import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { balancedLinkage } from './cluster.js';
import { ExactExplainer } from './exact.js';
import { ImageMasker } from './maskers/image.js';
import { IndependentMasker, PartitionMasker } from './maskers/tabular.js';
import { TextMasker } from './maskers/text.js';
import type { DenseMatrix } from './matrix.js';
import { PartitionExplainer } from './partition.js';
import { PermutationExplainer } from './permutation.js';

const sumModel = (b: DenseMatrix) =>
  Array.from({ length: b.rows }, (_, r) =>
    Array.from(b.data.subarray(r * b.cols, (r + 1) * b.cols)).reduce((s, v) => s + v, 0),
  );

describe('edge cases', () => {
  it('explains rows given as a dense matrix with matrix batches', async () => {
    const masker = new IndependentMasker([[0, 0, 0]], { format: 'matrix' });
    const X: DenseMatrix = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    const e = await new ExactExplainer(sumModel, masker).explain(X);
    expect(maxAbsDiff((e.values as number[][]).flat(), [1, 2, 3, 4, 5, 6])).toBeLessThan(1e-12);
  });

  it('text: empty and one-token strings', async () => {
    const f = (s: string[]) => s.map((x) => x.length);
    const ex = new PartitionExplainer(f, new TextMasker());
    const e = await ex.explain(['', 'word', '']);
    expect(e.features(0)).toBe(0);
    expect(e.baseValue(2)).toBe(0);
    expect(e.rowValues(1)).toEqual([4 - 3]);
    expect(e.baseValue(1)).toBe(3);
  });

  it('permutation respects a hierarchy and stays exact for second-order models', async () => {
    const f = (B: number[][]) => B.map((x) => x[0]! * x[3]! + x[1]! + x[2]! * x[1]!);
    const masker = new PartitionMasker([[0, 0, 0, 0]], { clustering: balancedLinkage(4) });
    const e = await new PermutationExplainer(f, masker, { seed: 3 }).explain([[1, 1, 1, 1]]);
    expect(e.rowValues(0)).toEqual([0.5, 1.5, 0.5, 0.5]);
  });

  it('exact Owen refuses hierarchies with M² over maxEvals; image shapes are checked', async () => {
    const masker = new PartitionMasker([new Array(8).fill(0)], { clustering: balancedLinkage(8) });
    await expect(
      new ExactExplainer((B: number[][]) => B.map(() => 0), masker, { maxEvals: 50 }).explain([
        new Array(8).fill(1),
      ]),
    ).rejects.toThrow(/M² = 64/);
    expect(() => new ImageMasker(0, [0, 4])).toThrow(/image shape/);
    const im = new ImageMasker(0, [2, 2, 1]);
    expect(() => im.bind([1, 2, 3])).toThrow(/needs 4/);
    expect(() => new PartitionMasker([[0, 0]], { clustering: [[0, 0, 1, 2]] })).toThrow(/child 0/);
    expect(
      () => new PartitionExplainer(sumModel, new IndependentMasker([[0]], { format: 'matrix' })),
    ).toThrow(/feature hierarchy/);
  });

  it('a failing model surfaces as a USER_CODE error with the cause', async () => {
    const boom = new Error('boom');
    const ex = new ExactExplainer(() => {
      throw boom;
    }, [[0]]);
    await expect(ex.explain([[1]])).rejects.toMatchObject({ code: 'USER_CODE', cause: boom });
  });
});
