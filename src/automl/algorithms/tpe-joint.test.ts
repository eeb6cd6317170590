import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import type { Point, SearchSpace } from '../search-space.js';
import { toSearchSpace } from '../search-space.js';
import type { TrialView } from './algorithm.js';
import { createTpe, tpeOptionsOf } from './tpe.js';
import { buildJointModel, JOINT_DEFAULTS, jointBandwidths, jointLogPdf } from './tpe-joint.js';
import { jointSplit, jointTpeSuggest, pointKey } from './tpe-joint-suggest.js';

const unit = (name: string) => ({ name, parameterType: 'double', feasibleSpace: { min: '0', max: '1' } });

describe('joint TPE estimator (Kite default), values computed by hand', () => {
  it('bandwidths: larger gap to the sorted neighbours (bounds included), clipped, prior = range', () => {
    // Sorted with bounds: 0 | 0.2 0.25 0.5(prior) 0.9 | 1 → gaps max(0.2,0.05), max(0.05,0.25), max(0.4,0.1).
    // n = 3: min σ = max(0.03, 1/(3+2)^2) = 0.04.
    expect(jointBandwidths([0.2, 0.25, 0.9, 0.5], 0, 1, JOINT_DEFAULTS)).toEqual([0.2, 0.25, 0.4, 1]);
    // Close points: gaps of 0.01 are clipped to Δ·range = 0.03·10 (n = 4: 1/36 < 0.03).
    const s = jointBandwidths([2, 2.01, 2.02, 2.03, 5], 0, 10, JOINT_DEFAULTS);
    expect(s.map((x) => Number(x.toFixed(12)))).toEqual([2, 0.3, 0.3, 2.97, 10]);
    // One observation: min σ = 1/9 of the range.
    expect(jointBandwidths([0.5, 0.5], 0, 1, JOINT_DEFAULTS)[0]).toBeCloseTo(0.5, 12);
    expect(jointBandwidths([0.49, 0.5], 0, 1, JOINT_DEFAULTS)[0]).toBeCloseTo(0.49, 12);
  });

  it('split: linear β = 0.15, EI weights = improvement over the best bad loss', () => {
    const sp = jointSplit([5, 1, 3, 2, 4, 0.5, 6, 7, 8, 9], JOINT_DEFAULTS);
    expect(sp.good).toEqual([1, 5]);
    expect(sp.bad).toEqual([0, 2, 3, 4, 6, 7, 8, 9]);
    expect(sp.goodWeights).toEqual([1, 1.5]);
    expect(sp.goodPriorWeight).toBe(1.25);
    // 200 observations: ceil(0.15·200) = 30, capped at 25.
    expect(
      jointSplit(
        Array.from({ length: 200 }, (_, i) => i),
        JOINT_DEFAULTS,
      ).good,
    ).toHaveLength(25);
    const uniform = jointSplit([3, 2, 1], { ...JOINT_DEFAULTS, weighting: 'uniform' });
    expect(uniform).toMatchObject({ good: [2], goodWeights: [1], goodPriorWeight: 1 });
  });

  it('log density: truncated-normal kernels times categorical kernels, prior last', () => {
    const space: SearchSpace = toSearchSpace([
      unit('x'),
      { name: 'c', parameterType: 'categorical', feasibleSpace: { list: ['a', 'b', 'c'] } },
    ]);
    // One observation (0.2, 'b'), weights 1 : 1. x: σ = max(0.2, 0.3) = 0.3, prior N(0.5, 1), both
    // truncated to [0, 1]; c: 2 kernels → (1/2 + 1)/(1 + 3/2) = 0.6 on 'b', 0.2 elsewhere; prior 1/3.
    const m = buildJointModel(space, [{ x: 0.2, c: 'b' }], [1], 1, JOINT_DEFAULTS);
    expect(jointLogPdf(m, space, { x: 0.4, c: 'b' })).toBeCloseTo(-0.50695948, 5);
    expect(jointLogPdf(m, space, { x: 0.4, c: 'a' })).toBeCloseTo(-1.15215184, 5);
    const sx = toSearchSpace([unit('x')]);
    const mx = buildJointModel(sx, [{ x: 0.2 }], [1], 1, JOINT_DEFAULTS);
    [0.2826376, 0.21045254, -0.61686975].forEach((v, i) => {
      expect(jointLogPdf(mx, sx, { x: [0.1, 0.4, 0.9][i] ?? 0 })).toBeCloseTo(v, 5);
    });
  });

  it('skipSeen: no repeated configuration in a small categorical space while new ones exist', () => {
    const space = toSearchSpace([
      { name: 'a', parameterType: 'categorical', feasibleSpace: { list: ['0', '1', '2', '3', '4'] } },
      { name: 'b', parameterType: 'categorical', feasibleSpace: { list: ['0', '1', '2', '3', '4'] } },
    ]);
    const f = (p: Point) => (Number(p.a) - 3) ** 2 + (Number(p.b) - 1) ** 2;
    const alg = createTpe(space, 3, tpeOptionsOf({}));
    const trials: TrialView[] = [];
    for (let i = 0; i < 25; i++) {
      const [s] = alg.suggest({ trials, count: 1 });
      trials.push({ name: `t${i}`, point: s?.point ?? {}, state: 'Succeeded', loss: f(s?.point ?? {}) });
    }
    const after = trials.slice(10).map((t) => pointKey(space, t.point));
    const before = new Set(trials.slice(0, 10).map((t) => pointKey(space, t.point)));
    expect(new Set(after).size).toBe(after.length);
    expect(after.filter((k) => before.has(k))).toEqual([]);
    expect(Math.min(...trials.map((t) => t.loss ?? 9))).toBe(0);
  });
});

