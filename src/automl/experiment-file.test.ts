import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKiteError } from '../core/index.js';
import { loadExperiment, parseExperiment, printExperiment } from './experiment-file.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');
const errors = (f: string) =>
  parseExperiment(read(f), f).issues.filter((i) => (i.severity ?? 'error') === 'error');

// Katib's own examples that its webhook rejects, with the reason it gives.
const REJECTED: Record<string, string> = {
  // maxFailedTrialCount 3 > maxTrialCount 2
  'hp-tuning_simple-pbt.yaml':
    'spec.maxFailedTrialCount: Invalid value: 3: should be less than or equal to spec.maxTrialCount',
  // params[].reference instead of value: ${trialParameters.learningRate} never appears
  'tekton_pipeline-run.yaml':
    'parameter name: learningRate in spec.trialParameters not found in spec.trialTemplate',
};

describe('Katib examples', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
  it('has all 33 examples', () => expect(files.length).toBe(33));
  for (const f of files) {
    it(`${f} is ${REJECTED[f] ? 'rejected' : 'accepted'} as by Katib`, () => {
      const errs = errors(f);
      if (REJECTED[f]) {
        expect(errs).toHaveLength(1);
        expect(`${errs[0]?.path}: ${errs[0]?.message}`).toContain(REJECTED[f]);
      } else expect(errs).toEqual([]);
    });
  }
  it('locates issues as file:line:col', () => {
    expect(errors('hp-tuning_simple-pbt.yaml')[0]?.path).toBe(
      'hp-tuning_simple-pbt.yaml:10:24 spec.maxFailedTrialCount',
    );
  });
  it('warns that a ConfigMap template cannot be checked locally', () => {
    const r = parseExperiment(read('trial-template_trial-configmap-source.yaml'), 'cm.yaml');
    expect(r.issues.map((i) => i.code)).toEqual(['configmap-unavailable']);
    expect(r.issues[0]?.severity).toBe('warning');
  });
});

describe('defaults', () => {
  it("fills Katib's defaults", () => {
    const { defaulted: e } = loadExperiment(read('hp-tuning_tpe.yaml'));
    expect(e.spec.resumePolicy).toBe('Never');
    expect(e.spec.metricsCollectorSpec).toEqual({ collector: { kind: 'StdOut' } });
    expect(e.spec.parameters?.every((p) => p.feasibleSpace.distribution === 'uniform')).toBe(true);
    expect(e.spec.trialTemplate?.successCondition).toBe(
      'status.conditions.#(type=="Complete")#|#(status=="True")#',
    );
    expect(e.spec.objective?.metricStrategies).toEqual([{ name: 'loss', value: 'min' }]);
  });
  it('gives additional metrics the strategy of the objective type, like Katib code', () => {
    const { defaulted: e } = loadExperiment(read('metrics-collector_file-metrics-collector.yaml'));
    expect(e.spec.objective?.metricStrategies).toEqual([
      { name: 'accuracy', value: 'max' },
      { name: 'loss', value: 'max' },
    ]);
    const kept = loadExperiment(read('metrics-collector_metrics-collection-strategy.yaml')).defaulted;
    expect(kept.spec.objective?.metricStrategies).toEqual([
      { name: 'accuracy', value: 'max' },
      { name: 'loss', value: 'min' },
    ]);
  });
  it('defaults parallelTrialCount to 3 and File collector paths', () => {
    const text = read('metrics-collector_file-metrics-collector.yaml').replace(
      /\n {2}parallelTrialCount: \d+/,
      '',
    );
    const { defaulted: e } = loadExperiment(text);
    expect(e.spec.parallelTrialCount).toBe(3);
    expect(e.spec.metricsCollectorSpec?.source?.fileSystemPath?.format).toBe('TEXT');
  });
  it('sets Kubeflow job labels and conditions', () => {
    const { defaulted: e } = loadExperiment(read('kubeflow-training-operator_pytorchjob-mnist.yaml'));
    expect(e.spec.trialTemplate?.primaryPodLabels).toEqual({ 'training.kubeflow.org/job-role': 'master' });
    expect(e.spec.trialTemplate?.successCondition).toContain('Succeeded');
  });
  it('prints back YAML that parses to the same experiment', () => {
    const { defaulted } = loadExperiment(read('hp-tuning_random.yaml'));
    const again = loadExperiment(printExperiment(defaulted));
    expect(again.defaulted).toEqual(defaulted);
  });
});

