/**
 * `tpe`: hyperopt 0.2.5 `tpe.suggest` as Katib's hyperopt service runs it. Settings (Katib's
 * names and defaults): `gamma` 0.25 in (0,1), `prior_weight` 1.0 (>0), `n_EI_candidates` 24
 * (>0), `random_state`. Katib forces `n_startup_jobs` to the current request size, so only
 * the first batch is random. Split: the ceil(gamma·√n) best (at most 25) are "good";
 * per-parameter adaptive Parzen estimators with linear forgetting (25).
 *
 * Deviation: Katib reuses one seed for every suggestion of a batch, which makes the trials of a
 * batch identical after the first; Kite draws each with its own generator.
 */

import {
  type AlgorithmFactory,
  checkRandomState,
  isFloatString,
  isIntString,
  seedOf,
  type TrialView,
} from './algorithm.js';
import { rngAt, samplePoint } from './random.js';
import { linearForgetting, tpeSuggest } from './tpe-core.js';

/** Trials with an objective value, in creation order. */
export function observed(trials: readonly TrialView[]): TrialView[] {
  return trials.filter((t) => t.loss !== undefined && Number.isFinite(t.loss));
}

/** Indices of the `nGood` lowest losses (stable on ties). */
export function splitGood(
  done: readonly TrialView[],
  nGood: number,
): { good: TrialView[]; bad: TrialView[] } {
  const order = done.map((_t, i) => i).sort((a, b) => (done[a]?.loss ?? 0) - (done[b]?.loss ?? 0) || a - b);
  const goodIdx = new Set(order.slice(0, nGood));
  return { good: done.filter((_, i) => goodIdx.has(i)), bad: done.filter((_, i) => !goodIdx.has(i)) };
}

export const tpe: AlgorithmFactory = {
  name: 'tpe',
  validate: ({ settings }) => {
    for (const [name, v] of Object.entries(settings)) {
      const asFloat = name === 'gamma' || name === 'prior_weight';
      const asInt = name === 'n_EI_candidates' || name === 'random_state';
      if (!asFloat && !asInt) return [`unknown setting ${name} for algorithm tpe`];
      if ((asFloat && !isFloatString(v)) || (asInt && !isIntString(v)))
        return [
          `failed to validate ${name}(${v}): could not convert string to ${asFloat ? 'float' : 'int'}: '${v}'`,
        ];
      const x = Number(v);
      if (name === 'gamma' && !(x > 0 && x < 1)) return ['gamma should be in the range of (0, 1)'];
      if (name === 'prior_weight' && !(x > 0)) return ['prior_weight should be great than zero'];
      if (name === 'n_EI_candidates' && !(x > 0)) return ['n_EI_candidates should be great than zero'];
    }
    return checkRandomState(settings);
  },
  create: ({ space, settings }) => {
    const seed = seedOf(settings);
    const gamma = Number(settings.gamma ?? 0.25);
    const priorWeight = Number(settings.prior_weight ?? 1);
    const nCandidates = Number.parseInt(settings.n_EI_candidates ?? '24', 10);
    return {
      name: 'tpe',
      suggest: ({ trials, count }) => {
        const rng = rngAt(seed, trials.length);
        const done = observed(trials);
        if (done.length < count)
          return Array.from({ length: count }, () => ({ point: samplePoint(space, rng) }));
        const nGood = Math.min(Math.ceil(gamma * Math.sqrt(done.length)), 25);
        const { good, bad } = splitGood(done, nGood);
        const options = {
          gamma: () => nGood,
          weights: (n: number) => linearForgetting(n, 25),
          priorWeight,
          nCandidates,
          bandwidth: 'hyperopt' as const,
          multivariate: false,
        };
        return Array.from({ length: count }, () => ({
          point: tpeSuggest(
            space,
            good.map((t) => t.point),
            bad.map((t) => t.point),
            options,
            rng.fork(),
          ),
        }));
      },
    };
  },
};
