/**
 * End to end: the BUNDLED action (`dist-action/index.mjs`) run by `node` as the runner runs it
 * — inputs as `INPUT_*`, `GITHUB_*` context, an event payload file, `$GITHUB_OUTPUT` and
 * `$GITHUB_STEP_SUMMARY` files — in a user project whose `node_modules/kite` is this
 * repository's build (`npm run build`, as `npm ci` does through `prepare`). Local mode runs the
 * quick-start example; Kubeflow mode submits to the fake KFP server; pull-request comments go
 * to a fake GitHub API on 127.0.0.1.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommands, parseOutputFile } from '../../src/action/testing.js';
import { FakeKfpServer } from '../kubeflow/fake-kfp-server.js';
import { FakeGitHub } from './fake-github.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist-action', 'index.mjs');
const KFP_TOKEN = 'kfp-secret-token-7781';
const GH_TOKEN = 'ghs_test_token';

let project: string;
let github: FakeGitHub;
let kfp: FakeKfpServer;

/** A user's repository: the quick-start pipeline, and Kite installed in node_modules. */
function makeProject(withKite = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'kite-user-repo-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'user-models', private: true, type: 'module' }),
  );
  mkdirSync(join(dir, 'pipelines'));
  for (const f of ['pipeline.ts', 'components.ts'])
    cpSync(join(ROOT, 'examples', 'quickstart', f), join(dir, 'pipelines', f));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(dir, '.github', 'workflows', 'ml.yml'),
    'jobs:\n  ml:\n    steps:\n      - uses: acme/kite@v1\n        with:\n          thresholds: |\n            evaluate.accuracy >= 0.99\n',
  );
  // A gated pipeline written as a user would: imports from 'kite' and 'kite/quality'.
  const gated = readFileSync(join(ROOT, 'src', 'action', 'fixtures', 'gated', 'pipeline.ts'), 'utf8')
    .replace("'../../../dsl/index.js'", "'kite'")
    .replace("'../../../quality/index.js'", "'kite/quality'");
  writeFileSync(join(dir, 'pipelines', 'gated.ts'), gated);
  cpSync(
    join(ROOT, 'src', 'action', 'fixtures', 'gated', 'checks.yml'),
    join(dir, 'pipelines', 'checks.yml'),
  );
  if (withKite) {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'kite'), 'dir');
  }
  return dir;
}

interface Step {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  commands: ReturnType<typeof parseCommands>;
}

/** Runs the bundle once, as the runner would for one step. */
function runStep(
  cwd: string,
  inputs: Record<string, string>,
  event: { name: string; payload: unknown },
  env: Record<string, string> = {},
  onStart?: (child: ChildProcess) => void,
): Promise<Step> {
  const dir = mkdtempSync(join(tmpdir(), 'kite-runner-'));
  const files = {
    out: join(dir, 'output'),
    summary: join(dir, 'summary.md'),
    event: join(dir, 'event.json'),
  };
  writeFileSync(files.out, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(event.payload));
  const full: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.out,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: cwd,
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e9)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: github.url,
    GITHUB_WORKFLOW_REF: 'acme/models/.github/workflows/ml.yml@refs/pull/7/merge',
    ...env,
  };
  // As the runner: INPUT_<NAME> upper-cased, hyphens kept; defaults from action.yml applied.
  for (const [k, v] of Object.entries({ 'github-token': GH_TOKEN, ...inputs }))
    full[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BUNDLE],
      { cwd, env: full, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({
          code,
          stdout: stdout + stderr,
          outputs: parseOutputFile(readFileSync(files.out, 'utf8')),
          summary: readFileSync(files.summary, 'utf8'),
          commands: parseCommands(stdout),
        });
      },
    );
    onStart?.(child);
  });
}

const PR_EVENT = {
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      // Payload text meant to break out of a shell: it must stay data.
      title: 'tune lr $(touch /tmp/kite-pwned) `id` "; rm -rf ~ #',
      head: { sha: 'abcdef0', ref: 'feat/$(reboot)', repo: { full_name: 'acme/models' } },
      base: { repo: { full_name: 'acme/models' } },
    },
  },
};

