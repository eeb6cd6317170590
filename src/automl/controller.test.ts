import { describe, expect, it } from 'vitest';
import { runExperiment } from './controller.js';
import { applyDefaults } from './defaults.js';
import { memoryStateStore } from './state-store.js';
import { type Objective, objectiveRunner } from './trial.js';
import type { Experiment } from './types.js';

function exp(spec: Partial<Experiment['spec']> = {}): Experiment {
  return applyDefaults({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: 'quad' },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss' },
      algorithm: { algorithmName: 'random', algorithmSettings: [{ name: 'random_state', value: '1' }] },
      parallelTrialCount: 2,
      maxTrialCount: 6,
      parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } }],
      trialTemplate: { primaryContainerName: 'main', trialParameters: [], trialSpec: {} },
      ...spec,
    },
  });
}
const quad: Objective = ({ x }) => ({ loss: Number(x) ** 2 });

describe('runExperiment', () => {
  it('stops at maxTrialCount with a Katib-shaped status', async () => {
    const { status, trials } = await runExperiment(exp(), { runner: objectiveRunner(quad) });
    expect(status.trials).toBe(6);
    expect(status.trialsSucceeded).toBe(6);
    expect(status.conditions.at(-1)).toMatchObject({
      type: 'Succeeded',
      status: 'True',
      reason: 'ExperimentMaxTrialsReached',
    });
    const best = trials.reduce((a, b) =>
      Number(a.observation?.[0]?.min) <= Number(b.observation?.[0]?.min) ? a : b,
    );
    expect(status.currentOptimalTrial.bestTrialName).toBe(best.name);
    expect(status.currentOptimalTrial.parameterAssignments).toEqual(best.parameterAssignments);
    expect(status.succeededTrialList).toHaveLength(6);
    expect(trials[0]?.name).toMatch(/^quad-[a-z0-9]{8}$/);
  });

  it('never runs more than parallelTrialCount trials at once', async () => {
    let now = 0;
    let peak = 0;
    await runExperiment(exp({ parallelTrialCount: 3, maxTrialCount: 9 }), {
      runner: objectiveRunner(async () => {
        now++;
        peak = Math.max(peak, now);
        await new Promise((r) => setTimeout(r, 2));
        now--;
        return { loss: 1 };
      }),
    });
    expect(peak).toBe(3);
  });

  it('succeeds when the goal is reached', async () => {
    const { status } = await runExperiment(
      exp({ objective: { type: 'maximize', goal: 0.5, objectiveMetricName: 'acc' }, maxTrialCount: 50 }),
      {
        runner: objectiveRunner(({ x }) => ({ acc: Number(x) })),
      },
    );
    expect(status.conditions.at(-1)?.reason).toBe('ExperimentGoalReached');
    expect(status.trials).toBeLessThan(50);
  });

  it('fails at maxFailedTrialCount, counting MetricsUnavailable; the tool never throws', async () => {
    let i = 0;
    const { status, trials } = await runExperiment(exp({ maxFailedTrialCount: 2, parallelTrialCount: 1 }), {
      runner: objectiveRunner(() => {
        i++;
        if (i === 1) throw new Error('boom');
        return { other: 1 };
      }),
    });
    expect(status.conditions.at(-1)).toMatchObject({ type: 'Failed', reason: 'ExperimentFailed' });
    expect(trials.map((t) => t.state)).toEqual(['Failed', 'MetricsUnavailable']);
    expect(trials[0]?.message).toBe('boom');
    expect(status.trialsFailed).toBe(1);
    expect(status.trialMetricsUnavailable).toBe(1);
    expect(trials[1]?.observation).toEqual([
      { name: 'loss', min: 'unavailable', max: 'unavailable', latest: 'unavailable' },
    ]);
  });

  it('ends with SuggestionEndReached when the grid is exhausted', async () => {
    const { status } = await runExperiment(
      exp({
        algorithm: { algorithmName: 'grid' },
        maxTrialCount: undefined,
        parameters: [{ name: 'x', parameterType: 'int', feasibleSpace: { min: '1', max: '5' } }],
      }),
      { runner: objectiveRunner(quad) },
    );
    expect(status.trials).toBe(5);
    expect(status.conditions.at(-1)?.reason).toBe('ExperimentSuggestionEndReached');
  });

  it('early-stops with medianstop and keeps the observation', async () => {
    // Trials report x, x, x, … for 5 steps; the rule is formed after 2 succeeded trials.
    const e = exp({
      parallelTrialCount: 1,
      maxTrialCount: 8,
      objective: { type: 'maximize', objectiveMetricName: 'acc' },
      algorithm: { algorithmName: 'grid' },
      parameters: [
        {
          name: 'x',
          parameterType: 'discrete',
          feasibleSpace: { list: ['0.9', '0.8', '0.1', '0.95', '0.05', '0.2', '0.3', '0.85'] },
        },
      ],
      earlyStopping: {
        algorithmName: 'medianstop',
        algorithmSettings: [
          { name: 'min_trials_required', value: '2' },
          { name: 'start_step', value: '2' },
        ],
      },
    });
    const reports: number[] = [];
    const { trials, status } = await runExperiment(e, {
      runner: objectiveRunner(async ({ x }, ctx) => {
        let n = 0;
        for (let s = 1; s <= 5 && !ctx.shouldStop; s++) {
          ctx.report(s, { acc: Number(x) });
          n++;
        }
        reports.push(n);
      }),
    });
    const stopped = trials.filter((t) => t.state === 'EarlyStopped');
    expect(stopped.length).toBeGreaterThan(0);
    for (const t of stopped) {
      expect(t.metricLogs).toHaveLength(2); // stopped at the start_step-th report
      expect(Number(t.observation?.[0]?.max)).toBeLessThan(t.earlyStoppingRules[0]?.value ?? 0);
      expect(t.reason).toBe('TrialEarlyStopped');
    }
    expect(trials.slice(0, 2).every((t) => t.earlyStoppingRules.length === 0)).toBe(true);
    expect(status.trialsEarlyStopped).toBe(stopped.length);
  });

  it('resumes after an interruption without losing or repeating finished trials', async () => {
    const store = memoryStateStore();
    const ac = new AbortController();
    const seen: string[] = [];
    const runner = objectiveRunner(async ({ x }, ctx) => {
      seen.push(ctx.trialName);
      if (seen.length === 4) ac.abort();
      await new Promise((r) => setTimeout(r, 1));
      return { loss: Number(x) ** 2 };
    });
    const e = exp({ parallelTrialCount: 1, maxTrialCount: 6 });
    const first = await runExperiment(e, { runner, store, signal: ac.signal });
    expect(first.status.conditions.at(-1)?.type).toBe('Running');
    const finished = first.trials.filter((t) => t.state === 'Succeeded').map((t) => t.name);
    expect(finished).toHaveLength(3);
    seen.length = 0;
    const second = await runExperiment(e, { runner, store });
    expect(second.status.trials).toBe(6);
    expect(second.status.conditions.at(-1)?.reason).toBe('ExperimentMaxTrialsReached');
    for (const n of finished) expect(seen).not.toContain(n);
    expect(seen).toHaveLength(3); // the interrupted one again, then two new
    // Same result as an uninterrupted run with the same seed.
    const straight = await runExperiment(e, { runner: objectiveRunner(quad) });
    expect(second.trials.map((t) => t.parameterAssignments)).toEqual(
      straight.trials.map((t) => t.parameterAssignments),
    );
  });

  it('restarts a completed experiment with a larger maxTrialCount only as Katib allows', async () => {
    const store = memoryStateStore();
    await runExperiment(exp({ maxTrialCount: 3 }), { runner: objectiveRunner(quad), store });
    await expect(
      runExperiment(exp({ maxTrialCount: 5 }), { runner: objectiveRunner(quad), store }),
    ).rejects.toThrow(/can be restarted if it is in succeeded state by reaching max trials/);
    const long = (n: number) => exp({ maxTrialCount: n, resumePolicy: 'LongRunning' });
    const store2 = memoryStateStore();
    await runExperiment(long(3), { runner: objectiveRunner(quad), store: store2 });
    await expect(
      runExperiment(long(3), { runner: objectiveRunner(quad), store: store2 }),
    ).resolves.toBeDefined();
    await expect(runExperiment(long(2), { runner: objectiveRunner(quad), store: store2 })).rejects.toThrow(
      /must be greater than status.trials count/,
    );
    const more = await runExperiment(long(5), { runner: objectiveRunner(quad), store: store2 });
    expect(more.status.trials).toBe(5);
    expect(more.status.conditions.at(-1)?.reason).toBe('ExperimentMaxTrialsReached');
  });

  it('refuses to resume state of a different spec', async () => {
    const store = memoryStateStore();
    await runExperiment(exp(), { runner: objectiveRunner(quad), store });
    await expect(
      runExperiment(exp({ parameters: [] }), { runner: objectiveRunner(quad), store }),
    ).rejects.toThrow(/different spec/);
  });
});
