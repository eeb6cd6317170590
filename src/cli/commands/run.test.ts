import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../run-captured.js';

const repo = new URL('../../../', import.meta.url).pathname;
const FIXTURES = 'src/orchestrator/fixtures/pipelines.ts';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-cli-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  return cliWith(new AbortController().signal, ...argv);
}

async function cliWith(signal: AbortSignal, ...argv: string[]) {
  return runCliCaptured(argv, { cwd: repo, signal });
}

describe('kite run', () => {
  it('runs the quick-start example end to end, as .ts and as compiled YAML', async () => {
    const root = join(dir, 'qs');
    const r = await cli('run', 'examples/quickstart/pipeline.ts', '--root', root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ exit-handler-1\/make-dataset SUCCEEDED/);
    expect(r.stdout).toMatch(/TASK +STATE +ATTEMPTS +DURATION/);
    expect(r.stdout).toMatch(/run \S+ SUCCEEDED/);

    const yaml = join(dir, 'qs.yaml');
    expect((await cli('compile', 'examples/quickstart/pipeline.ts', '-o', yaml)).code).toBe(0);
    const j = await cli('run', yaml, '--root', root, '--json', '--param', 'rows=200', '--no-cache');
    expect(j.code).toBe(0);
    const result = JSON.parse(j.stdout);
    expect(result.state).toBe('SUCCEEDED');
    const byPath = Object.fromEntries(result.tasks.map((t: { path: string }) => [t.path, t]));
    expect(byPath['exit-handler-1/split-dataset']).toMatchObject({
      state: 'SUCCEEDED',
      attempts: 1,
      outputs: { parameters: { testRows: 50 } },
    });
    expect(byPath['exit-handler-1/evaluate'].outputs.artifacts.metrics[0]).toMatch(/evaluate\/metrics$/);
    expect(byPath.notify.state).toBe('SUCCEEDED');
    expect(typeof byPath.notify.durationMs).toBe('number');

    // a re-run with the cache takes the earlier outputs
    const again = JSON.parse(
      (await cli('run', yaml, '--root', root, '--json', '--param', 'rows=200')).stdout,
    );
    expect(again.tasks.filter((t: { state: string }) => t.state === 'CACHED').length).toBeGreaterThan(5);

    const list = JSON.parse((await cli('runs', 'list', '--root', root, '--json')).stdout);
    expect(list.map((x: { id: string }) => x.id)).toEqual([again.runId, result.runId, expect.any(String)]);
    const show = await cli('runs', 'show', result.runId.slice(0, 18), '--root', root);
    expect(show.stdout).toMatch(/state +SUCCEEDED/);
    expect(show.stdout).toMatch(/exit-handler-1\/split-dataset +SUCCEEDED +1 .*testRows=50 test train/);
    const logs = await cli('logs', result.runId, 'publish-model', '--root', root, '--json');
    expect(JSON.parse(logs.stdout).lines[0].line).toMatch(/publishing .* \(accuracy/);
    const trainUri = byPath['exit-handler-1/split-dataset'].outputs.artifacts.train[0];
    const lineage = JSON.parse((await cli('lineage', trainUri, '--root', root, '--json')).stdout);
    expect(lineage.producedBy[0].task.path).toBe('exit-handler-1/split-dataset');
    type Entry = { task: { path: string }; run: { id: string } };
    const consumers = (lineage.consumedBy as Entry[]).filter((e) => e.run.id === result.runId);
    // the cached re-run's tasks consumed it too
    expect(lineage.consumedBy.length).toBe(2 * consumers.length);
    expect(consumers.map((e) => e.task.path).sort()).toEqual([
      'exit-handler-1/for-loop-5/iteration-0/train-logreg-2',
      'exit-handler-1/for-loop-5/iteration-1/train-logreg-2',
      'exit-handler-1/train-logreg',
    ]);
    const text = await cli('lineage', trainUri, '--root', root);
    expect(text.stdout).toMatch(/produced by .*exit-handler-1\/split-dataset/);
  });

  it('says which task failed and why, without a stack trace, and exits 1', async () => {
    const r = await cli('run', FIXTURES, '-p', 'failing', '--root', join(dir, 'f'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ exit-handler-1\/boom FAILED: component 'boom' failed: RangeError: the answer is not 42/,
    );
    expect(r.stdout).toMatch(/- exit-handler-1\/noop SKIPPED/);
    expect(r.stderr).toMatch(
      /^kite run: task exit-handler-1\/boom failed: component 'boom' failed: RangeError/,
    );
    expect(r.stderr).not.toMatch(/ at .*\.ts:\d+:\d+\)/);
  });

  it('parses --param by the declared types and reports every mistake', async () => {
    const r = await cli(
      'run',
      FIXTURES,
      '-p',
      'flow',
      '--root',
      join(dir, 'p'),
      '--param',
      'n=abc',
      '--param',
      'sweep=[1',
      '--param',
      'zz=1',
      '--param',
      'oops',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--param n: "abc" is not an integer/);
    expect(r.stderr).toMatch(/--param sweep: "\[1" is not a JSON list/);
    expect(r.stderr).toMatch(/--param zz: no such parameter; it declares: n, sweep/);
    expect(r.stderr).toMatch(/--param oops: expected name=value/);
    const bad = await cli('run', FIXTURES, '--isolation', 'docker');
    expect(bad.stderr).toMatch(/--isolation must be inprocess or process/);
  });

  it('reports unknown runs and tasks with a hint', async () => {
    const root = join(dir, 'u');
    const ok = JSON.parse((await cli('run', FIXTURES, '-p', 'wide', '--root', root, '--json')).stdout);
    const logs = await cli('logs', ok.runId, 'nope', '--root', root);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toMatch(/has no task 'nope'/);
    expect((await cli('runs', 'show', 'zzzzzz', '--root', root)).code).toBe(1);
    expect((await cli('runs', 'list', '--root', join(dir, 'none'))).stderr).toMatch(/no runs under/);
  });

  it('ends CANCELED with exit code 130 on Ctrl-C', async () => {
    const controller = new AbortController();
    const marker = join(dir, 'ctrl-c');
    const running = cliWith(
      controller.signal,
      'run',
      FIXTURES,
      '-p',
      'sleepy',
      '--param',
      `marker=${marker}`,
      '--root',
      join(dir, 'c'),
      '--json',
    );
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const r = await running;
    expect(r.code).toBe(130);
    const result = JSON.parse(r.stdout);
    expect(result.state).toBe('CANCELED');
    expect(result.tasks.map((t: { path: string; state: string }) => `${t.path} ${t.state}`)).toEqual([
      'produce SUCCEEDED',
      'nap CANCELED',
    ]);
  });
});
