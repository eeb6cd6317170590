import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults.js';
import { printExperiment } from '../experiment-file.js';
import type { NumericParam } from '../search-space.js';
import { toSearchSpace } from '../search-space.js';
import type { TrialView } from './algorithm.js';
import { rngAt, samplePoint } from './random.js';
import { createTpe, describeTpe, tpeOptionsOf } from './tpe.js';
import { categoricalPosterior, univariateLogDensity } from './tpe-core.js';

const X: NumericParam = { kind: 'double', name: 'x', min: 0, max: 1, distribution: 'uniform' };

describe('tpe modes', () => {
  it("gamma set → Katib's hyperopt rule; unset → the joint TPE of Watanabe 2023 (Kite default)", () => {
    expect(tpeOptionsOf({ gamma: '0.25' })).toMatchObject({
      split: 'hyperopt',
      gamma: 0.25,
      nStartup: 0,
      estimator: 'hyperopt',
    });
    expect(tpeOptionsOf({})).toMatchObject({
      nStartup: 10,
      estimator: 'joint',
      joint: { beta: 0.15, minBandwidthFactor: 0.03, magicExponent: 2, weighting: 'ei', skipSeen: true },
    });
    expect(tpeOptionsOf({ prior_weight: '2', n_EI_candidates: '7' })).toMatchObject({
      priorWeight: 2,
      nCandidates: 7,
    });
    expect(describeTpe({})).toContain('min(ceil(0.15·n), 25)');
    expect(describeTpe({ gamma: '0.3' })).toContain('min(ceil(0.3·sqrt(n)), 25)');
  });

  it('default mode: the first 10 completed trials are random, then TPE', () => {
    const space = toSearchSpace([
      { name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } },
    ]);
    const alg = createTpe(space, 5, tpeOptionsOf({}));
    const trials: TrialView[] = [];
    for (let i = 0; i < 10; i++) {
      const [s] = alg.suggest({ trials, count: 1 });
      expect(s?.point).toEqual(samplePoint(space, rngAt(5, i)));
      trials.push({ name: `t${i}`, point: s?.point ?? {}, state: 'Succeeded', loss: i });
    }
    // A running trial (no loss) does not count as completed.
    trials.push({ name: 'r', point: { x: 0.5 }, state: 'Running' });
    expect(alg.suggest({ trials, count: 1 })[0]?.point).not.toEqual(samplePoint(space, rngAt(5, 11)));
  });

  it('Katib mode: only the first batch is random (n_startup_jobs = request size)', () => {
    const space = toSearchSpace([
      { name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } },
    ]);
    const alg = createTpe(space, 5, tpeOptionsOf({ gamma: '0.25' }));
    const first = alg.suggest({ trials: [], count: 1 })[0];
    expect(first?.point).toEqual(samplePoint(space, rngAt(5, 0)));
    const trials: TrialView[] = [{ name: 't0', point: first?.point ?? {}, state: 'Succeeded', loss: 1 }];
    expect(alg.suggest({ trials, count: 1 })[0]?.point).not.toEqual(samplePoint(space, rngAt(5, 1)));
  });

  it('kite tune --validate says which tpe rule runs, as a YAML comment', () => {
    const e = (settings: { name: string; value: string }[]) =>
      applyDefaults({
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Experiment',
        metadata: { name: 'e' },
        spec: {
          objective: { type: 'minimize', objectiveMetricName: 'loss' },
          algorithm: { algorithmName: 'tpe', algorithmSettings: settings },
          parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '0', max: '1' } }],
        },
      });
    expect(printExperiment(e([])).split('\n')[0]).toMatch(/^# kite \(local runs\): .*Watanabe 2023/);
    expect(printExperiment(e([{ name: 'gamma', value: '0.25' }])).split('\n')[0]).toMatch(/Katib's hyperopt/);
  });
});

// Katib mode's estimator (hyperopt) and Optuna 3.1's (the former default, kept for the benchmark's
// ablations as `estimator: 'optuna31'`); the default's estimator is pinned in tpe-joint.test.ts.
describe('estimators match the libraries they port (values computed with hyperopt 0.2.5 / Optuna 3.1)', () => {
  it('categorical: hyperopt adds prior_weight to every choice; Optuna mixes its kernels', () => {
    const hy = categoricalPosterior([0, 0, 2], [1, 1, 1], 4, 1, 'hyperopt');
    [3 / 7, 1 / 7, 2 / 7, 1 / 7].forEach((v, i) => {
      expect(hy[i]).toBeCloseTo(v, 12);
    });
    const op = categoricalPosterior([0, 0, 2], [1, 1, 1], 4, 1, 'optuna31');
    [0.40625, 0.15625, 0.28125, 0.15625].forEach((v, i) => {
      expect(op[i]).toBeCloseTo(v, 12);
    });
  });

  it('numeric: Optuna 3.1 log pdf (no 1/σ), hyperopt up to its truncation constant', () => {
    const obs = [0.2, 0.25, 0.9];
    const w = [1, 1, 1];
    const op = [0.1, 0.5, 0.95].map((x) => univariateLogDensity(X, obs, w, 1, 'optuna31', x));
    [-0.76091328, -0.74632743, -0.89999517].forEach((v, i) => {
      expect(op[i]).toBeCloseTo(v, 6);
    });
    const hy = [0.1, 0.5, 0.95].map((x) => univariateLogDensity(X, obs, w, 1, 'hyperopt', x));
    expect((hy[1] ?? 0) - (hy[0] ?? 0)).toBeCloseTo(-0.31703117, 6);
    expect((hy[2] ?? 0) - (hy[0] ?? 0)).toBeCloseTo(-0.95530379, 6);
  });
});
