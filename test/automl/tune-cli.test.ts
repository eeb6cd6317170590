/**
 * `kite tune` end to end with real local processes (node) as trials: StdOut and File (JSON)
 * collectors, trial metadata substitution, failures that fail a trial and not the tool, resume.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { tuneCommand } from '../../src/cli/commands/tune.js';

function io(cwd: string, signal = new AbortController().signal) {
  const out = { stdout: '', stderr: '' };
  const cli: CliIo = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    isTty: false,
    cwd,
    env: process.env,
    signal,
  };
  return { cli, out };
}

const run = (args: string[], cwd: string, flags: Record<string, boolean | string> = {}) => {
  const { cli, out } = io(cwd);
  return tuneCommand.run({ values: flags, positionals: args }, cli).then((code) => ({ code, ...out }));
};

function experiment(name: string, body: string, extra = ''): string {
  return `apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata:
  name: ${name}
  namespace: kubeflow
spec:
  objective:
    type: minimize
    objectiveMetricName: loss
  algorithm:
    algorithmName: random
    algorithmSettings:
      - name: random_state
        value: "3"
  parallelTrialCount: 2
  maxTrialCount: 4
${extra}  parameters:
    - name: x
      parameterType: double
      feasibleSpace: {min: "-2", max: "2"}
  trialTemplate:
    primaryContainerName: training
    trialParameters:
      - name: x
        reference: x
      - name: trialName
        reference: \${trialSpec.Name}
    trialSpec:
      apiVersion: batch/v1
      kind: Job
      spec:
        template:
          spec:
            containers:
              - name: training
                image: ignored
                command: ["node", "-e", ${JSON.stringify(body)}, "x=\${trialParameters.x}", "name=\${trialParameters.trialName}"]
            restartPolicy: Never
`;
}

describe('kite tune (local processes)', () => {
  it('runs trials, collects StdOut metrics and prints a Katib status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    const body =
      'const x=Number(process.argv[1].slice(2)); for (let i=1;i<=3;i++) console.log("epoch " + i + " loss=" + (x*x+1/i).toFixed(4)); console.error(process.argv[2].slice(5)===process.env.KATIB_TRIAL_NAME?"same":"different")';
    writeFileSync(join(dir, 'exp.yaml'), experiment('stdout-exp', body));
    const r = await run(['exp.yaml'], dir, { json: true });
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.status.trialsSucceeded).toBe(4);
    expect(res.status.conditions.at(-1).reason).toBe('ExperimentMaxTrialsReached');
    const best = res.status.currentOptimalTrial;
    const x = Number(best.parameterAssignments[0].value);
    expect(Number(best.observation.metrics[0].min)).toBeCloseTo(x * x + 1 / 3, 3);
    const log = readFileSync(
      join(dir, '.kite/tune/kubeflow/stdout-exp/trials', best.bestTrialName, 'output.log'),
      'utf8',
    );
    expect(log).toContain('same');
  });

  it('fails a trial whose command crashes or cannot start, never the tool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    writeFileSync(
      join(dir, 'exp.yaml'),
      experiment('crash-exp', 'process.exit(3)', '  maxFailedTrialCount: 2\n'),
    );
    const r = await run(['exp.yaml'], dir, { json: true });
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout);
    expect(res.status.conditions.at(-1).reason).toBe('ExperimentFailed');
    expect(r.stderr).toContain('exit code 3');
    const missing = experiment('nostart-exp', '').replace('["node"', '["/no/such/binary"');
    writeFileSync(join(dir, 'exp2.yaml'), missing.replace('maxTrialCount: 4', 'maxTrialCount: 2'));
    const r2 = await run(['exp2.yaml'], dir);
    expect(r2.stderr).toContain('cannot start /no/such/binary');
  });

  it('marks trials without the objective MetricsUnavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    writeFileSync(
      join(dir, 'exp.yaml'),
      experiment('garbage-exp', 'console.log("loss: NaN garbage accuracy=1")'),
    );
    const r = await run(['exp.yaml'], dir, { json: true });
    const res = JSON.parse(r.stdout);
    expect(res.status.trialMetricsUnavailable).toBe(4);
  });

  it('reads the File collector in JSON format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    const body =
      'require("fs").writeFileSync("/var/log/katib/metrics.json", JSON.stringify({loss: String(Number(process.argv[1].slice(2))**2)})+"\\n")';
    const mc =
      '  metricsCollectorSpec:\n    collector: {kind: File}\n    source:\n      fileSystemPath: {path: /var/log/katib/metrics.json, kind: File, format: JSON}\n';
    writeFileSync(join(dir, 'exp.yaml'), experiment('file-exp', body, mc));
    const r = await run(['exp.yaml'], dir, { json: true });
    const res = JSON.parse(r.stdout);
    expect(res.status.trialsSucceeded).toBe(4);
  });

  it('validates and prints with defaults; lists every problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    writeFileSync(join(dir, 'exp.yaml'), experiment('ok', 'console.log(1)'));
    const v = await run(['exp.yaml'], dir, { validate: true });
    expect(v.stdout).toContain('resumePolicy: Never');
    expect(v.stdout).toContain('kind: StdOut');
    writeFileSync(
      join(dir, 'bad.yaml'),
      experiment('Bad', 'x').replace('maxTrialCount: 4', 'maxTrialCount: 1'),
    );
    await expect(run(['bad.yaml'], dir, { validate: true })).rejects.toThrow(
      /2 problems\n.*bad\.yaml:4:9 metadata\.name.*\n.*bad\.yaml:\d+:\d+ spec\.parallelTrialCount: Invalid value: 2: should be less than or equal to spec\.maxTrialCount/,
    );
  });
});

describe('kite tune resume', () => {
  it('reports a finished experiment again without running trials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    writeFileSync(
      join(dir, 'exp.yaml'),
      experiment('again', 'console.log("loss=" + process.argv[1].slice(2))'),
    );
    const a = await run(['exp.yaml'], dir, { json: true });
    const b = await run(['exp.yaml'], dir, { json: true });
    expect(JSON.parse(b.stdout).status.currentOptimalTrial).toEqual(
      JSON.parse(a.stdout).status.currentOptimalTrial,
    );
    expect(b.stderr).toContain('resuming: 4 finished trials kept, 0 to run again');
  });
});

describe('kite tune with pbt', () => {
  it('copies the parent checkpoint folder into the child trial, as Katib does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    const body = [
      'const fs = require("fs"); const path = require("path");',
      'const lr = Number(process.argv[1].slice(2)); const ck = process.argv[2].slice("--checkpoint=".length);',
      'const f = path.join(ck, "gen"); const gen = fs.existsSync(f) ? Number(fs.readFileSync(f, "utf8")) + 1 : 1;',
      'fs.writeFileSync(f, String(gen)); console.log("acc=" + (lr + gen));',
    ].join(' ');
    const text = experiment('pbt-exp', body)
      .replace('maxTrialCount: 4', 'maxTrialCount: 14')
      .replace(
        'type: minimize\n    objectiveMetricName: loss',
        'type: maximize\n    objectiveMetricName: acc',
      )
      .replace(
        /algorithmName: random\n {4}algorithmSettings:\n/,
        'algorithmName: pbt\n    algorithmSettings:\n      - {name: suggestion_trial_dir, value: /var/log/katib/checkpoints/}\n      - {name: n_population, value: "5"}\n      - {name: truncation_threshold, value: "0.4"}\n',
      )
      .replace('"name=', '"--checkpoint=/var/log/katib/checkpoints/", "name=');
    writeFileSync(join(dir, 'exp.yaml'), text);
    const r = await run(['exp.yaml'], dir, { json: true });
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.status.trialsSucceeded).toBe(14);
    // A later generation continued from its parent's checkpoint: gen ≥ 2 adds ≥ 2 to lr ≤ 2.
    expect(Number(res.status.currentOptimalTrial.observation.metrics[0].max)).toBeGreaterThan(3);
  });
});

describe('kite tune with medianstop', () => {
  it('stops a local process at the start_step-th report and keeps its observation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-'));
    const body =
      'const x = Number(process.argv[1].slice(2)); let i = 0; const t = setInterval(() => { console.log("acc=" + x); if (++i === 6) clearInterval(t); }, 40);';
    const text = experiment('es-exp', body)
      .replace(
        'type: minimize\n    objectiveMetricName: loss',
        'type: maximize\n    objectiveMetricName: acc',
      )
      .replace('parallelTrialCount: 2', 'parallelTrialCount: 1')
      .replace(
        /algorithmName: random\n {4}algorithmSettings:\n {6}- name: random_state\n {8}value: "3"\n/,
        'algorithmName: grid\n    algorithmSettings: [{name: random_state, value: "1"}]\n  earlyStopping:\n    algorithmName: medianstop\n    algorithmSettings:\n      - {name: min_trials_required, value: "2"}\n      - {name: start_step, value: "2"}\n',
      )
      .replace(
        'parameterType: double\n      feasibleSpace: {min: "-2", max: "2"}',
        'parameterType: discrete\n      feasibleSpace: {list: ["0.9", "0.8", "0.1", "0.95"]}',
      );
    writeFileSync(join(dir, 'exp.yaml'), text);
    const r = await run(['exp.yaml'], dir, { json: true });
    const res = JSON.parse(r.stdout);
    expect(res.status.earlyStoppedTrialList).toHaveLength(1);
    expect(res.status.trialsSucceeded).toBe(3);
    expect(r.stderr).toMatch(/EarlyStopped\s+x=0\.1\s+acc=0\.1/);
  });
});
