/**
 * The Tree-structured Parzen Estimator shared by `tpe` (hyperopt 0.2.5 flavour, per-parameter
 * kernels and acquisition) and `multivariate-tpe` (Optuna flavour, joint kernels). Observations
 * are split into "good" (l) and "bad" (g) by loss; candidates are drawn from l and the one with
 * the largest log l(x) − log g(x) wins.
 */

import { logSumExp, normCdf } from '../normal.js';
import type { Rng } from '../rng.js';
import type { NumericParam, Point, SearchSpace } from '../search-space.js';
import { isChoice, snap } from '../search-space.js';

/** How one numeric parameter looks inside TPE: an internal axis (log for log scales) and bounds. */
interface Axis {
  p: NumericParam;
  log: boolean;
  lo: number; // internal bounds (−∞/∞ for normal priors)
  hi: number;
  priorMu: number;
  priorSigma: number;
  q?: number; // quantisation step in value space
}

function axisOf(p: NumericParam): Axis {
  const log = p.distribution === 'logUniform' || p.distribution === 'logNormal';
  const a = log ? Math.log(p.min) : p.min;
  const b = log ? Math.log(p.max) : p.max;
  const normal = p.distribution === 'normal' || p.distribution === 'logNormal';
  const q = p.step ?? (p.kind === 'int' ? 1 : undefined);
  return {
    p,
    log,
    lo: normal ? Number.NEGATIVE_INFINITY : a,
    hi: normal ? Number.POSITIVE_INFINITY : b,
    priorMu: (a + b) / 2,
    priorSigma: normal ? (b - a) / 6 : b - a,
    ...(q === undefined ? {} : { q }),
  };
}

export interface Kernels {
  mus: number[];
  sigmas: number[];
  weights: number[]; // normalised
}

export interface TpeOptions {
  gamma: (n: number) => number; // number of "good" observations
  weights: (n: number) => number[]; // time-ordered weights
  priorWeight: number;
  nCandidates: number;
  /**
   * 'hyperopt': neighbour-distance bandwidths with the prior inserted among the observations,
   * mixture-level truncation (a draw outside the bounds redraws the component too, and the
   * density is normalised once for the whole mixture), categorical prior `prior_weight` per
   * choice. 'optuna31': Optuna 3.1's univariate `TPESampler` — the same adaptive estimator,
   * but each kernel truncated on its own and, as Optuna 3.1's `_truncnorm.logpdf` computes it,
   * not divided by its bandwidth (every kernel has the same peak height, so wide kernels count
   * for more), and Optuna's categorical kernels. 'scott': Optuna's multivariate rule,
   * per-kernel truncation.
   */
  bandwidth: 'hyperopt' | 'optuna31' | 'scott';
  multivariate: boolean;
  /** Categorical estimator (univariate only); defaults to the one of `bandwidth`. */
  categorical?: 'hyperopt' | 'optuna31';
}

/** hyperopt's `linear_forgetting_weights(N, 25)`. */
export function linearForgetting(n: number, lf = 25): number[] {
  if (n < lf) return new Array<number>(n).fill(1);
  const ramp = n - lf;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < lf; i++) out.push(1);
  return out;
}

/** hyperopt's adaptive Parzen estimator over `obs` (time order) with the prior inserted. */
function parzenHyperopt(obs: number[], w: number[], ax: Axis, priorWeight: number): Kernels {
  const items = obs.map((m, i) => ({ m, w: w[i] ?? 1, prior: false }));
  items.push({ m: ax.priorMu, w: priorWeight, prior: true });
  items.sort((a, b) => a.m - b.m);
  const mus = items.map((x) => x.m);
  const n = mus.length;
  const sig: number[] = [];
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? (mus[i] ?? 0) - (mus[i - 1] ?? 0) : Number.NEGATIVE_INFINITY;
    const right = i < n - 1 ? (mus[i + 1] ?? 0) - (mus[i] ?? 0) : Number.NEGATIVE_INFINITY;
    sig.push(n === 1 ? ax.priorSigma : n === 2 ? ax.priorSigma * 0.5 : Math.max(left, right));
  }
  const maxS = ax.priorSigma;
  const minS = ax.priorSigma / Math.min(100, 1 + n);
  const sigmas = sig.map((s, i) => (items[i]?.prior ? ax.priorSigma : Math.min(maxS, Math.max(minS, s))));
  const tw = items.reduce((a, x) => a + x.w, 0);
  return { mus, sigmas, weights: items.map((x) => x.w / tw) };
}

