import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteMetadataStore } from '../store/index.js';
import { runExperiment } from './controller.js';
import { applyDefaults } from './defaults.js';
import { metadataStateStore } from './metadata-state-store.js';
import { objectiveRunner } from './trial.js';

const e = applyDefaults({
  apiVersion: 'kubeflow.org/v1beta1',
  kind: 'Experiment',
  metadata: { name: 'meta', namespace: 'ns' },
  spec: {
    objective: { type: 'minimize', objectiveMetricName: 'loss' },
    algorithm: { algorithmName: 'tpe', algorithmSettings: [{ name: 'random_state', value: '4' }] },
    parallelTrialCount: 1,
    maxTrialCount: 6,
    parameters: [{ name: 'x', parameterType: 'double', feasibleSpace: { min: '-1', max: '1' } }],
    trialTemplate: { primaryContainerName: 'main', trialParameters: [], trialSpec: {} },
  },
});

describe('metadataStateStore', () => {
  it('keeps trials, reports and status in SQLite and resumes from them', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'kite-automl-')), 'kite.db');
    const ac = new AbortController();
    let calls = 0;
    const runner = objectiveRunner(async ({ x }, ctx) => {
      calls++;
      if (calls === 4) ac.abort();
      ctx.report(1, { loss: Number(x) ** 2 + 1 });
      await new Promise((r) => setTimeout(r, 1));
      return { loss: Number(x) ** 2 };
    });
    const meta1 = openSqliteMetadataStore(db);
    const first = await runExperiment(e, {
      runner,
      store: metadataStateStore(meta1, 'ns/meta'),
      signal: ac.signal,
    });
    expect(first.trials.filter((t) => t.state === 'Succeeded')).toHaveLength(3);
    meta1.close();

    const meta2 = openSqliteMetadataStore(db);
    const second = await runExperiment(e, {
      runner: objectiveRunner(({ x }) => ({ loss: Number(x) ** 2 })),
      store: metadataStateStore(meta2, 'ns/meta'),
    });
    expect(second.status.trials).toBe(6);
    expect(second.status.conditions.at(-1)?.reason).toBe('ExperimentMaxTrialsReached');
    const rows = meta2.listTrials('ns/meta');
    expect(rows.map((r) => r.state)).toEqual(new Array(6).fill('Succeeded'));
    expect(meta2.listTrialReports(rows[0]?.id ?? 0).map((r) => r.metrics.loss)).toHaveLength(2);
    const rec = meta2.getExperiment('ns/meta');
    expect(rec?.state).toBe('Succeeded');
    expect((rec?.status as { trialsSucceeded?: number } | undefined)?.trialsSucceeded).toBe(6);
    // Finished trials were kept: the first three trial names are the same.
    expect(second.trials.slice(0, 3).map((t) => t.name)).toEqual(first.trials.slice(0, 3).map((t) => t.name));
    meta2.close();
  });
});
