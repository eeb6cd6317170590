import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo, Command } from '../../src/cli/command.js';
import { kfpCommands } from '../../src/cli/commands/kfp.js';
import { scheduleCommands } from '../../src/cli/commands/schedule.js';
import { submitCommand } from '../../src/cli/commands/submit.js';
import { isKiteError } from '../../src/core/index.js';
import { FakeKfpServer } from './fake-kfp-server.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));
const HELLO = fileURLToPath(new URL('./fixtures/hello.ts', import.meta.url));
const COMMANDS: Command[] = [submitCommand, ...kfpCommands, ...scheduleCommands];
const SECRET = 'super-secret-token-0042';

let server: FakeKfpServer;

/** Runs a command as `kite` would: word match, strict flag parsing, KiteError → stderr + 1. */
async function kite(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTty: false,
    cwd: FIXTURES,
    env: { KF_PIPELINES_ENDPOINT: server.url, KF_PIPELINES_TOKEN: SECRET, ...env },
    signal: new AbortController().signal,
  };
  const command = COMMANDS.filter((c) => c.name.every((w, i) => argv[i] === w)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  if (!command) throw new Error(`no command for ${argv.join(' ')}`);
  const args = parseArgs({
    args: argv.slice(command.name.length),
    options: command.options,
    allowPositionals: true,
    strict: true,
  });
  let code: number;
  try {
    code = await command.run(args as Parameters<Command['run']>[0], io);
  } catch (err) {
    if (!isKiteError(err)) throw err;
    stderr += `${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`;
    code = 1;
  }
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

beforeEach(async () => {
  server = new FakeKfpServer();
  server.auth = { token: SECRET };
  await server.start();
});

afterEach(async () => {
  await server.stop();
});

describe('kite submit', () => {
  it('compiles a .ts pipeline, submits it with typed params and waits for success', async () => {
    const r = await kite([
      'submit',
      HELLO,
      '--experiment',
      'dev',
      '--param',
      'times=3',
      '--run-name',
      'hello-1',
      '--wait',
      '--poll',
      '0.001',
    ]);
    expect(r.stderr).toContain("submitted run 'hello-1'");
    expect(r.stderr).toContain('run hello-1 SUCCEEDED');
    expect(r.stderr).toContain('task greet: RUNNING');
    expect(r.code).toBe(0);
    const sent = JSON.parse(server.writes().find((w) => w.path === '/apis/v2beta1/runs')?.body ?? '{}');
    expect(sent.runtime_config.parameters).toEqual({ times: 3 });
    expect(sent.pipeline_spec.deploymentSpec.executors['exec-greet'].container.image).toMatch(
      /^ghcr\.io\/kite-ml\/kite:/,
    );
    expect(server.rejected).toEqual([]);
  });

  it('exits 1 for a failed run, and --json carries the run without the token', async () => {
    server.scripts.set('will-fail', ['RUNNING', 'FAILED']);
    const r = await kite([
      'submit',
      'container_io.yaml',
      '--run-name',
      'will-fail',
      '--wait',
      '--poll',
      '0.001',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.json().run.state).toBe('FAILED');
    expect(r.json().url).toContain('/#/runs/details/');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('names the pipeline inputs when a --param is wrong, before sending anything', async () => {
    const r = await kite(['submit', 'container_io.yaml', '--param', 'txt=hi', '--param', 'text']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the pipeline has no input 'txt' (inputs: text)");
    expect(r.stderr).toContain('write name=value');
    expect(server.requests).toHaveLength(0);
  });

  it('times out with --timeout and says how to follow the run', async () => {
    server.defaultScript = Array(1000).fill('RUNNING');
    const r = await kite(['submit', 'container_io.yaml', '--wait', '--timeout', '0.05', '--poll', '0.005']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kite kfp runs wait');
  });

  it('reports a refused credential by its source, never its value', async () => {
    const r = await kite(['submit', 'container_io.yaml', '--token', 'wrong-token-value-77']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bearer token from --token');
    expect(r.stderr).not.toContain('wrong-token-value-77');
  });
});

describe('--verbose', () => {
  it('logs requests without the credentials', async () => {
    server.fault({ method: 'GET', status: 503 });
    const r = await kite(['kfp', 'experiments', 'list', '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('DEBUG GET http://127.0.0.1');
    expect(r.stderr).toContain('HTTP 503; retrying');
    expect(r.stderr).not.toContain(SECRET);
  });
});

describe('kite kfp', () => {
  it('lists, gets, waits for, terminates and retries runs', async () => {
    server.defaultScript = ['PENDING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING'];
    await kite(['submit', 'container_io.yaml', '--experiment', 'e1', '--run-name', 'r1']);
    const list = await kite(['kfp', 'runs', 'list', '--experiment', 'e1', '--json']);
    const [run] = list.json();
    expect(run.display_name).toBe('r1');
    const table = await kite(['kfp', 'runs', 'list']);
    expect(table.stdout).toMatch(/RUN ID\s+NAME\s+STATE/);
    expect((await kite(['kfp', 'runs', 'get', run.run_id, '--json'])).json().run_id).toBe(run.run_id);
    expect((await kite(['kfp', 'runs', 'terminate', run.run_id])).code).toBe(0);
    const waited = await kite(['kfp', 'runs', 'wait', run.run_id, '--poll', '0.001', '--json']);
    expect(waited.json().state).toBe('CANCELED');
    expect(waited.code).toBe(1);
    expect((await kite(['kfp', 'runs', 'retry', run.run_id])).code).toBe(0);
    expect((await kite(['kfp', 'runs', 'wait', run.run_id, '--poll', '0.001'])).code).toBe(0);
    const missing = await kite(['kfp', 'runs', 'get', 'nope']);
    expect(missing.stderr).toContain('run nope not found');
  });

  it('uploads a pipeline, then a version of it', async () => {
    const first = await kite(['kfp', 'pipelines', 'upload', 'container_io.yaml', '--json']);
    expect(first.json().pipeline.name).toBe('container-io');
    const second = await kite([
      'kfp',
      'pipelines',
      'upload',
      'container_io.yaml',
      '--version',
      'v2',
      '--json',
    ]);
    expect(second.json().version.name).toBe('v2');
    const fromTs = await kite(['kfp', 'pipelines', 'upload', HELLO, '--json']);
    expect(fromTs.json().pipeline.name).toBe('hello-kite');
    const list = await kite(['kfp', 'pipelines', 'list', '--json']);
    expect(
      list
        .json()
        .map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['container-io', 'hello-kite']);
    expect(server.rejected).toEqual([]);
  });

  it('creates, lists and deletes experiments', async () => {
    expect((await kite(['kfp', 'experiments', 'create', 'nightly'])).code).toBe(0);
    expect((await kite(['kfp', 'experiments', 'create', 'nightly'])).code).toBe(0);
    expect(server.experiments.size).toBe(1);
    expect((await kite(['kfp', 'experiments', 'get', 'nightly'])).json().display_name).toBe('nightly');
    expect((await kite(['kfp', 'experiments', 'list'])).stdout).toContain('nightly');
    expect((await kite(['kfp', 'experiments', 'delete', 'nightly'])).code).toBe(0);
    expect(server.experiments.size).toBe(0);
  });
});

describe('kite schedule', () => {
  it('creates a schedule from 5-field cron, lists, disables, enables and deletes it', async () => {
    const c = await kite([
      'schedule',
      'create',
      'container_io.yaml',
      '--name',
      'nightly',
      '--cron',
      '30 2 * * *',
      '--param',
      'text=x',
      '--json',
    ]);
    expect(c.code).toBe(0);
    expect(c.json().trigger.cron_schedule.cron).toBe('0 30 2 * * *');
    expect(c.json().max_concurrency).toBe('1');
    expect((await kite(['schedule', 'list'])).stdout).toMatch(/nightly\s+ENABLED\s+0 30 2 \* \* \*/);
    await kite(['schedule', 'disable', 'nightly']);
    expect([...server.recurring.values()][0]?.status).toBe('DISABLED');
    await kite(['schedule', 'enable', 'nightly']);
    expect([...server.recurring.values()][0]?.status).toBe('ENABLED');
    await kite(['schedule', 'delete', 'nightly']);
    expect(server.recurring.size).toBe(0);
    expect(server.rejected).toEqual([]);
  });

  it('supports --every and rejects a bad cron with every problem', async () => {
    const every = await kite([
      'schedule',
      'create',
      'container_io.yaml',
      '--name',
      'often',
      '--every',
      '1h30m',
      '--json',
    ]);
    expect(every.json().trigger.periodic_schedule.interval_second).toBe('5400');
    const bad = await kite([
      'schedule',
      'create',
      'container_io.yaml',
      '--name',
      'x',
      '--cron',
      '61 25 * * *',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("minutes '61'");
    expect(bad.stderr).toContain("hours '25'");
  });
});

describe('compiled file on disk', () => {
  it('submits a file outside the cwd by absolute path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-submit-'));
    writeFileSync(join(dir, 'p.yaml'), readFileSync(join(FIXTURES, 'container_io.yaml')));
    const r = await kite(['submit', join(dir, 'p.yaml'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json().run.display_name).toMatch(/^container-io-\d{8}-\d{6}$/);
  });
});

describe('TLS', () => {
  it('trusts a private CA with --ca-file, and skips verification only with --insecure', async () => {
    const tlsDir = fileURLToPath(new URL('./fixtures/tls/', import.meta.url));
    const https = new FakeKfpServer({
      key: readFileSync(join(tlsDir, 'server.key'), 'utf8'),
      cert: readFileSync(join(tlsDir, 'server.crt'), 'utf8'),
    });
    await https.start();
    try {
      const env = { KF_PIPELINES_ENDPOINT: https.url };
      const strict = await kite(['kfp', 'experiments', 'list'], env);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(
        /cannot reach Kubeflow Pipelines at https:.*(certificate|self.signed|verify)/i,
      );
      expect(strict.stderr).toContain('--ca-file');
      const trusted = await kite(
        ['kfp', 'experiments', 'list', '--ca-file', join(tlsDir, 'ca.crt'), '--json'],
        env,
      );
      expect(trusted.code).toBe(0);
      expect(trusted.json()).toEqual([]);
      expect((await kite(['kfp', 'experiments', 'list', '--insecure'], env)).code).toBe(0);
    } finally {
      await https.stop();
    }
  });
});

describe('kite submit --uploaded', () => {
  it('runs the newest or a named version of an uploaded pipeline, params typed by its spec', async () => {
    await kite(['kfp', 'pipelines', 'upload', 'container_io.yaml']);
    await kite(['kfp', 'pipelines', 'upload', 'container_io.yaml', '--version', 'v2']);
    const newest = await kite(['submit', '--uploaded', 'container-io', '--param', 'text=hi', '--json']);
    expect(newest.code).toBe(0);
    const versions = [...server.versions.values()];
    const v2 = versions.find((v) => v.name === 'v2');
    expect(newest.json().run.pipeline_version_reference).toEqual({
      pipeline_id: v2?.pipeline_id,
      pipeline_version_id: v2?.pipeline_version_id,
    });
    expect(newest.json().run.pipeline_spec).toBeUndefined();
    const first = await kite(['submit', '--uploaded', 'container-io', '--version', 'container-io', '--json']);
    expect(first.json().run.pipeline_version_reference.pipeline_version_id).not.toBe(v2?.pipeline_version_id);
    const missing = await kite(['submit', '--uploaded', 'container-io', '--version', 'v9']);
    expect(missing.stderr).toContain("pipeline 'container-io' has no version named 'v9'");
    expect(missing.stderr).toContain('versions: container-io, v2');
    const none = await kite(['submit', '--uploaded', 'nope']);
    expect(none.stderr).toContain("no pipeline named 'nope'");
    expect(server.rejected).toEqual([]);
  });
});
