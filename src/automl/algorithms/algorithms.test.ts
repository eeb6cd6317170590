import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import type { Point } from '../search-space.js';
import type { Experiment, ParameterSpec } from '../types.js';
import type { TrialView } from './algorithm.js';
import { ALGORITHMS, algorithmContext, createAlgorithm, validateAlgorithmSettings } from './registry.js';
import { sobolPoint } from './sobol.js';

const dbl = (
  name: string,
  min: string,
  max: string,
  extra: Partial<ParameterSpec['feasibleSpace']> = {},
): ParameterSpec => ({
  name,
  parameterType: 'double',
  feasibleSpace: { min, max, ...extra },
});

function exp(
  algorithmName: string,
  settings: Record<string, string>,
  parameters: ParameterSpec[],
  spec: Partial<Experiment['spec']> = {},
) {
  return applyDefaults({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: 'e' },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss' },
      algorithm: {
        algorithmName,
        algorithmSettings: Object.entries(settings).map(([name, value]) => ({ name, value })),
      },
      parameters,
      ...spec,
    },
  });
}

const sphere = (p: Point): number => (Number(p.x) - 0.3) ** 2 + (Number(p.y) - 0.7) ** 2;

/** Sequential optimisation of `f` with `n` trials; returns the best loss. */
function optimise(
  e: Experiment,
  n: number,
  f: (p: Point) => number,
  batch = 1,
): { best: number; trials: TrialView[] } {
  const alg = createAlgorithm(e);
  const trials: TrialView[] = [];
  while (trials.length < n) {
    const got = alg.suggest({ trials, count: batch });
    if (got.length === 0) break;
    for (const s of got)
      trials.push({
        name: `t${trials.length}`,
        point: s.point,
        state: 'Succeeded',
        loss: f(s.point),
        ...(s.labels ? { labels: s.labels } : {}),
      });
  }
  return { best: Math.min(...trials.map((t) => t.loss ?? Number.POSITIVE_INFINITY)), trials };
}

const XY = [dbl('x', '0', '1'), dbl('y', '0', '1')];

describe('every algorithm', () => {
  for (const name of ['random', 'grid', 'tpe', 'multivariate-tpe', 'bayesianoptimization', 'cmaes']) {
    it(`${name} is deterministic under random_state and stays in bounds`, () => {
      const params =
        name === 'grid' ? [dbl('x', '0', '1', { step: '0.1' }), dbl('y', '0', '1', { step: '0.1' })] : XY;
      const e = exp(name, { random_state: '7' }, params);
      const a = optimise(e, 15, sphere).trials.map((t) => t.point);
      const b = optimise(e, 15, sphere).trials.map((t) => t.point);
      expect(a).toEqual(b);
      for (const p of a)
        for (const v of Object.values(p)) {
          expect(Number(v)).toBeGreaterThanOrEqual(0);
          expect(Number(v)).toBeLessThanOrEqual(1);
        }
      const c = optimise(exp(name, { random_state: '8' }, params), 15, sphere).trials.map((t) => t.point);
      expect(c).not.toEqual(a);
    });
  }
  it('has the Katib names of every local algorithm', () => {
    expect(Object.keys(ALGORITHMS).sort()).toEqual(
      [
        'bayesianoptimization',
        'cmaes',
        'grid',
        'hyperband',
        'multivariate-tpe',
        'pbt',
        'random',
        'sobol',
        'tpe',
      ].sort(),
    );
  });
});

describe('model-based algorithms beat random search on a smooth 2-D bowl', () => {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const run = (name: string, n: number): number =>
    median([1, 2, 3, 4, 5].map((s) => optimise(exp(name, { random_state: String(s) }, XY), n, sphere).best));
  const rnd = run('random', 40);
  for (const name of ['tpe', 'multivariate-tpe', 'bayesianoptimization', 'cmaes'])
    it(name, () => expect(run(name, 40)).toBeLessThan(rnd));
});

describe('settings validation (Katib wording)', () => {
  const v = (name: string, s: Record<string, string>, params = XY, spec: Partial<Experiment['spec']> = {}) =>
    validateAlgorithmSettings(exp(name, s, params, spec));
  it('tpe', () => {
    expect(v('tpe', { gamma: '0' })).toEqual(['gamma should be in the range of (0, 1)']);
    expect(v('tpe', { n_EI_candidates: '0' })).toEqual(['n_EI_candidates should be great than zero']);
    expect(v('tpe', { foo: '1' })).toEqual(['unknown setting foo for algorithm tpe']);
    expect(v('tpe', { random_state: '-1' })).toEqual(['random_state should be great or equal than zero']);
  });
  it('grid needs steps for doubles and enough combinations', () => {
    expect(v('grid', {}, XY)[0]).toContain('step must be set');
    const g = [dbl('x', '0', '1', { step: '0.5' })];
    expect(v('grid', {}, g, { maxTrialCount: 4 })).toEqual([
      'Max Trial Count: 4 > all possible search combinations: 3',
    ]);
  });
  it('bayesianoptimization, cmaes, hyperband, pbt', () => {
    expect(v('bayesianoptimization', { acq_func: 'XX' })).toEqual([
      'acq_func XX is not supported in Bayesian optimization',
    ]);
    expect(v('cmaes', {}, [dbl('x', '0', '1')])).toEqual([
      'CMA-ES only supports two or more dimensional continuous search space.',
    ]);
    expect(v('hyperband', { r_l: '9' })).toEqual(['r_l and resource_name must be set.']);
    expect(v('hyperband', { r_l: '9', resource_name: 'x' }, XY, { parallelTrialCount: 3 })).toEqual([
      'parallelTrialCount must be not less than 9.',
    ]);
    expect(v('pbt', { suggestion_trial_dir: '/d', n_population: '4', truncation_threshold: '0.2' })).toEqual([
      'Param(n_population) should be >= 5',
    ]);
  });
});

