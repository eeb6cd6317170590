/**
 * The estimator of Kite's default `tpe` (Katib `gamma` unset): the TPE setting that
 * Watanabe (2023, "Tree-Structured Parzen Estimator: Understanding Its Algorithm Components and
 * Their Roles for Better Empirical Performance", arXiv 2304.11127) recommends after ablating every
 * component, which beat Optuna's defaults on his benchmarks:
 * - split: good = min(ceil(β·n), 25) with β = 0.15 (linear);
 * - one joint (multivariate) product kernel per observation, so good regions are learnt as
 *   combinations of values, not per parameter;
 * - numeric bandwidths per observation and per parameter (hyperopt's rule: the larger distance
 *   to the neighbouring observation, the bounds counting as neighbours, the prior's centre
 *   included), clipped below at max(Δ, 1/(n+2)^α)·range with Δ = 0.03, α = 2 ("magic clip"),
 *   above at the range; each kernel a proper truncated normal;
 * - weights: the good observations weighted by their improvement over the best bad one
 *   (`EI` weighting), the bad ones uniformly; the prior kernel (centre, range) weighted
 *   `prior_weight` × the mean good weight in l, `prior_weight` in g;
 * - Optuna's categorical kernel (1/N on every choice plus 1 on the observed one, normalised;
 *   N = kernels in the mixture), 24 candidates drawn from l, the one with the largest
 *   log l(x) − log g(x) wins.
 * Numeric parameters live in log space for logUniform/logNormal; int and `step` parameters get
 * bins (half a step beyond each bound) and snapped values; normal/logNormal priors are searched
 * inside [min, max] (hyperopt's N(centre, range/6) puts 99.7 % there).
 * This file is the estimator; `tpe-joint-suggest.ts` is the suggestion step (split, weights,
 * candidates, skipping tried configurations).
 * Facts were learnt from the paper and its public reference sampler (OptunaHub
 * `samplers/tpe_tutorial`); this is Kite's own implementation.
 */

import { logSumExp, normCdf } from '../normal.js';
import type { Rng } from '../rng.js';
import type { NumericParam, Point, SearchSpace } from '../search-space.js';
import { isChoice, snap } from '../search-space.js';

/** The knobs of the joint estimator (defaults: {@link JOINT_DEFAULTS}). */
export interface JointTpeOptions {
  /** Linear split: good = min(ceil(beta·n), 25). */
  beta: number;
  /** Weight of the prior kernel (relative, see the module doc). */
  priorWeight: number;
  /** Candidates drawn from l per suggestion. */
  nCandidates: number;
  /** Δ: the smallest bandwidth as a fraction of the range. */
  minBandwidthFactor: number;
  /** α: the magic clip's exponent, min bandwidth ≥ range/(n+2)^α. */
  magicExponent: number;
  /** `ei`: good observations weighted by improvement; `uniform`: all 1. */
  weighting: 'ei' | 'uniform';
  /**
   * Skip candidates equal to a point already tried (any trial: completed, running, failed; or
   * suggested earlier in the same batch) while another candidate is new; when all are, draw up
   * to 10× more from l.
   * Kite's addition (not in the paper): re-running a tried configuration teaches TPE nothing.
   */
  skipSeen: boolean;
}

/** Watanabe (2023)'s recommended setting. */
export const JOINT_DEFAULTS: JointTpeOptions = {
  beta: 0.15,
  priorWeight: 1,
  nCandidates: 24,
  minBandwidthFactor: 0.03,
  magicExponent: 2,
  weighting: 'ei',
  skipSeen: true,
};

/** One numeric parameter in the estimator's internal space (log space for log scales). */
interface Dim {
  p: NumericParam;
  log: boolean;
  /** Truncation bounds (widened by half a step for quantised parameters). */
  lo: number;
  hi: number;
  /** Quantisation step in value space (int or `step`), undefined when continuous. */
  q?: number;
}

function dimOf(p: NumericParam): Dim {
  const log = (p.distribution === 'logUniform' || p.distribution === 'logNormal') && p.min > 0;
  const q = p.step ?? (p.kind === 'int' ? 1 : undefined);
  // Half a step beyond each bound, so the end values get whole bins (not below 0 in log space).
  const h = q === undefined || (log && p.min - q / 2 <= 0) ? 0 : q / 2;
  const to = (v: number): number => (log ? Math.log(v) : v);
  return { p, log, lo: to(p.min - h), hi: to(p.max + h), ...(q === undefined ? {} : { q }) };
}

/**
 * Per-observation bandwidths of one numeric parameter (internal space): hyperopt's rule with
 * the bounds as outer neighbours — each σ is the larger gap to its sorted neighbours — then
 * clipped to [max(Δ, 1/(n+2)^α)·range, range]. `mus` holds the n observations followed by the
 * prior's centre; the prior's σ is the range.
 *
 * @example
 * ```ts
 * jointBandwidths([0.2, 0.25, 0.9, 0.5], 0, 1, JOINT_DEFAULTS); // [0.2, 0.25, 0.4, 1]
 * ```
 */
export function jointBandwidths(
  mus: readonly number[],
  lo: number,
  hi: number,
  o: JointTpeOptions,
): number[] {
  const range = hi - lo;
  const order = mus.map((_m, i) => i).sort((a, b) => (mus[a] ?? 0) - (mus[b] ?? 0));
  const sorted = [lo, ...order.map((i) => mus[i] ?? 0), hi];
  const out = new Array<number>(mus.length).fill(range);
  const n = mus.length - 1; // observations (the last mu is the prior's centre)
  const minS = Math.max(o.minBandwidthFactor, 1 / (n + 2) ** o.magicExponent) * range;
  order.forEach((idx, r) => {
    const gap = Math.max(
      (sorted[r + 1] ?? 0) - (sorted[r] ?? 0),
      (sorted[r + 2] ?? 0) - (sorted[r + 1] ?? 0),
    );
    out[idx] = Math.min(range, Math.max(minS, gap));
  });
  out[mus.length - 1] = range;
  return out;
}

