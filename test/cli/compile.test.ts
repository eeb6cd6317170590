import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCliCaptured } from '../../src/cli/run-captured.js';
import { validatePipelineSpec } from '../../src/ir/validate.js';

const root = new URL('../../', import.meta.url).pathname;

async function cli(...argv: string[]) {
  return runCliCaptured(argv, { cwd: root });
}

describe('kite compile', () => {
  it('compiles the quick-start example to a valid PipelineSpec file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kite-')), 'q.yaml');
    const r = await cli('compile', 'examples/quickstart/pipeline.ts', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/compiled pipeline 'quickstart' → .*q\.yaml/);
    const spec = parse(readFileSync(out, 'utf8'));
    expect(spec.schemaVersion).toBe('2.1.0');
    expect(validatePipelineSpec(spec)).toEqual([]);
    const exit = spec.components['comp-exit-handler-1'].dag.tasks;
    expect(Object.keys(exit).join(' ')).toMatch(
      /condition-branches-\d+ evaluate for-loop-\d+ make-dataset split-dataset train-logreg/,
    );
    expect(spec.root.dag.tasks.notify.triggerPolicy).toEqual({ strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' });
    expect(spec.deploymentSpec.executors['exec-make-dataset'].container.args).toContain(
      'examples/quickstart/pipeline.ts',
    );
  });

  it('prints every problem of a broken pipeline and exits 1 without a stack trace', async () => {
    const r = await cli('compile', 'test/fixtures/pipelines/broken.ts');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("pipeline 'broken': 4 problems");
    expect(r.stderr).toContain(
      'broken/fit.data: expects a system.Dataset artifact, got system.Model [TYPE_MISMATCH]',
    );
    expect(r.stderr).toContain('broken/fit.lr: expects NUMBER_DOUBLE, got "fast" [TYPE_MISMATCH]');
    expect(r.stderr).toContain("broken/fit-2.data: required input 'data'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('asks which pipeline when a file exports several, and finds one by name', async () => {
    const r = await cli('compile', 'test/fixtures/pipelines/two.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exports several pipelines: first, second/);
    expect(r.stderr).toMatch(/hint: choose one with --pipeline <name>/);
    const ok = await cli('compile', 'test/fixtures/pipelines/two.ts', '--pipeline', 'second');
    expect(ok.code).toBe(0);
    expect(parse(ok.stdout).pipelineInfo.name).toBe('second');
  });

  it('reports a missing file, an unknown flag and an error thrown by the pipeline file', async () => {
    const missing = await cli('compile', 'nope.ts');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file: nope\.ts/);
    const flag = await cli('compile', 'x.ts', '--bogus');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--bogus/);
    const throws = await cli('compile', 'test/fixtures/pipelines/throws.ts');
    expect(throws.code).toBe(1);
    expect(throws.stderr).toMatch(/config\.json is missing/);
    expect(throws.stderr).toMatch(/throws\.ts:\d+:\d+/);
  });

  it('loads a pipeline file that lives outside an ES-module package (CommonJS to Node)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-cjs-'));
    const file = join(dir, 'pipeline.ts');
    writeFileSync(
      file,
      `import { component, param, pipeline } from ${JSON.stringify(join(root, 'src/index.ts'))};
const hello = component({ name: 'hello', inputs: { who: param.string({ default: 'x' }) }, outputs: {}, run: () => {} });
export default pipeline({ name: 'outside', build: () => void hello({}) });
`,
    );
    const r = await cli('compile', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(parse(r.stdout).pipelineInfo.name).toBe('outside');
  });

  it('has --help and --version', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/kite compile/);
    const version = await cli('--version');
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const sub = await cli('compile', '--help');
    expect(sub.stdout).toMatch(/Usage: kite compile <file\.ts>/);
  });
});
