/**
 * The one registry of search algorithms, keyed by Katib's `algorithmName`. `enas` and
 * `darts` (neural architecture search) belong to a separate issue and are not here.
 */
import { KiteError } from '../../core/index.js';
import { toSearchSpace } from '../search-space.js';
import type { Experiment } from '../types.js';
import type { AlgorithmContext, AlgorithmFactory, SearchAlgorithm } from './algorithm.js';
import { bayesianOptimization } from './bayesian-optimization.js';
import { cmaes } from './cmaes.js';
import { grid } from './grid.js';
import { hyperband } from './hyperband.js';
import { multivariateTpe } from './multivariate-tpe.js';
import { pbt } from './pbt.js';
import { random } from './random.js';
import { sobol } from './sobol.js';
import { tpe } from './tpe.js';

/** Every algorithm Kite runs locally, by Katib name. */
export const ALGORITHMS: Readonly<Record<string, AlgorithmFactory>> = Object.fromEntries(
  [random, grid, sobol, tpe, multivariateTpe, bayesianOptimization, cmaes, hyperband, pbt].map((f) => [
    f.name,
    f,
  ]),
);

/** The algorithm context of a (defaulted, valid) experiment. */
export function algorithmContext(e: Experiment): AlgorithmContext {
  const settings: Record<string, string> = {};
  for (const s of e.spec.algorithm?.algorithmSettings ?? []) settings[s.name] = s.value;
  return { space: toSearchSpace(e.spec.parameters ?? []), settings, experiment: e };
}

/** Settings problems of the experiment's algorithm (empty when fine or not runnable locally). */
export function validateAlgorithmSettings(e: Experiment): string[] {
  const f = ALGORITHMS[e.spec.algorithm?.algorithmName ?? ''];
  return f ? f.validate(algorithmContext(e)) : [];
}

/** How Kite runs the experiment's algorithm where that differs from Katib (or undefined). */
export function describeAlgorithm(e: Experiment): string | undefined {
  const f = ALGORITHMS[e.spec.algorithm?.algorithmName ?? ''];
  return f?.describe?.(algorithmContext(e));
}

/**
 * Creates the search algorithm of an experiment.
 *
 * @throws KiteError `UNSUPPORTED` for `enas`/`darts` (not available locally).
 */
export function createAlgorithm(e: Experiment): SearchAlgorithm {
  const name = e.spec.algorithm?.algorithmName ?? '';
  const f = ALGORITHMS[name];
  if (!f)
    throw new KiteError('UNSUPPORTED', `algorithm ${name} cannot run locally`, {
      hint: `local algorithms: ${Object.keys(ALGORITHMS).join(', ')}`,
    });
  return f.create(algorithmContext(e));
}