interface NumericModel {
  dim: Dim;
  mus: number[];
  sigmas: number[];
  logMass: number[]; // log of each kernel's mass inside [lo, hi]
}

/** A joint Parzen estimator: kernel k is observation k (the last is the prior). */
export interface JointModel {
  logWeights: number[];
  numeric: Map<string, NumericModel>;
  /** Per categorical parameter: kernel k's log probabilities over the choices. */
  categorical: Map<string, number[][]>;
}

function internal(d: Dim, v: number): number {
  return d.log ? Math.log(Math.max(v, 1e-300)) : v;
}

/** Builds the estimator from points and their (unnormalised) weights; the prior is appended. */
export function buildJointModel(
  space: SearchSpace,
  points: readonly Point[],
  weights: readonly number[],
  priorWeight: number,
  o: JointTpeOptions,
): JointModel {
  const total = weights.reduce((a, b) => a + b, 0) + priorWeight;
  const logWeights = [...weights, priorWeight].map((w) => Math.log(Math.max(w / total, 1e-300)));
  const numeric = new Map<string, NumericModel>();
  const categorical = new Map<string, number[][]>();
  const nKernels = points.length + 1;
  for (const p of space) {
    if (isChoice(p)) {
      const k = p.list.length;
      const rows = points.map((pt) => {
        const obs = p.list.indexOf(String(pt[p.name]));
        const z = 1 + k / nKernels;
        return p.list.map((_c, c) => Math.log((1 / nKernels + (c === obs ? 1 : 0)) / z));
      });
      rows.push(new Array<number>(k).fill(-Math.log(k)));
      categorical.set(p.name, rows);
      continue;
    }
    const dim = dimOf(p);
    // Observations outside the bounds (a normal prior's random draws) count at the nearest bound.
    const at = (pt: Point) => Math.min(dim.hi, Math.max(dim.lo, internal(dim, Number(pt[p.name]))));
    const mus = [...points.map(at), (dim.lo + dim.hi) / 2];
    const sigmas = jointBandwidths(mus, dim.lo, dim.hi, o);
    const logMass = mus.map((m, i) => {
      const s = sigmas[i] ?? 1;
      return Math.log(Math.max(normCdf((dim.hi - m) / s) - normCdf((dim.lo - m) / s), 1e-300));
    });
    numeric.set(p.name, { dim, mus, sigmas, logMass });
  }
  return { logWeights, numeric, categorical };
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log of kernel i's density (or bin mass, when quantised) at value-space `v`. */
function kernelLog(m: NumericModel, i: number, v: number): number {
  const mu = m.mus[i] ?? 0;
  const s = m.sigmas[i] ?? 1;
  const d = m.dim;
  if (d.q !== undefined && !d.log) {
    const lb = Math.max(v - d.q / 2, d.lo);
    const ub = Math.min(v + d.q / 2, d.hi);
    const mass = normCdf((ub - mu) / s) - normCdf((lb - mu) / s);
    if (mass > 1e-12) return Math.log(mass) - (m.logMass[i] ?? 0);
    // Far in the tail: density at the bin's centre times its width.
    const z = (v - mu) / s;
    return -0.5 * z * z - LOG_SQRT_2PI + Math.log((ub - lb) / s) - (m.logMass[i] ?? 0);
  }
  const x = internal(d, v);
  const z = (x - mu) / s;
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(s) - (m.logMass[i] ?? 0);
}

/** log density of a point under the joint mixture. */
export function jointLogPdf(model: JointModel, space: SearchSpace, x: Point): number {
  const cats: { rows: number[][]; i: number }[] = [];
  for (const p of space) {
    const rows = model.categorical.get(p.name);
    if (rows && isChoice(p)) cats.push({ rows, i: p.list.indexOf(String(x[p.name])) });
  }
  const nums = [...model.numeric.entries()].map(([name, m]) => ({ m, v: Number(x[name]) }));
  const terms = model.logWeights.map((lw, k) => {
    let s = lw;
    for (const c of cats) s += c.rows[k]?.[c.i] ?? -690;
    for (const n of nums) s += kernelLog(n.m, k, n.v);
    return s;
  });
  return logSumExp(terms);
}

function pick(logWeights: readonly number[], rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < logWeights.length; i++) {
    u -= Math.exp(logWeights[i] ?? Number.NEGATIVE_INFINITY);
    if (u <= 0) return i;
  }
  return logWeights.length - 1;
}

/** Draws one point: a kernel by weight, then each parameter from that kernel. */
export function sampleJoint(model: JointModel, space: SearchSpace, rng: Rng): Point {
  const k = pick(model.logWeights, rng);
  const out: Point = {};
  for (const p of space) {
    if (isChoice(p)) {
      const row = model.categorical.get(p.name)?.[k] ?? [];
      out[p.name] = p.list[pick(row, rng)] ?? p.list[0] ?? '';
      continue;
    }
    const m = model.numeric.get(p.name) as NumericModel;
    const mu = m.mus[k] ?? 0;
    const s = m.sigmas[k] ?? 1;
    let x = Math.min(m.dim.hi, Math.max(m.dim.lo, mu));
    for (let t = 0; t < 100; t++) {
      const y = mu + s * rng.normal();
      if (y >= m.dim.lo && y <= m.dim.hi) {
        x = y;
        break;
      }
    }
    out[p.name] = snap(p, m.dim.log ? Math.exp(x) : x);
  }
  return out;
}