describe('tpe default (gamma unset) end to end', () => {
  it('int, step, log and normal parameters: suggestions stay on the grid and inside the bounds', () => {
    const space = toSearchSpace([
      { name: 'n', parameterType: 'int', feasibleSpace: { min: '1', max: '8' } },
      {
        name: 'lr',
        parameterType: 'double',
        feasibleSpace: { min: '1e-4', max: '1', distribution: 'logUniform' },
      },
      { name: 'q', parameterType: 'double', feasibleSpace: { min: '0', max: '1', step: '0.25' } },
      { name: 'm', parameterType: 'double', feasibleSpace: { min: '0', max: '1', distribution: 'normal' } },
    ]);
    const f = (p: Point) =>
      (Number(p.n) - 6) ** 2 + Math.log10(Number(p.lr)) ** 2 + (Number(p.q) - 0.75) ** 2 + Number(p.m);
    const alg = createTpe(space, 11, tpeOptionsOf({}));
    const trials: TrialView[] = [];
    for (let i = 0; i < 40; i++) {
      const [s] = alg.suggest({ trials, count: 1 });
      trials.push({ name: `t${i}`, point: s?.point ?? {}, state: 'Succeeded', loss: f(s?.point ?? {}) });
    }
    for (const t of trials.slice(10)) {
      expect(Number.isInteger(t.point.n)).toBe(true);
      expect(Number(t.point.n)).toBeGreaterThanOrEqual(1);
      expect(Number(t.point.n)).toBeLessThanOrEqual(8);
      expect(Number(t.point.lr)).toBeGreaterThanOrEqual(1e-4);
      expect(Number(t.point.lr)).toBeLessThanOrEqual(1);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(t.point.q);
      expect(Number(t.point.m)).toBeGreaterThanOrEqual(0);
      expect(Number(t.point.m)).toBeLessThanOrEqual(1);
    }
    // TPE concentrates on the good region: most of the last 10 suggestions have n = 5…7.
    const late = trials.slice(30).filter((t) => Math.abs(Number(t.point.n) - 6) <= 1);
    expect(late.length).toBeGreaterThanOrEqual(6);
  });

  const branin = (p: Point): number => {
    const x1 = Number(p.x1);
    const x2 = Number(p.x2);
    const b = 5.1 / (4 * Math.PI ** 2);
    return (
      (x2 - b * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10
    );
  };
  const space = toSearchSpace([
    { name: 'x1', parameterType: 'double', feasibleSpace: { min: '-5', max: '10' } },
    { name: 'x2', parameterType: 'double', feasibleSpace: { min: '0', max: '15' } },
  ]);
  const run = (seed: number, n: number): TrialView[] => {
    const alg = createTpe(space, seed, tpeOptionsOf({}));
    const trials: TrialView[] = [];
    for (let i = 0; i < n; i++) {
      const [s] = alg.suggest({ trials, count: 1 });
      trials.push({ name: `t${i}`, point: s?.point ?? {}, state: 'Succeeded', loss: branin(s?.point ?? {}) });
    }
    return trials;
  };

  it('is deterministic given random_state and differs across seeds', () => {
    const a = run(7, 30).map((t) => t.point);
    expect(run(7, 30).map((t) => t.point)).toEqual(a);
    expect(run(8, 30).map((t) => t.point)).not.toEqual(a);
  });

  it('finds a Branin point within 0.1 of the optimum (0.397887) in 60 trials, for 3 seeds', () => {
    for (const seed of [0, 1, 2]) {
      const best = Math.min(...run(seed, 60).map((t) => t.loss ?? Number.POSITIVE_INFINITY));
      expect(best).toBeLessThan(0.397887 + 0.1);
    }
  });

  it('a batch of suggestions has no duplicates and every value is inside the bounds', () => {
    const trials = run(4, 12);
    const alg = createTpe(space, 4, tpeOptionsOf({}));
    const batch = alg.suggest({ trials, count: 5 }).map((s) => s.point);
    expect(new Set(batch.map((p) => pointKey(space, p))).size).toBe(5);
    for (const p of batch) {
      expect(Number(p.x1)).toBeGreaterThanOrEqual(-5);
      expect(Number(p.x1)).toBeLessThanOrEqual(10);
      expect(Number(p.x2)).toBeGreaterThanOrEqual(0);
      expect(Number(p.x2)).toBeLessThanOrEqual(15);
    }
  });

  it('jointTpeSuggest draws from l and keeps the best log l − log g of its candidates', () => {
    const pts: Point[] = [
      { x1: 9.4, x2: 2.5 },
      { x1: -4, x2: 14 },
      { x1: 0, x2: 0 },
      { x1: 3.1, x2: 2.3 },
    ];
    const losses = pts.map(branin);
    const o = { ...JOINT_DEFAULTS, beta: 0.5 };
    const p = jointTpeSuggest(space, pts, losses, o, createRng(1));
    const one = jointTpeSuggest(space, pts, losses, { ...o, nCandidates: 1 }, createRng(1));
    // The single first candidate is the first of the 24, so the 24-candidate winner scores at least as high.
    const sp = jointSplit(losses, o);
    const l = buildJointModel(
      space,
      sp.good.map((i) => pts[i] ?? {}),
      sp.goodWeights,
      sp.goodPriorWeight,
      o,
    );
    const g = buildJointModel(
      space,
      sp.bad.map((i) => pts[i] ?? {}),
      sp.bad.map(() => 1),
      1,
      o,
    );
    const score = (x: Point) => jointLogPdf(l, space, x) - jointLogPdf(g, space, x);
    expect(score(p)).toBeGreaterThanOrEqual(score(one));
  });
});
