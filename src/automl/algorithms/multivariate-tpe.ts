/**
 * `multivariate-tpe`: Optuna's `TPESampler(multivariate=True, constant_liar=True)` as Katib's
 * optuna service configures it. Settings: `n_startup_trials` (10), `n_ei_candidates` (24),
 * `random_state`. Optuna's defaults: gamma(n) = min(ceil(0.1·n), 25), weights flat below 25
 * observations then a linear ramp for the oldest, prior weight 1, joint kernels with a
 * Scott-style bandwidth. Constant liar: running trials count as the worst ("bad") points.
 */

import { type AlgorithmFactory, isIntString, seedOf } from './algorithm.js';
import { rngAt, samplePoint } from './random.js';
import { observed, splitGood } from './tpe.js';
import { tpeSuggest } from './tpe-core.js';

/** Optuna's `default_weights(n)`. */
export function optunaWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

export const multivariateTpe: AlgorithmFactory = {
  name: 'multivariate-tpe',
  validate: ({ settings }) => {
    for (const [name, v] of Object.entries(settings)) {
      if (!['n_startup_trials', 'n_ei_candidates', 'random_state'].includes(name))
        return [`unknown setting ${name} for algorithm multivariate-tpe`];
      if (!isIntString(v))
        return [`failed to validate ${name}(${v}): invalid literal for int() with base 10: '${v}'`];
      if (Number(v) < 0) return [`${name} should be greate or equal than zero`];
    }
    return [];
  },
  create: ({ space, settings }) => {
    const seed = seedOf(settings);
    const nStartup = Number.parseInt(settings.n_startup_trials ?? '10', 10);
    const nCandidates = Number.parseInt(settings.n_ei_candidates ?? '24', 10);
    return {
      name: 'multivariate-tpe',
      suggest: ({ trials, count }) => {
        const rng = rngAt(seed, trials.length);
        const done = observed(trials);
        const running = trials.filter((t) => t.state === 'Running' || t.state === 'Created');
        return Array.from({ length: count }, () => {
          if (done.length < nStartup) return { point: samplePoint(space, rng) };
          const nGood = Math.min(Math.ceil(0.1 * done.length), 25);
          const { good, bad } = splitGood(done, nGood);
          const point = tpeSuggest(
            space,
            good.map((t) => t.point),
            [...bad, ...running].map((t) => t.point),
            {
              gamma: () => nGood,
              weights: optunaWeights,
              priorWeight: 1,
              nCandidates,
              bandwidth: 'scott',
              multivariate: true,
            },
            rng.fork(),
          );
          return { point };
        });
      },
    };
  },
};
