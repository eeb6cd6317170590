/**
 * `sobol`: a quasi-random Sobol sequence (Joe & Kuo direction numbers, unscrambled), as
 * Katib's goptuna service offers it; no settings. Point i of the sequence maps each coordinate
 * through the parameter's range (log scale for log distributions, nearest choice for lists).
 * The all-zero first point is skipped. Up to 21 dimensions.
 */

import type { Point } from '../search-space.js';
import { fromUnit, isChoice } from '../search-space.js';
import { type AlgorithmFactory, unknownSettings } from './algorithm.js';

// s, a, m_1..m_s for dimensions 2..21 (new-joe-kuo-6.21201). Dimension 1 is van der Corput.
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
];
const BITS = 32;
/** Highest supported dimension. */
export const SOBOL_MAX_DIM = JOE_KUO.length + 1;

function directions(dim: number): number[][] {
  const out: number[][] = [];
  for (let d = 0; d < dim; d++) {
    const v = new Array<number>(BITS).fill(0);
    if (d === 0) {
      for (let i = 0; i < BITS; i++) v[i] = 2 ** (BITS - 1 - i);
    } else {
      const row = JOE_KUO[d - 1] ?? [1, 0, 1];
      const s = row[0] ?? 1;
      const a = row[1] ?? 0;
      const m = row.slice(2);
      for (let i = 0; i < s && i < BITS; i++) v[i] = (m[i] ?? 1) * 2 ** (BITS - 1 - i);
      for (let i = s; i < BITS; i++) {
        let x = (v[i - s] ?? 0) ^ ((v[i - s] ?? 0) >>> s);
        for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[i - k] ?? 0;
        v[i] = x >>> 0;
      }
    }
    out.push(v);
  }
  return out;
}

/** The i-th point (0-based) of the `dim`-dimensional Sobol sequence, by Gray code. */
export function sobolPoint(index: number, dim: number): number[] {
  const dirs = directions(dim);
  const gray = index ^ (index >>> 1);
  return dirs.map((v) => {
    let x = 0;
    for (let b = 0; b < BITS; b++) if ((gray >>> b) & 1) x ^= v[b] ?? 0;
    return (x >>> 0) / 2 ** BITS;
  });
}

export const sobol: AlgorithmFactory = {
  name: 'sobol',
  validate: ({ settings, space }) => {
    const out = unknownSettings(settings, [], 'sobol');
    if (space.length > SOBOL_MAX_DIM) out.push(`sobol supports at most ${SOBOL_MAX_DIM} parameters`);
    return out;
  },
  create: ({ space }) => ({
    name: 'sobol',
    suggest: ({ trials, count }) =>
      Array.from({ length: count }, (_, k) => {
        const u = sobolPoint(trials.length + k + 1, space.length);
        const point: Point = {};
        space.forEach((p, d) => {
          const x = u[d] ?? 0.5;
          point[p.name] = isChoice(p)
            ? (p.list[Math.min(p.list.length - 1, Math.floor(x * p.list.length))] ?? '')
            : fromUnit(p, x);
        });
        return { point };
      }),
  }),
};