function massIn(ax: Axis, mu: number, s: number): number {
  return normCdf((ax.hi - mu) / s) - normCdf((ax.lo - mu) / s);
}

/**
 * Log density (or bin mass when quantised) of value-space `v` under one kernel on this axis;
 * `truncate` divides by the kernel's mass inside the bounds (Optuna), otherwise not (hyperopt
 * divides the whole mixture once, which does not change which candidate wins).
 */
function kernelLog(ax: Axis, v: number, mu: number, s: number, truncate = true, unitHeight = false): number {
  const norm = truncate ? Math.max(massIn(ax, mu, s), 1e-300) : 1;
  if (ax.q !== undefined) {
    let lb = v - ax.q / 2;
    let ub = v + ax.q / 2;
    if (ax.log) {
      lb = lb > 0 ? Math.log(lb) : Number.NEGATIVE_INFINITY;
      ub = Math.log(ub);
    }
    lb = Math.max(lb, ax.lo);
    ub = Math.min(ub, ax.hi);
    const m = normCdf((ub - mu) / s) - normCdf((lb - mu) / s);
    return Math.log(Math.max(m, 1e-300)) - Math.log(norm);
  }
  const x = ax.log ? Math.log(v) : v;
  const z = (x - mu) / s;
  const scale = unitHeight ? 1 : s;
  return -0.5 * z * z - Math.log(scale * Math.sqrt(2 * Math.PI)) - Math.log(norm) - (ax.log ? x : 0);
}

function drawFrom(ax: Axis, mu: number, s: number, rng: Rng): number {
  for (let k = 0; k < 100; k++) {
    const x = mu + s * rng.normal();
    if (x >= ax.lo && x <= ax.hi) return snap(ax.p, ax.log ? Math.exp(x) : x);
  }
  const x = Math.min(ax.hi, Math.max(ax.lo, mu));
  return snap(ax.p, ax.log ? Math.exp(x) : x);
}

function pick(weights: readonly number[], rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u <= 0) return i;
  }
  return weights.length - 1;
}

interface CatModel {
  probs: number[]; // below posterior
  probsAbove: number[];
}

/**
 * hyperopt's `tpe_cat_pseudocounts`: weighted counts + `K·prior_weight·p` with the uniform
 * p = 1/K, i.e. `prior_weight` added to every choice.
 */
function catPosterior(obs: number[], w: number[], k: number, priorWeight: number): number[] {
  const c = new Array<number>(k).fill(priorWeight);
  obs.forEach((o, i) => {
    c[o] = (c[o] ?? 0) + (w[i] ?? 1);
  });
  const t = c.reduce((a, b) => a + b, 0);
  return c.map((x) => x / t);
}

/**
 * Optuna 3.1's univariate categorical estimator: kernel k puts 1 + pw/(n+1) on its observed
 * choice and pw/(n+1) on every choice (normalised); the prior kernel is uniform; the mixture
 * weights are the observation weights and `prior_weight`.
 */
function catPosteriorOptuna(obs: number[], w: number[], k: number, priorWeight: number): number[] {
  const n = obs.length;
  const base = priorWeight / (n + 1);
  const mix = normalise([...w, priorWeight]);
  const out = new Array<number>(k).fill((mix[n] ?? 0) / k);
  obs.forEach((o, i) => {
    const wi = mix[i] ?? 0;
    const z = 1 + k * base;
    for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) + (wi * (base + (c === o ? 1 : 0))) / z;
  });
  return out;
}

/**
 * The "good" or "bad" categorical distribution of one parameter: hyperopt's pseudo-counts
 * (`flavour` 'hyperopt') or Optuna 3.1's kernel mixture ('optuna31'). `obs` are choice indices
 * in time order, `w` their weights.
 */
export function categoricalPosterior(
  obs: number[],
  w: number[],
  k: number,
  priorWeight: number,
  flavour: 'hyperopt' | 'optuna31',
): number[] {
  return flavour === 'optuna31'
    ? catPosteriorOptuna(obs, w, k, priorWeight)
    : catPosterior(obs, w, k, priorWeight);
}

