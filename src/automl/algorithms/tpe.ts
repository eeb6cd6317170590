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
 * - `gamma` unset (Kite's default) — the TPE that Watanabe (2023, arXiv 2304.11127) recommends
 *   after ablating every component (`tpe-joint.ts`): good set = min(ceil(0.15·n), 25), the
 *   first max(10, request size) trials random, one joint kernel per observation with
 *   per-observation bandwidths (neighbour gaps, ≥ 3 % of the range), good observations
 *   weighted by their improvement over the best bad one, Optuna's categorical kernel, 24
 *   candidates; and, Kite's addition, candidates equal to a configuration already tried are
 *   skipped while a new one exists. `prior_weight` and `n_EI_candidates` keep their meaning.
 *   Why: it beats Optuna 3.1's `TPESampler` (which Kite's default used to port) on Branin,
 *   Hartmann6 and the HPOBench/HPOLib/NAS-Bench-201 tables (`bench/automl/RESULTS.md`), while
 *   Katib's rule trails Optuna's 3–20× on Branin/Hartmann6 (the port was checked against
 *   hyperopt 0.2.5 itself). `kite tune --validate` prints which mode runs ({@link describeTpe}).
 *   Optuna 3.1's univariate rule stays in `tpe-core.ts` (`estimator: 'optuna31'`) for the
 *   benchmark's ablations; no Katib setting selects it.
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
import { JOINT_DEFAULTS, type JointTpeOptions } from './tpe-joint.js';
import { jointTpeSuggest, pointKey } from './tpe-joint-suggest.js';

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
  /**
   * `hyperopt`: good = min(ceil(gamma·√n), 25); `optuna`: good = min(ceil(0.1·n), 25) (the
   * `joint` estimator splits by its own `beta` instead).
   */
  split: 'hyperopt' | 'optuna';
  gamma: number;
  priorWeight: number;
  nCandidates: number;
  /** Random trials before TPE starts: max(this, request size). */
  nStartup: number;
  /**
   * The estimator: hyperopt's adaptive Parzen estimator, Optuna 3.1's univariate one, or the
   * joint estimator of Watanabe (2023)'s recommended setting (`tpe-joint.ts`, Kite's default).
   */
  estimator: 'hyperopt' | 'optuna31' | 'joint';
  /** The joint estimator's knobs (used when `estimator` is `joint`; split = min(ceil(beta·n), 25)). */
  joint: JointTpeOptions;
  /** The categorical estimator (defaults to the estimator's). */
  categorical?: 'hyperopt' | 'optuna31';
}

/**
 * Resolves `tpe` settings: with `gamma` set, Katib's hyperopt algorithm; without, Kite's
 * default joint TPE (Watanabe 2023's recommended setting). `prior_weight` and
 * `n_EI_candidates` apply to both.
 *
 * @example
 * ```ts
 * tpeOptionsOf({}).estimator; // 'joint' — min(ceil(0.15·n), 25) good trials, joint kernels
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
    estimator: katib ? 'hyperopt' : 'joint',
    joint: JOINT_DEFAULTS,
  };
}

/** One line saying how `tpe` runs for these settings (printed by `kite tune --validate`). */
export function describeTpe(settings: Record<string, string>): string {
  const o = tpeOptionsOf(settings);
  const common = `prior_weight ${o.priorWeight}, n_EI_candidates ${o.nCandidates}`;
  return o.split === 'hyperopt'
    ? `tpe runs Katib's hyperopt 0.2.5 TPE: good = min(ceil(${o.gamma}·sqrt(n)), 25), first batch random, ${common}`
    : `tpe runs Kite's default (gamma unset): Watanabe 2023 recommended TPE rule (joint kernels, good = min(ceil(${o.joint.beta}·n), 25), EI weights, tried configurations skipped), first max(10, batch) trials random, ${common}; set gamma (Katib's default is 0.25) for Katib's hyperopt rule`;
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
      if (o.estimator === 'joint') {
        const jo = { ...o.joint, priorWeight: o.priorWeight, nCandidates: o.nCandidates };
        const pts = done.map((t) => t.point);
        const losses = done.map((t) => t.loss ?? 0);
        const seen = new Set(trials.map((t) => pointKey(space, t.point)));
        return Array.from({ length: count }, () => {
          const point = jointTpeSuggest(space, pts, losses, jo, rng.fork(), seen);
          seen.add(pointKey(space, point));
          return { point };
        });
      }
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
        bandwidth: o.estimator as 'hyperopt' | 'optuna31',
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
