/**
 * The example workflows under examples/github/: valid YAML, least-privilege permissions, only
 * inputs the action declares, and no `${{ }}` expression inside a shell script (event payloads
 * and dispatch inputs reach shells only through the environment).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `${ROOT}examples/github/`;
const ACTION = parse(readFileSync(`${ROOT}action.yml`, 'utf8')) as { inputs: Record<string, unknown> };

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const workflows = files.map((f) => [f, parse(readFileSync(DIR + f, 'utf8')) as Workflow] as const);

describe('examples/github', () => {
  it('covers push, pull_request, schedule, workflow_dispatch and repository_dispatch', () => {
    const events = new Set(workflows.flatMap(([, w]) => Object.keys(w.on)));
    for (const e of ['push', 'pull_request', 'schedule', 'workflow_dispatch', 'repository_dispatch'])
      expect(events).toContain(e);
  });

  it.each(workflows)('%s: least privilege, declared inputs, no expression in a shell', (_file, w) => {
    expect(w.permissions).toBeDefined();
    expect(JSON.stringify(w.permissions)).not.toContain('write');
    let kiteSteps = 0;
    for (const job of Object.values(w.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {}))
        if (level === 'write') expect(scope).toBe('pull-requests');
      for (const step of job.steps) {
        if (step.run !== undefined) expect(step.run).not.toContain('${{');
        if (step.uses?.startsWith('kite-mlops/kite@')) {
          kiteSteps++;
          expect(Object.keys(step.with ?? {})).toContain('pipeline');
          for (const key of Object.keys(step.with ?? {})) expect(Object.keys(ACTION.inputs)).toContain(key);
        }
      }
    }
    expect(kiteSteps).toBe(1);
  });

  it('the pull-request workflow falls back to a local run for forks and may comment', () => {
    const ci = workflows.find(([f]) => f === 'ci.yml')?.[1];
    const job = ci?.jobs.pipeline;
    expect(job?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const kite = job?.steps.find((s) => s.uses?.startsWith('kite-mlops/kite@'));
    expect(kite?.with).toMatchObject({ mode: 'kubeflow', 'fork-mode': 'local' });
  });

  it('typed dispatch inputs stay within GitHub’s limit of 10', () => {
    const d = workflows.find(([f]) => f === 'dispatch.yml')?.[1] as Workflow;
    const inputs = (d.on.workflow_dispatch as { inputs: Record<string, { type: string }> }).inputs;
    expect(Object.keys(inputs).length).toBeLessThanOrEqual(10);
    expect(new Set(Object.values(inputs).map((i) => i.type))).toEqual(
      new Set(['choice', 'number', 'string', 'boolean']),
    );
  });
});

describe('action.yml', () => {
  it('declares exactly the inputs the action reads', () => {
    const code = readFileSync(`${ROOT}src/action/inputs.ts`, 'utf8');
    const read = new Set([...code.matchAll(/'([a-z]+(?:-[a-z]+)*)'/g)].map((m) => m[1]));
    for (const name of Object.keys(ACTION.inputs)) expect(read, name).toContain(name);
  });
});