/**
 * Log density of value `v` under the univariate Parzen estimator of one numeric parameter built
 * from `obs` (value space, time order, weights `w`): hyperopt's mixture (up to the mixture's
 * truncation constant) or Optuna 3.1's (each kernel truncated, no 1/σ). For tests and tools.
 */
export function univariateLogDensity(
  p: NumericParam,
  obs: number[],
  w: number[],
  priorWeight: number,
  flavour: 'hyperopt' | 'optuna31',
  v: number,
): number {
  const ax = axisOf(p);
  const k = parzenHyperopt(
    obs.map((x) => (ax.log ? Math.log(x) : x)),
    w,
    ax,
    priorWeight,
  );
  return flavour === 'hyperopt' ? mixLog(ax, v, k, false) : mixLog(ax, v, k, true, true);
}

/**
 * Suggests one point. `good`/`bad` are points in time order; `rng` supplies all randomness.
 */
export function tpeSuggest(space: SearchSpace, good: Point[], bad: Point[], o: TpeOptions, rng: Rng): Point {
  const wGood = o.weights(good.length);
  const wBad = o.weights(bad.length);
  const axes = new Map<string, Axis>();
  const kl = new Map<string, Kernels>();
  const kg = new Map<string, Kernels>();
  const cats = new Map<string, CatModel>();
  const dims = space.length || 1;
  for (const p of space) {
    if (isChoice(p)) {
      const idx = (pts: Point[]): number[] => pts.map((x) => Math.max(0, p.list.indexOf(String(x[p.name]))));
      const post =
        (o.categorical ?? (o.bandwidth === 'optuna31' ? 'optuna31' : 'hyperopt')) === 'optuna31'
          ? catPosteriorOptuna
          : catPosterior;
      cats.set(p.name, {
        probs: post(idx(good), wGood, p.list.length, o.priorWeight),
        probsAbove: post(idx(bad), wBad, p.list.length, o.priorWeight),
      });
      continue;
    }
    const ax = axisOf(p);
    axes.set(p.name, ax);
    const vals = (pts: Point[]): number[] =>
      pts.map((x) => {
        const v = Number(x[p.name]);
        return ax.log ? Math.log(Math.max(v, 1e-300)) : v;
      });
    if (o.bandwidth !== 'scott') {
      kl.set(p.name, parzenHyperopt(vals(good), wGood, ax, o.priorWeight));
      kg.set(p.name, parzenHyperopt(vals(bad), wBad, ax, o.priorWeight));
    } else {
      kl.set(p.name, parzenScott(vals(good), wGood, ax, o.priorWeight, dims));
      kg.set(p.name, parzenScott(vals(bad), wBad, ax, o.priorWeight, dims));
    }
  }
  if (!o.multivariate) {
    // hyperopt: each parameter gets its own candidates and its own argmax.
    const out: Point = {};
    for (const p of space) {
      const cat = cats.get(p.name);
      if (cat && isChoice(p)) {
        let best = 0;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < o.nCandidates; c++) {
          const i = pick(cat.probs, rng);
          const s = Math.log(cat.probs[i] ?? 1e-300) - Math.log(cat.probsAbove[i] ?? 1e-300);
          if (s > bestScore) [best, bestScore] = [i, s];
        }
        out[p.name] = p.list[best] ?? '';
        continue;
      }
      const ax = axes.get(p.name) as Axis;
      const l = kl.get(p.name) as Kernels;
      const g = kg.get(p.name) as Kernels;
      let best = Number.NaN;
      let bestScore = Number.NEGATIVE_INFINITY;
      const hyperopt = o.bandwidth === 'hyperopt';
      for (let c = 0; c < o.nCandidates; c++) {
        const j = hyperopt ? 0 : pick(l.weights, rng);
        const v = hyperopt ? drawMixture(ax, l, rng) : drawFrom(ax, l.mus[j] ?? 0, l.sigmas[j] ?? 1, rng);
        // hyperopt normalises each mixture once (a constant per parameter), so the argmax only
        // needs the untruncated mixture densities; Optuna 3.1 truncates each kernel and leaves
        // out the 1/σ factor.
        const s = hyperopt
          ? mixLog(ax, v, l, false) - mixLog(ax, v, g, false)
          : mixLog(ax, v, l, true, true) - mixLog(ax, v, g, true, true);
        if (s > bestScore || Number.isNaN(best)) [best, bestScore] = [v, s];
      }
      out[p.name] = best;
    }
    return out;
  }
  // Optuna multivariate: kernels are joint, one component index across all dimensions.
  // Kernel k < n is observation k (time order); kernel n is the prior. Categorical kernels put
  // (1 + 1/K) / 2 on the observed choice, (1/K) / 2 elsewhere — Optuna's kernel with prior weight 1.
  const nl = good.length + 1;
  const wl = normalise([...wGood, o.priorWeight]);
  const wg = normalise([...wBad, o.priorWeight]);
  const comp = (k: number, which: Map<string, Kernels>, name: string) => {
    const ker = which.get(name) as Kernels;
    return { mu: ker.mus[k] ?? 0, s: ker.sigmas[k] ?? 1 };
  };
  const jointLog = (x: Point, pts: Point[], w: number[], which: Map<string, Kernels>): number => {
    const n = pts.length + 1;
    const terms: number[] = [];
    for (let k = 0; k < n; k++) {
      const isPrior = k === n - 1;
      let s = Math.log(w[k] ?? 1e-300);
      for (const p of space) {
        if (isChoice(p)) {
          const same = !isPrior && String(pts[k]?.[p.name]) === String(x[p.name]);
          s += Math.log(
            isPrior ? 1 / p.list.length : same ? (1 + 1 / p.list.length) / 2 : 1 / p.list.length / 2,
          );
          continue;
        }
        const { mu, s: sd } = comp(k, which, p.name);
        s += kernelLog(axes.get(p.name) as Axis, Number(x[p.name]), mu, sd);
      }
      terms.push(s);
    }
    return logSumExp(terms);
  };
  let best: Point = {};
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < o.nCandidates; c++) {
    const k = pick(wl, rng);
    const isPrior = k === nl - 1;
    const x: Point = {};
    for (const p of space) {
      if (isChoice(p)) {
        const cur = good[k]?.[p.name];
        x[p.name] =
          isPrior || cur === undefined || rng.next() < 0.5
            ? (p.list[rng.int(p.list.length)] ?? '')
            : String(cur);
        continue;
      }
      const { mu, s } = comp(k, kl, p.name);
      x[p.name] = drawFrom(axes.get(p.name) as Axis, mu, s, rng);
    }
    const score = jointLog(x, good, wl, kl) - jointLog(x, bad, wg, kg);
    if (score > bestScore || c === 0) [best, bestScore] = [x, score];
  }
  return best;
}

