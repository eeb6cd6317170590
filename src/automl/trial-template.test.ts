import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from './experiment-file.js';
import { expandK8sVars } from './process-trial.js';
import { primaryCommand, renderTrialSpec } from './trial-template.js';

const load = (f: string) =>
  loadExperiment(readFileSync(join(import.meta.dirname, 'fixtures', f), 'utf8')).defaulted;

describe('trial template', () => {
  it('substitutes parameters and trial metadata as Katib does', () => {
    const e = load('trial-template_trial-metadata-substitution.yaml');
    const rendered = renderTrialSpec(
      e,
      [
        { name: 'lr', value: '0.02' },
        { name: 'momentum', value: '0.7' },
      ],
      { name: 'trial-abc', namespace: 'kubeflow' },
    );
    const cmd = primaryCommand(rendered, 'training-container');
    expect(cmd.argv).toEqual([
      'python3',
      '/opt/pytorch-mnist/mnist.py',
      '--epochs=1',
      '--batch-size=16',
      '--lr=0.02',
      '--momentum=0.7',
    ]);
    expect(cmd.env).toEqual({
      TRIAL_NAME: 'trial-abc',
      TRIAL_NAMESPACE: 'kubeflow',
      TRIAL_KIND: 'Job',
      TRIAL_API_VERSION: 'batch/v1',
      TRIAL_LABEL_CUSTOM: 'custom-label',
      TRIAL_ANNOTATION_CUSTOM: 'custom-annotation',
    });
  });
  it('finds the primary container in Kubeflow training jobs', () => {
    const e = load('kubeflow-training-operator_pytorchjob-mnist.yaml');
    const rendered = renderTrialSpec(
      e,
      [
        { name: 'lr', value: '0.1' },
        { name: 'momentum', value: '0.5' },
      ],
      { name: 't', namespace: 'n' },
    );
    expect(primaryCommand(rendered, 'pytorch').argv.some((a) => a === '--lr=0.1')).toBe(true);
  });
  it('says which containers exist when the primary one is missing', () => {
    const e = load('hp-tuning_random.yaml');
    const rendered = renderTrialSpec(e, [], { name: 't', namespace: 'n' });
    expect(() => primaryCommand(rendered, 'nope')).toThrow(/no container named nope/);
  });
  it('expands $(VAR) like Kubernetes', () => {
    expect(expandK8sVars('--x=$(A) $$(A) $(B)', { A: '1' })).toBe('--x=1 $(A) $(B)');
  });
});
