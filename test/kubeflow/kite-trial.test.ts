/**
 * A Katib trial that runs a Kite component: the template passes Katib's own rules (the AutoML
 * module's webhook validation and the fake API server's swagger check), and the rendered trial
 * command, run as a process with `kite` on PATH, prints metrics that Katib's default StdOut
 * filter reads.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyDefaults, DEFAULT_FILTER, parseTextLine, validateExperiment } from '../../src/automl/index.js';
import { primaryCommand, renderTrialSpec } from '../../src/automl/trial-template.js';
import type { Experiment } from '../../src/automl/types.js';
import { KatibClient, type KatibExperiment, kiteTrialTemplate } from '../../src/kubeflow/index.js';
import { FakeKubeServer } from './fake-kube-server.js';
import { toy } from './fixtures/tune.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function experimentFor(trialRoot: string): Experiment {
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: 'tune-toy', namespace: 'team-a' },
    spec: {
      objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
      algorithm: { algorithmName: 'random' },
      maxTrialCount: 4,
      parameters: [
        { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.001', max: '0.1' } },
        { name: 'opt', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
      ],
      trialTemplate: kiteTrialTemplate({
        component: toy,
        module: 'tune.ts',
        image: 'ghcr.io/me/pipelines:1',
        tuned: { lr: 'lr', optimizer: 'opt' },
        fixed: { epochs: 5 },
        root: trialRoot,
      }),
    },
  } as unknown as Experiment;
}

describe('kiteTrialTemplate', () => {
  it('passes Katib validation and the API server schema', async () => {
    const e = applyDefaults(experimentFor('/tmp/kite-trial'));
    expect(validateExperiment(e).filter((i) => (i.severity ?? 'error') === 'error')).toEqual([]);
    const server = new FakeKubeServer();
    await server.start();
    try {
      const katib = new KatibClient({
        credentials: { server: server.url, namespace: 'team-a', tls: {}, source: 'test' },
      });
      const created = await katib.create(e as unknown as KatibExperiment);
      expect(created.metadata?.name).toBe('tune-toy');
    } finally {
      await server.stop();
    }
  });

  it('runs the component with the trial values and prints metrics for the StdOut collector', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-trial-'));
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    writeFileSync(
      join(bin, 'kite'),
      `#!/bin/sh\nexec node --import tsx ${join(ROOT, 'src/cli/main.ts')} "$@"\n`,
    );
    chmodSync(join(bin, 'kite'), 0o755);
    const e = experimentFor(join(dir, 'trial'));
    const rendered = renderTrialSpec(
      e,
      [
        { name: 'lr', value: '0.01' },
        { name: 'opt', value: 'adam' },
      ],
      { name: 'tune-toy-x1', namespace: 'team-a' },
    );
    const { argv } = primaryCommand(rendered, 'kite-trial');
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    const r = spawnSync(argv[0] as string, argv.slice(1), {
      cwd: FIXTURES,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // The digest is computed here under Vite's transform and checked under tsx's, which compile
    // the run function's text differently; with `kite compile` both sides use tsx.
    expect(r.stderr.replace(/^kite execute: warning: .*digest differs.*\n/m, '')).toBe('');
    expect(r.status).toBe(0);
    const metrics = r.stdout
      .split('\n')
      .flatMap((line) => parseTextLine(line, ['accuracy', 'loss'], [new RegExp(DEFAULT_FILTER, 'g')]));
    // lr = 0.01 → log10 = -2 → no penalty; adam +0.05; epochs 5 → +0.005
    expect(metrics.map((m) => [m.name, m.value])).toEqual([
      ['accuracy', '0.955'],
      ['loss', '0.045'],
    ]);
  });

  it('says what cannot be tuned', () => {
    expect(() =>
      kiteTrialTemplate({
        component: toy,
        module: 'tune.ts',
        tuned: { lr: 'lr', nope: 'x' },
        metrics: ['model'],
      }),
    ).toThrow(/component 'toy-train' has no input 'nope'[\s\S]*metric 'model' must be a numeric output/);
    expect(() => kiteTrialTemplate({ component: toy, module: 'tune.ts', tuned: {} })).toThrow(
      /required input 'lr'/,
    );
  });
});