beforeAll(async () => {
  if (!existsSync(BUNDLE))
    throw new Error('dist-action/index.mjs is missing: run node scripts/bundle-action.mjs');
  if (!existsSync(join(ROOT, 'dist', 'orchestrator', 'index.js')))
    throw new Error('dist/ is missing: run npm run build (npm ci does it through prepare)');
  project = makeProject();
  github = new FakeGitHub();
  await github.start();
  kfp = new FakeKfpServer();
  kfp.auth = { token: KFP_TOKEN };
  await kfp.start();
});

afterAll(async () => {
  await github?.stop();
  await kfp?.stop();
});

describe('the bundled action', () => {
  it('runs the quick-start pipeline locally on a pull request and comments once, updating it on the next push', async () => {
    const inputs = {
      pipeline: 'pipelines/pipeline.ts',
      params: 'rows: 300',
      thresholds: 'evaluate.accuracy >= 0.6',
    };
    const first = await runStep(project, inputs, PR_EVENT);
    expect(first.stdout).not.toMatch(/::error/);
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ mode: 'local', state: 'SUCCEEDED', passed: 'true' });
    expect(first.stdout).toMatch(/Kite 0\.\d+\.\d+ from .*\n/);
    const metrics = JSON.parse(first.outputs.metrics ?? '{}') as Record<string, number>;
    const accuracy = Object.entries(metrics).find(([k]) =>
      /^[^/]*\/?evaluate\.accuracy$/.test(k.replace(/^exit-handler-\d+\//, '')),
    );
    expect(accuracy?.[1]).toBeGreaterThanOrEqual(0.6);
    expect(first.summary).toContain('### Kite · quickstart — ✅ passed');
    expect(first.summary).toMatch(/\| .*train-logreg.* \| ✅ SUCCEEDED \|/);
    expect(first.summary).toMatch(/iteration-1/);
    expect(first.summary).toMatch(
      /\| .*publish-model \| card \(system\.HTML\) \| `\.kite\/artifacts\/quickstart\/.*\/card` \|/,
    );
    expect(first.summary).toMatch(
      /subgraph n\d+\["for-loop-\d+ 🔁"\]\n\s+n\d+\["evaluate-2<br\/>2× SUCCEEDED/,
    );
    // One comment, marked, with the escaped report; the payload's shell text never ran.
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/^<!-- kite-action:[0-9a-f]{16} -->\n### Kite · quickstart/);
    expect(existsSync('/tmp/kite-pwned')).toBe(false);
    expect(first.stdout.split(GH_TOKEN)).toHaveLength(2); // only in its ::add-mask:: line

    const second = await runStep(project, inputs, PR_EVENT);
    expect(second.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(second.stdout).toContain(`updated pull-request comment ${github.comments[0]?.id}`);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('fails the check with an annotation at the threshold line of the workflow when a metric is too low', async () => {
    const r = await runStep(
      project,
      { pipeline: 'pipelines/pipeline.ts', thresholds: 'evaluate.accuracy >= 0.99', comment: 'false' },
      {
        name: 'push',
        payload: {},
      },
    );
    expect(r.code).toBe(1);
    const error = r.commands.find((c) => c.command === 'error');
    expect(error?.properties).toMatchObject({
      title: 'metric gate failed',
      file: '.github/workflows/ml.yml',
      line: '7',
    });
    expect(error?.message).toMatch(/evaluate\.accuracy = 0\.\d+, required >= 0\.99/);
    expect(r.outputs).toMatchObject({ state: 'SUCCEEDED', passed: 'false' });
  });

  it('submits to Kubeflow, waits, masks the token and links the run', async () => {
    const r = await runStep(
      project,
      {
        pipeline: 'pipelines/pipeline.ts',
        mode: 'kubeflow',
        'kfp-host': kfp.url,
        'kfp-token': KFP_TOKEN,
        experiment: 'ci',
        image: 'ghcr.io/acme/models:abcdef0',
        params: 'rows: 200\nsweep: [0.5]',
        'poll-interval': '20ms',
      },
      { name: 'push', payload: {} },
    );
    expect(r.stdout).not.toMatch(/::error/);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ mode: 'kubeflow', state: 'SUCCEEDED', passed: 'true' });
    const run = [...kfp.runs.values()][0]?.run;
    expect(run?.display_name).toBe('quickstart-abcdef0');
    expect(run?.runtime_config?.parameters).toEqual({ rows: 200, sweep: [0.5] });
    const executors = (
      (run?.pipeline_spec ?? {}) as {
        deploymentSpec: { executors: Record<string, { container: { image: string } }> };
      }
    ).deploymentSpec.executors;
    expect(new Set(Object.values(executors).map((e) => e.container.image))).toEqual(
      new Set(['ghcr.io/acme/models:abcdef0']),
    );
    expect(r.outputs['run-id']).toBe(run?.run_id);
    expect(r.outputs['run-url']).toBe(`${kfp.url}/#/runs/details/${run?.run_id}`);
    expect(r.summary).toContain('mode `kubeflow`');
    // The token is registered for masking first, and never printed otherwise.
    expect(r.stdout.indexOf(`::add-mask::${KFP_TOKEN}`)).toBe(0);
    expect(r.stdout.split(KFP_TOKEN)).toHaveLength(2);
    expect(kfp.rejected).toEqual([]);
  });

  it('annotates the failing line of the checks file when a data check fails', async () => {
    const r = await runStep(
      project,
      { pipeline: 'pipelines/gated.ts', params: 'rows: 0', comment: 'false' },
      {
        name: 'push',
        payload: {},
      },
    );
    expect(r.code).toBe(1);
    const check = r.commands.find((c) => c.properties.title === 'data check failed');
    expect(check?.properties).toMatchObject({ file: 'pipelines/checks.yml', line: '2' });
    expect(r.outputs).toMatchObject({ state: 'FAILED', passed: 'false' });
  });

  it('runs a project in a subdirectory (working-directory) and annotates repository paths', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'kite-monorepo-'));
    renameSync(makeProject(), join(workspace, 'ml'));
    const r = await runStep(
      workspace,
      { 'working-directory': 'ml', pipeline: 'pipelines/gated.ts', params: 'rows: 0', comment: 'false' },
      { name: 'push', payload: {} },
    );
    expect(r.code).toBe(1);
    const titles = r.commands
      .filter((c) => c.command === 'error')
      .map((c) => [c.properties.title, c.properties.file]);
    expect(titles).toEqual([
      ['task check-data failed', 'ml/pipelines/gated.ts'],
      ['data check failed', 'ml/pipelines/checks.yml'],
    ]);
    // The local store is kept in the project, where `root` (default .kite) says.
    expect(existsSync(join(workspace, 'ml', '.kite', 'kite.db'))).toBe(true);
  });

  it('fails the check when the Kubeflow run fails', async () => {
    kfp.scripts.set('doomed', ['RUNNING', 'FAILED']);
    const r = await runStep(
      project,
      {
        pipeline: 'pipelines/pipeline.ts',
        mode: 'kubeflow',
        'kfp-host': kfp.url,
        'kfp-token': KFP_TOKEN,
        'run-name': 'doomed',
        'poll-interval': '20ms',
      },
      { name: 'push', payload: {} },
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ mode: 'kubeflow', state: 'FAILED', passed: 'false' });
    // The fake fails every task with the run: each is annotated on the pipeline file.
    const error = r.commands.find((c) => c.command === 'error');
    expect(error?.properties.title).toMatch(/^task [a-z-]+ failed$/);
    expect(error?.properties.file).toBe('pipelines/pipeline.ts');
  });

  it('gives up waiting after the timeout but still links the run, which goes on', async () => {
    kfp.scripts.set('slow', ['RUNNING']);
    const r = await runStep(
      project,
      {
        pipeline: 'pipelines/pipeline.ts',
        mode: 'kubeflow',
        'kfp-host': kfp.url,
        'kfp-token': KFP_TOKEN,
        'run-name': 'slow',
        timeout: '300ms',
        'poll-interval': '50ms',
      },
      { name: 'push', payload: {} },
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ state: 'TIMEOUT', passed: 'false' });
    expect(r.outputs['run-url']).toMatch(/#\/runs\/details\/.+/);
    expect(r.commands.find((c) => c.command === 'error')?.message).toContain('the Kubeflow run goes on');
  });

  it('asks Kubeflow to stop the run when the workflow is canceled', async () => {
    kfp.scripts.set('canceled', ['RUNNING']);
    const before = kfp.runs.size;
    kfp.requests.length = 0;
    const r = await runStep(
      project,
      {
        pipeline: 'pipelines/pipeline.ts',
        mode: 'kubeflow',
        'kfp-host': kfp.url,
        'kfp-token': KFP_TOKEN,
        'run-name': 'canceled',
        'poll-interval': '50ms',
      },
      { name: 'push', payload: {} },
      {},
      (child) => {
        const timer = setInterval(() => {
          // Once it polls the run (it is waiting), cancel the workflow.
          const polled = kfp.requests.some((q) => q.method === 'GET' && /\/runs\/[^/:]+$/.test(q.path));
          if (kfp.runs.size > before && polled) {
            clearInterval(timer);
            setTimeout(() => child.kill('SIGTERM'), 100);
          }
        }, 20);
      },
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ state: 'CANCELED', passed: 'false' });
    expect(kfp.requests.some((q) => q.method === 'POST' && q.path.endsWith(':terminate'))).toBe(true);
  });

  it('falls back to a local run for a fork pull request and refuses kubeflow on pull_request_target', async () => {
    const fork = structuredClone(PR_EVENT);
    fork.payload.pull_request.head.repo.full_name = 'mallory/models';
    const inputs = {
      pipeline: 'pipelines/pipeline.ts',
      mode: 'kubeflow',
      'kfp-host': kfp.url,
      comment: 'false',
    };
    const before = kfp.runs.size;
    const r = await runStep(project, inputs, fork);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ mode: 'local', state: 'SUCCEEDED' });
    expect(r.commands.find((c) => c.command === 'notice')?.message).toContain(
      'a pull request from a fork gets no secrets',
    );
    expect(kfp.runs.size).toBe(before);

    const target = await runStep(
      project,
      { ...inputs, 'kfp-token': KFP_TOKEN },
      { ...fork, name: 'pull_request_target' },
    );
    expect(target.code).toBe(1);
    expect(target.commands.find((c) => c.command === 'error')?.message).toContain(
      'refusing mode kubeflow on a pull_request_target event',
    );
    expect(kfp.runs.size).toBe(before);
  });

  it('tells the pull request when the pipeline does not compile', async () => {
    writeFileSync(
      join(project, 'pipelines', 'broken.ts'),
      "import { nothing } from 'kite';\nexport default nothing();\n",
    );
    const r = await runStep(
      project,
      { pipeline: 'pipelines/broken.ts' },
      {
        ...PR_EVENT,
        payload: {
          ...PR_EVENT.payload,
          number: 8,
          pull_request: { ...PR_EVENT.payload.pull_request, number: 8 },
        },
      },
    );
    expect(r.code).toBe(1);
    expect(r.commands.find((c) => c.command === 'error')?.properties.file).toBe('pipelines/broken.ts');
    const comment = github.comments.find((c) => c.issue === 8);
    expect(comment?.body).toMatch(
      /### Kite — ❌ error\n\n```\npipelines\/broken\.ts: loading the module failed/,
    );
  });

  it('says to install Kite when the repository has not', async () => {
    const bare = makeProject(false);
    const r = await runStep(
      bare,
      { pipeline: 'pipelines/pipeline.ts', comment: 'false' },
      { name: 'push', payload: {} },
    );
    expect(r.code).toBe(1);
    const error = r.commands.find((c) => c.command === 'error');
    expect(error?.message).toContain('the kite package is not installed in');
    expect(error?.message).toContain('npm ci');
  });
});
