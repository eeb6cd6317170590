/**
 * Tunes DEFAULT_RNN's hyperparameters for SST-2 with Kite's own AutoML (a Katib Experiment,
 * Kite's default TPE), selecting only on held-out parts of the *training* split — the dev set,
 * on which the target is measured, never enters the search. Each trial trains
 * `bench/models/accuracy.ts sst2 --val-split 0.1 --patience 2` for seeds 1 and 2 (two different
 * held-out splits) and reports their mean validation accuracy; accuracy.ts also prints dev
 * accuracy, which is logged beside each trial for the record and ignored by the search.
 *
 *   npx tsx bench/models/sst2-tune.ts [--trials 24] [--seeds 1,2]
 *
 * Then evaluate the chosen configuration on seeds 1–10 with accuracy.ts (RESULTS.md).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyDefaults, type Experiment, objectiveRunner, runExperiment } from '../../src/automl/index.js';

const { values } = parseArgs({
  options: { trials: { type: 'string', default: '24' }, seeds: { type: 'string', default: '1,2' } },
});
const seeds = values.seeds.split(',').map(Number);
const num = (name: string, min: string, max: string, distribution?: 'logUniform') => ({
  name,
  parameterType: 'double' as const,
  feasibleSpace: { min, max, ...(distribution ? { distribution } : {}) },
});
const list = (name: string, items: string[], parameterType: 'discrete' | 'categorical') => ({
  name,
  parameterType,
  feasibleSpace: { list: items },
});
const experiment: Experiment = applyDefaults({
  apiVersion: 'kubeflow.org/v1beta1',
  kind: 'Experiment',
  metadata: { name: 'sst2-rnn' },
  spec: {
    objective: {
      type: 'maximize',
      objectiveMetricName: 'val_accuracy',
      additionalMetricNames: ['dev_accuracy'],
    },
    algorithm: { algorithmName: 'tpe', algorithmSettings: [{ name: 'random_state', value: '1' }] },
    parallelTrialCount: 1,
    maxTrialCount: Number(values.trials),
    parameters: [
      list('embeddingDim', ['32', '64', '128'], 'discrete'),
      list('units', ['32', '64', '128'], 'discrete'),
      list('pooling', ['max', 'mean', 'last'], 'categorical'),
      num('dropout', '0.1', '0.6'),
      num('embeddingDropout', '0', '0.6'),
      num('wordDropout', '0', '0.4'),
      num('learningRate', '0.0005', '0.005', 'logUniform'),
    ],
    trialTemplate: { primaryContainerName: 'main', trialParameters: [], trialSpec: {} },
  },
});

function train(hp: Record<string, unknown>, seed: number): { val: number; dev: number } {
  const r = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      join(import.meta.dirname, 'accuracy.ts'),
      'sst2',
      '--epochs',
      '10',
      '--val-split',
      '0.1',
      '--patience',
      '2',
      '--seed',
      String(seed),
      '--hp',
      JSON.stringify(hp),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`accuracy.ts failed (${r.status}): ${r.stderr.slice(-500)}`);
  const out = JSON.parse(line) as { validationAccuracy: number; accuracy: number };
  return { val: out.validationAccuracy, dev: out.accuracy };
}

const started = performance.now();
const { status, trials } = await runExperiment(experiment, {
  runner: objectiveRunner((point) => {
    const hp = {
      embeddingDim: Number(point.embeddingDim),
      units: Number(point.units),
      pooling: point.pooling,
      dropout: Number(point.dropout),
      embeddingDropout: Number(point.embeddingDropout),
      wordDropout: Number(point.wordDropout),
      learningRate: Number(point.learningRate),
    };
    const runs = seeds.map((s) => train(hp, s));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const result = { val_accuracy: mean(runs.map((r) => r.val)), dev_accuracy: mean(runs.map((r) => r.dev)) };
    console.log(JSON.stringify({ hp, ...result, seconds: Math.round((performance.now() - started) / 1000) }));
    return result;
  }),
});
console.log(
  JSON.stringify({
    best: status.currentOptimalTrial,
    trials: trials.length,
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
