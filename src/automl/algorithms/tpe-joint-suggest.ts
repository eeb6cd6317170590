/**
 * The suggestion step of Kite's default `tpe` (the estimator and its references are in
 * `tpe-joint.ts`): split the completed trials into good and bad, weigh them, build the joint
 * estimators l and g, draw candidates from l and keep the best log l(x) − log g(x), skipping
 * configurations already tried.
 */

import type { Rng } from '../rng.js';
import type { Point, SearchSpace } from '../search-space.js';
import { buildJointModel, type JointTpeOptions, jointLogPdf, sampleJoint } from './tpe-joint.js';

/** The split of n observations and the weights of the good ones (see {@link jointSplit}). */
export interface JointSplit {
  /** Indices of the good observations, in time order. */
  good: number[];
  /** Indices of the others, in time order. */
  bad: number[];
  /** Weights of the good observations (EI: improvement over the best bad loss, ≥ 1e-12). */
  goodWeights: number[];
  /** The mean good weight (the prior kernel of l weighs `prior_weight` times this). */
  goodPriorWeight: number;
}

/**
 * Splits losses (time order, minimised) into good = the min(ceil(β·n), 25) lowest (ties: the
 * older first) and bad, and weighs the good ones.
 *
 * @example
 * ```ts
 * jointSplit([5, 1, 3, 2, 4, 0.5, 6, 7, 8, 9], JOINT_DEFAULTS);
 * // good [1, 5], goodWeights [1, 1.5] (threshold 2 = best bad loss), goodPriorWeight 1.25
 * ```
 */
export function jointSplit(losses: readonly number[], o: JointTpeOptions): JointSplit {
  const n = losses.length;
  const nGood = Math.min(Math.ceil(o.beta * n), 25, n);
  const order = losses.map((_l, i) => i).sort((a, b) => (losses[a] ?? 0) - (losses[b] ?? 0) || a - b);
  const isGood = new Array<boolean>(n).fill(false);
  for (const i of order.slice(0, nGood)) isGood[i] = true;
  const good: number[] = [];
  const bad: number[] = [];
  let threshold = Number.POSITIVE_INFINITY;
  losses.forEach((y, i) => {
    if (isGood[i]) good.push(i);
    else {
      bad.push(i);
      threshold = Math.min(threshold, y);
    }
  });
  const goodWeights = good.map((i) =>
    o.weighting === 'ei' && Number.isFinite(threshold) ? Math.max(1e-12, threshold - (losses[i] ?? 0)) : 1,
  );
  const goodPriorWeight = goodWeights.length
    ? goodWeights.reduce((a, b) => a + b, 0) / goodWeights.length
    : 1;
  return { good, bad, goodWeights, goodPriorWeight };
}

/** The identity of a point in `space` (for {@link JointTpeOptions.skipSeen}). */
export function pointKey(space: SearchSpace, x: Point): string {
  return space.map((p) => String(x[p.name])).join('\u0000');
}

/**
 * Suggests one point from completed observations (time order; `losses` to minimise). The
 * caller has ensured there are enough of them (Kite: 10 random trials first). `seen` holds the
 * {@link pointKey}s already tried (defaults to the observations').
 */
export function jointTpeSuggest(
  space: SearchSpace,
  points: readonly Point[],
  losses: readonly number[],
  o: JointTpeOptions,
  rng: Rng,
  seen?: ReadonlySet<string>,
): Point {
  const sp = jointSplit(losses, o);
  const good = sp.good.map((i) => points[i] ?? {});
  const bad = sp.bad.map((i) => points[i] ?? {});
  const wGood = sp.goodWeights;
  const meanGood = sp.goodPriorWeight;
  const l = buildJointModel(space, good, wGood, o.priorWeight * meanGood, o);
  const g = buildJointModel(
    space,
    bad,
    bad.map(() => 1),
    o.priorWeight,
    o,
  );
  const tried = o.skipSeen ? (seen ?? new Set(points.map((x) => pointKey(space, x)))) : undefined;
  let best: Point = {};
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestNew = false;
  // When every candidate was tried already, keep drawing from l (up to 10× as many).
  for (let c = 0; c < o.nCandidates || (tried && !bestNew && c < 10 * o.nCandidates); c++) {
    const x = sampleJoint(l, space, rng);
    const isNew = !tried?.has(pointKey(space, x));
    const score = jointLogPdf(l, space, x) - jointLogPdf(g, space, x);
    if (c === 0 || (isNew && !bestNew) || (isNew === bestNew && score > bestScore))
      [best, bestScore, bestNew] = [x, score, isNew];
  }
  return best;
}
