import { describe, expect, it } from 'vitest';
import { Explanation } from './explanation.js';

describe('Explanation', () => {
  it('keeps shap shapes for single and multi output', () => {
    const single = new Explanation({
      values: [
        [1, -2],
        [0.5, 0],
      ],
      baseValues: [0.5, 0.5],
      featureNames: ['a', 'b'],
    });
    expect(single.values).toEqual([
      [1, -2],
      [0.5, 0],
    ]);
    expect(single.baseValues).toEqual([0.5, 0.5]);
    expect(single.outputValue(0)).toBe(-0.5);
    expect(single.meanAbs()).toEqual([0.75, 1]);
    const multi = new Explanation({
      values: [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      baseValues: [[0, 1]],
      outputNames: ['x', 'y'],
    });
    expect(multi.multiOutput).toBe(true);
    expect(multi.outputs).toBe(2);
    expect(multi.output('y').values).toEqual([[2, 4]]);
    expect(multi.output('y').baseValues).toEqual([1]);
    expect(() => multi.output('z')).toThrow(/no output "z"/);
  });

  it('round-trips through JSON, ragged text rows included', () => {
    const e = new Explanation({
      values: [[0.1, 0.2, -0.3], [1]],
      baseValues: [0, 0],
      data: [['a ', 'b ', 'c'], ['d']],
      featureNames: [['a', 'b', 'c'], ['d']],
      clustering: [
        [
          [0, 1, 0.5, 2],
          [3, 2, 1, 3],
        ],
        [],
      ],
      algorithm: 'partition',
    });
    const back = Explanation.fromJSON(JSON.parse(JSON.stringify(e)));
    expect(back.toJSON()).toEqual(e.toJSON());
    expect(back.featureNames(1)).toEqual(['d']);
    expect(back.select([1]).values).toEqual([[1]]);
  });

  it('reports every shape problem at once', () => {
    expect(() => new Explanation({ values: [[1, 2]], baseValues: [0, 1], featureNames: ['a'] })).toThrow(
      /2 problems[\s\S]*baseValues[\s\S]*featureNames/,
    );
    expect(() => Explanation.fromJSON({ values: [] })).toThrow(/kite.explanation\/v1/);
  });
});