describe('grid', () => {
  it('visits every point once, then reports the space exhausted', () => {
    const e = exp('grid', {}, [
      dbl('x', '0', '1', { step: '0.25' }),
      { name: 'c', parameterType: 'categorical', feasibleSpace: { list: ['a', 'b'] } },
    ]);
    const { trials } = optimise(e, 100, () => 0, 3);
    expect(trials).toHaveLength(10);
    expect(new Set(trials.map((t) => `${t.point.x}/${t.point.c}`)).size).toBe(10);
  });
});

describe('sobol', () => {
  it('stratifies each coordinate of the first 2^k points', () => {
    for (let d = 0; d < 5; d++) {
      const bins = new Set(Array.from({ length: 16 }, (_, i) => Math.floor((sobolPoint(i, 5)[d] ?? 0) * 16)));
      expect(bins.size).toBe(16);
    }
  });
  it('maps onto the parameters', () => {
    const e = exp('sobol', {}, XY);
    const s = createAlgorithm(e).suggest({ trials: [], count: 2 });
    expect(s.map((x) => x.point)).toEqual([
      { x: 0.5, y: 0.5 },
      { x: 0.75, y: 0.25 },
    ]);
  });
});

describe('hyperband', () => {
  it("runs Katib's brackets: master of n configs at r, then the top ceil(n/eta) at r·eta", () => {
    const params = [
      dbl('x', '0', '1'),
      { name: 'epochs', parameterType: 'int', feasibleSpace: { min: '1', max: '9' } },
    ];
    const e = exp('hyperband', { r_l: '9', resource_name: 'epochs', eta: '3', random_state: '1' }, params, {
      parallelTrialCount: 9,
    });
    const alg = createAlgorithm(e);
    const trials: TrialView[] = [];
    const round = (n: number) => {
      const got = alg.suggest({ trials, count: n });
      for (const s of got)
        trials.push({
          name: `t${trials.length}`,
          point: s.point,
          state: 'Succeeded',
          loss: Number(s.point.x),
        });
      return got;
    };
    const master = round(9);
    expect(master).toHaveLength(9);
    expect(new Set(master.map((s) => s.point.epochs))).toEqual(new Set([1]));
    const child = round(9);
    expect(child).toHaveLength(3);
    expect(child.map((s) => s.point.epochs)).toEqual([3, 3, 3]);
    const best3 = [...master]
      .sort((a, b) => Number(a.point.x) - Number(b.point.x))
      .slice(0, 3)
      .map((s) => s.point.x);
    expect(child.map((s) => s.point.x)).toEqual(best3);
    expect(round(9).map((s) => s.point.epochs)).toEqual([9]);
  });
});

describe('pbt', () => {
  it('names trials and labels generation and parent', () => {
    const e = exp(
      'pbt',
      { suggestion_trial_dir: '/tmp/x', n_population: '5', truncation_threshold: '0.4', random_state: '3' },
      [dbl('lr', '0.1', '1', { step: '0.1' })],
    );
    const alg = createAlgorithm(e);
    const trials: TrialView[] = [];
    for (let r = 0; r < 4; r++)
      for (const s of alg.suggest({ trials, count: 3 }))
        trials.push({
          name: s.name ?? '',
          point: s.point,
          state: 'Succeeded',
          loss: -Number(s.point.lr),
          labels: s.labels ?? {},
        });
    expect(trials[0]?.name).toMatch(/^e-/);
    expect(trials[0]?.labels?.['pbt.suggestion.katib.kubeflow.org/generation']).toBe('0');
    const later = trials.filter((t) => t.labels?.['pbt.suggestion.katib.kubeflow.org/parent']);
    expect(later.length).toBeGreaterThan(0);
    expect(later[0]?.labels?.['pbt.suggestion.katib.kubeflow.org/generation']).toBe('1');
  });
});

it('algorithmContext reads settings as a map', () => {
  expect(algorithmContext(exp('tpe', { gamma: '0.3' }, XY)).settings).toEqual({ gamma: '0.3' });
});
