/**
 * `tpe`: Katib's `tpe` (hyperopt 0.2.5 `tpe.suggest` in Katib's hyperopt service), with Katib's
 * settings, names, meanings, defaults and validation wording: `gamma` (0,1), `prior_weight`
 * (>0, default 1.0), `n_EI_candidates` (>0, default 24), `random_state`. Katib rejects any
 * other setting (`n_startup_jobs` included: its service forces it to the request size).
 *
 * Two modes, chosen by whether the spec sets `gamma` (see {@link tpeOptionsOf}):
 * - `gamma` set — exactly Katib's algorithm: good set = min(ceil(gamma·√n), 25) of the n
 *   completed trials, only the first batch random, hyperopt's adaptive Parzen estimator
 *   (prior inserted among the sorted observations, mixture-level truncation, categorical
 *   pseudo-counts + `prior_weight` per choice, linear forgetting 25). `gamma: "0.25"` runs
 *   the algorithm Katib runs by default (the same rules, not the same random numbers).
 * - `gamma` unset (Kite's default) — Optuna 3.1's `TPESampler()` (univariate): good set =
 *   min(ceil(0.1·n), 25), the first max(10, request size) trials random, the same adaptive
 *   estimator but each kernel truncated alone and without the 1/σ factor (as Optuna 3.1's
 *   `_truncnorm.logpdf` computes it), Optuna's categorical kernels. `prior_weight` and
 *   `n_EI_candidates` mean the same in both (Optuna's `prior_weight`, `n_ei_candidates`).
 *   Why: on Branin/Hartmann6 Katib's rule trails Optuna's 3–5× in regret
 *   (`bench/automl/RESULTS.md`); the port was checked against hyperopt 0.2.5 itself.
 *   `kite tune --validate` prints which mode runs ({@link describeTpe}).
 *
 * Only completed trials with a finite objective count (Katib passes only succeeded trials to
 * its suggestion service). Deviation: Katib reuses one seed for every suggestion of a batch,
 * which makes the trials of a batch identical after the first; Kite draws each with its own
 * generator.
 */

import type { SearchSpace } from '../search-space.js';
import {
  type AlgorithmFactory,
  checkRandomState,
  isFloatString,
  isIntString,
  type SearchAlgorithm,
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
  create: ({ space, settings }) => createTpe(space, seedOf(settings), tpeOptionsOf(settings)),
  describe: ({ settings }) => describeTpe(settings),
};

/** How Kite's `tpe` runs, resolved from the Katib settings (see {@link tpeOptionsOf}). */
export interface TpeRunOptions {
  /** `hyperopt`: good = min(ceil(gamma·√n), 25); `optuna`: good = min(ceil(0.1·n), 25). */
  split: 'hyperopt' | 'optuna';
  gamma: number;
  priorWeight: number;
  nCandidates: number;
  /** Random trials before TPE starts: max(this, request size). */
  nStartup: number;
  /** The estimator: hyperopt's adaptive Parzen estimator, or Optuna 3.1's univariate one. */
  estimator: 'hyperopt' | 'optuna31';
  /** The categorical estimator (defaults to the estimator's). */
  categorical?: 'hyperopt' | 'optuna31';
}

/**
 * Resolves `tpe` settings: with `gamma` set, Katib's hyperopt algorithm; without, Optuna 3.1's
 * univariate TPE (Kite's default). `prior_weight` and `n_EI_candidates` apply to both.
 *
 * @example
 * ```ts
 * tpeOptionsOf({}).split; // 'optuna' — min(ceil(0.1·n), 25) good trials
 * tpeOptionsOf({ gamma: '0.25' }).split; // 'hyperopt' — min(ceil(0.25·√n), 25), as Katib
 * ```
 */
export function tpeOptionsOf(settings: Record<string, string>): TpeRunOptions {
  const katib = settings.gamma !== undefined;
  return {
    split: katib ? 'hyperopt' : 'optuna',
    gamma: Number(settings.gamma ?? 0.25),
    priorWeight: Number(settings.prior_weight ?? 1),
    nCandidates: Number.parseInt(settings.n_EI_candidates ?? '24', 10),
    nStartup: katib ? 0 : 10,
    estimator: katib ? 'hyperopt' : 'optuna31',
  };
}

/** One line saying how `tpe` runs for these settings (printed by `kite tune --validate`). */
export function describeTpe(settings: Record<string, string>): string {
  const o = tpeOptionsOf(settings);
  const common = `prior_weight ${o.priorWeight}, n_EI_candidates ${o.nCandidates}`;
  return o.split === 'hyperopt'
    ? `tpe runs Katib's hyperopt 0.2.5 TPE: good = min(ceil(${o.gamma}·sqrt(n)), 25), first batch random, ${common}`
    : `tpe runs Kite's default (gamma unset): Optuna 3.1 TPESampler rule, good = min(ceil(0.1·n), 25), first max(10, batch) trials random, ${common}; set gamma (Katib's default is 0.25) for Katib's hyperopt rule`;
}

/** Builds the `tpe` algorithm for resolved options (used by the registry and the benchmark). */
export function createTpe(space: SearchSpace, seed: number | undefined, o: TpeRunOptions): SearchAlgorithm {
  return {
    name: 'tpe',
    suggest: ({ trials, count }) => {
      const rng = rngAt(seed, trials.length);
      const done = observed(trials);
      if (done.length < Math.max(count, o.nStartup))
        return Array.from({ length: count }, () => ({ point: samplePoint(space, rng) }));
      const n = done.length;
      const nGood = Math.min(
        o.split === 'optuna' ? Math.ceil(0.1 * n) : Math.ceil(o.gamma * Math.sqrt(n)),
        25,
      );
      const { good, bad } = splitGood(done, nGood);
      const options = {
        gamma: () => nGood,
        weights: (k: number) => linearForgetting(k, 25),
        priorWeight: o.priorWeight,
        nCandidates: o.nCandidates,
        bandwidth: o.estimator,
        ...(o.categorical ? { categorical: o.categorical } : {}),
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
}
