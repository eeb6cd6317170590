import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';
import { fakeRunner, parseCommands } from './testing.js';
import {
  annotate,
  escapeData,
  escapeProperty,
  getInput,
  mask,
  setOutput,
  workflowCommand,
} from './toolkit.js';

describe('toolkit', () => {
  it('escapes workflow command messages and properties as the runner un-escapes them', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(workflowCommand('error', { file: 'x,y.ts', line: 3 }, 'bad\n::add-mask::x')).toBe(
      '::error file=x%2Cy.ts,line=3::bad%0A::add-mask::x\n',
    );
  });

  it('keeps a message that tries to inject a workflow command on one line', () => {
    const r = fakeRunner({});
    annotate(r.io, 'warning', 'x\n::set-env name=NODE_OPTIONS::--require /tmp/evil.js');
    const commands = parseCommands(r.stdout());
    expect(commands).toHaveLength(1);
    expect(commands[0]?.command).toBe('warning');
  });

  it('reads INPUT_<NAME> with hyphens kept, trimmed, empty as unset', () => {
    const r = fakeRunner({ inputs: { 'kfp-host': '  https://k/pipeline \n', experiment: '   ' } });
    expect(getInput(r.io, 'kfp-host')).toBe('https://k/pipeline');
    expect(getInput(r.io, 'experiment')).toBeUndefined();
    expect(r.io.env['INPUT_KFP-HOST']).toBeDefined();
  });

  it('writes outputs as heredocs that survive newlines and delimiter look-alikes', () => {
    const r = fakeRunner({});
    setOutput(r.io, 'metrics', '{"a":1}\nEOF\nmore');
    setOutput(r.io, 'passed', 'true');
    expect(r.outputs()).toEqual({ metrics: '{"a":1}\nEOF\nmore', passed: 'true' });
    expect(readFileSync(r.io.env.GITHUB_OUTPUT as string, 'utf8')).toMatch(
      /^metrics<<ghadelimiter_[0-9a-f-]{36}\n/,
    );
  });

  it('masks every line of a multi-line secret', () => {
    const r = fakeRunner({});
    mask(r.io, 'line-one\nline-two\n');
    mask(r.io, undefined);
    expect(r.stdout()).toBe('::add-mask::line-one\n::add-mask::line-two\n');
  });
});

describe('readInputs', () => {
  it('types params from YAML or JSON into name=value pairs', () => {
    const yaml = fakeRunner({
      inputs: { pipeline: 'p.ts', params: 'epochs: 5\nname: a=b\nsweep: [0.1, 0.2]' },
    });
    expect(readInputs(yaml.io).params).toEqual(['epochs=5', 'name=a=b', 'sweep=[0.1,0.2]']);
    const json = fakeRunner({ inputs: { pipeline: 'p.ts', params: '{"flag": true}' } });
    expect(readInputs(json.io).params).toEqual(['flag=true']);
  });

  it('has defaults for everything but the pipeline', () => {
    const r = fakeRunner({ inputs: { pipeline: 'p.ts' } });
    expect(readInputs(r.io)).toMatchObject({
      mode: 'local',
      forkMode: 'local',
      workingDirectory: '.',
      root: '.kite',
      wait: true,
      timeoutMs: 3_600_000,
      pollMs: 10_000,
      dataChecks: 'failures',
      comment: 'auto',
      allowPullRequestTarget: false,
      thresholds: [],
    });
  });

  it('lists every problem at once', () => {
    const r = fakeRunner({
      inputs: { mode: 'k8s', wait: 'yes', 'data-checks': 'all', 'poll-interval': '0s', params: 'just text' },
    });
    expect(() => readInputs(r.io)).toThrowError(
      /pipeline: required[\s\S]*mode: must be local \| kubeflow[\s\S]*wait: must be true or false[\s\S]*poll-interval[\s\S]*data-checks/,
    );
  });

  it('drops comments and blank lines from thresholds', () => {
    const r = fakeRunner({
      inputs: { pipeline: 'p.ts', thresholds: '# gates\naccuracy >= 0.8  # main\n\nloss < 1' },
    });
    expect(readInputs(r.io).thresholds).toEqual(['accuracy >= 0.8', 'loss < 1']);
  });
});