const BAD = `apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata:
  name: Bad_Name
spec:
  objective:
    type: minimise
    objectiveMetricName: loss
  algorithm:
    algorithmName: random
  maxTrialCount: 0
  parameters:
    - name: lr
      parameterType: double
      feasibleSpace:
        min: 0.01
        max: "0.05"
  trialTemplate:
    primaryContainerName: main
    trialParameters: []
    trialSpec:
      apiVersion: batch/v1
      kind: Job
`;

describe('validation', () => {
  it('stops after objective problems, as Katib does', () => {
    const r = parseExperiment(BAD, 'bad.yaml');
    const msgs = r.issues.map((i) => `${i.path}: ${i.message}`);
    expect(msgs).toContain(
      'bad.yaml:16:14 spec.parameters[0].feasibleSpace.min: cannot unmarshal number into field spec.parameters[0].feasibleSpace.min of type string (quote it: "0.01")',
    );
    expect(msgs.some((m) => m.startsWith('bad.yaml:4:9 metadata.name: Invalid value: "Bad_Name"'))).toBe(
      true,
    );
    expect(msgs).toContain('bad.yaml:11:18 spec.maxTrialCount: Invalid value: 0: must be greater than 0');
    expect(msgs).toContain(
      'bad.yaml:7:11 spec.objective.type: Invalid value: "minimise": must be minimize or maximize',
    );
  });
  it('lists every problem of the rest of the spec', () => {
    const text = BAD.replace('minimise', 'minimize')
      .replace('min: 0.01', 'min: "0.01"')
      .replace('random', 'randm');
    const r = parseExperiment(text, 'x.yaml');
    const paths = r.issues.map((i) => i.path.split(' ')[1]);
    expect(paths).toEqual([
      'metadata.name',
      'spec.maxTrialCount',
      'spec.parallelTrialCount',
      'spec.algorithm.algorithmName',
    ]);
    expect(r.issues[3]?.message).toContain(
      'failed to find suggestion config for algorithm: randm in ConfigMap: katib-config',
    );
  });
  it('checks trial parameters against the template', () => {
    const text = BAD.replace('minimise', 'minimize')
      .replace('min: 0.01', 'min: "0.01"')
      .replace('Bad_Name', 'ok')
      .replace('maxTrialCount: 0', 'maxTrialCount: 5')
      .replace('trialParameters: []', 'trialParameters:\n      - name: rate\n        reference: lrr')
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Katib's placeholder syntax
      .replace('kind: Job', 'kind: Job\n      spec: {args: ["${trialParameters.other}"]}');
    const msgs = parseExperiment(text, 'x.yaml').issues.map((i) => i.message);
    expect(msgs.some((m) => m.includes('parameter reference lrr does not exist in spec.parameters'))).toBe(
      true,
    );
    expect(
      msgs.some((m) =>
        m.includes('parameter name: rate in spec.trialParameters not found in spec.trialTemplate'),
      ),
    ).toBe(true);
  });
  it('checks algorithm settings with the suggestion service wording', () => {
    const text = read('hp-tuning_tpe.yaml').replace(
      'algorithmName: tpe',
      'algorithmName: tpe\n    algorithmSettings:\n      - name: gamma\n        value: "1.5"',
    );
    const r = parseExperiment(text, 't.yaml');
    expect(r.issues.map((i) => i.message)).toEqual(['gamma should be in the range of (0, 1)']);
  });
  it('reports YAML syntax errors with a position and throws INVALID_YAML at the edge', () => {
    try {
      loadExperiment('spec: [unclosed', 'y.yaml');
      expect.unreachable();
    } catch (e) {
      expect(isKiteError(e) && e.code).toBe('INVALID_YAML');
      expect(isKiteError(e) && e.issues[0]?.path).toMatch(/^y\.yaml:1:\d+$/);
    }
  });
  it('warns about unknown fields', () => {
    const r = parseExperiment(
      read('hp-tuning_random.yaml').replace('maxTrialCount:', 'maxTrialCuont: 3\n  maxTrialCount:'),
      'r.yaml',
    );
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['unknown-field', 'warning']]);
  });
});
