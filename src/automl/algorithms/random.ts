/**
 * `random`: hyperopt's `rand.suggest` as Katib's hyperopt service configures it — uniform,
 * quantised uniform with `step`, log-uniform, normal with mu = (min+max)/2 and sigma = (max−min)/6
 * (log-normal the same in log space), and a uniform choice for categorical/discrete.
 */

import { createRng, type Rng } from '../rng.js';
import type { NumericParam, Point, SearchSpace } from '../search-space.js';
import { isChoice, snap } from '../search-space.js';
import {
  type AlgorithmFactory,
  checkRandomState,
  type SearchAlgorithm,
  seedOf,
  unknownSettings,
} from './algorithm.js';

/** Draws one value from a numeric parameter's prior, as hyperopt's `hp.*` would. */
export function samplePrior(p: NumericParam, rng: Rng): number {
  const lo = p.min;
  const hi = p.max;
  let v: number;
  switch (p.distribution) {
    case 'logUniform':
      v =
        lo > 0
          ? Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)))
          : lo + rng.next() * (hi - lo);
      break;
    case 'normal':
      v = (lo + hi) / 2 + ((hi - lo) / 6) * rng.normal();
      break;
    case 'logNormal': {
      const a = Math.log(lo);
      const b = Math.log(hi);
      v = Math.exp((a + b) / 2 + ((b - a) / 6) * rng.normal());
      break;
    }
    default:
      // uniformint draws a rounded uniform over [min, max].
      v = p.kind === 'int' && !p.step ? lo + rng.next() * (hi - lo) : lo + rng.next() * (hi - lo);
  }
  return snap(p, v);
}

/** One random point of the space. */
export function samplePoint(space: SearchSpace, rng: Rng): Point {
  const out: Point = {};
  for (const p of space) {
    out[p.name] = isChoice(p) ? (p.list[rng.int(p.list.length)] ?? '') : samplePrior(p, rng);
  }
  return out;
}

/**
 * A generator that depends only on the seed and how many trials exist, so a resumed
 * experiment continues the same sequence without stored generator state.
 */
export function rngAt(seed: number | undefined, trialCount: number): Rng {
  return createRng(seed === undefined ? undefined : seed * 1_000_003 + trialCount);
}

export const random: AlgorithmFactory = {
  name: 'random',
  validate: ({ settings }) => [
    ...unknownSettings(settings, ['random_state'], 'random'),
    ...checkRandomState(settings),
  ],
  create: ({ space, settings }): SearchAlgorithm => {
    const seed = seedOf(settings);
    return {
      name: 'random',
      suggest: ({ trials, count }) => {
        const rng = rngAt(seed, trials.length);
        return Array.from({ length: count }, () => ({ point: samplePoint(space, rng) }));
      },
    };
  },
};