function normalise(w: number[]): number[] {
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
}

/** Optuna's multivariate bandwidth: 0.2·n^(−1/(d+4))·range, clipped; prior last. Time order kept. */
function parzenScott(obs: number[], w: number[], ax: Axis, priorWeight: number, dims: number): Kernels {
  const range = Number.isFinite(ax.hi - ax.lo) ? ax.hi - ax.lo : ax.priorSigma * 6;
  const n = obs.length + 1;
  const bw = 0.2 * n ** (-1 / (dims + 4)) * range;
  const minBw = range / Math.min(100, n);
  const s = Math.min(range, Math.max(bw, minBw));
  const sigmas = obs.map(() => s);
  sigmas.push(range);
  const weights = normalise([...w, priorWeight]);
  return { mus: [...obs, ax.priorMu], sigmas, weights };
}

function mixLog(ax: Axis, v: number, k: Kernels, truncate: boolean, unitHeight = false): number {
  return logSumExp(
    k.mus.map(
      (mu, i) =>
        Math.log(k.weights[i] ?? 1e-300) + kernelLog(ax, v, mu, k.sigmas[i] ?? 1, truncate, unitHeight),
    ),
  );
}

/** hyperopt's `GMM1`/`LGMM1` draw: component and value redrawn until inside [lo, hi). */
function drawMixture(ax: Axis, k: Kernels, rng: Rng): number {
  for (let t = 0; t < 1000; t++) {
    const j = pick(k.weights, rng);
    const x = (k.mus[j] ?? 0) + (k.sigmas[j] ?? 1) * rng.normal();
    if (x >= ax.lo && x < ax.hi) return snap(ax.p, ax.log ? Math.exp(x) : x);
  }
  const x = Math.min(ax.hi, Math.max(ax.lo, k.mus[0] ?? ax.priorMu));
  return snap(ax.p, ax.log ? Math.exp(x) : x);
}
