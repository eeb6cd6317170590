import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KiteError } from '../../src/core/index.js';
import {
  eq,
  filter,
  KfpClient,
  type KfpClientOptions,
  loadSpec,
  submitRun,
} from '../../src/kubeflow/index.js';
import { FakeKfpServer } from './fake-kfp-server.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));
const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

let server: FakeKfpServer;
let client: KfpClient;

function connect(options: Partial<KfpClientOptions> = {}): KfpClient {
  return new KfpClient({ host: server.url, retry: fast, ...options });
}

async function caught(p: Promise<unknown>): Promise<KiteError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KiteError) return err;
    throw err;
  }
  throw new Error('expected a KiteError');
}

beforeEach(async () => {
  server = new FakeKfpServer();
  await server.start();
  client = connect();
});

afterEach(async () => {
  await server.stop();
});

describe('KFP REST client against the fake server', () => {
  it('reads healthz and pages through experiments with a filter', async () => {
    expect(await client.healthz()).toEqual({ multi_user: false, pipeline_store: 'database' });
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await client.experiments.create({ display_name: `exp-${name}` });
    const all = [];
    for await (const e of client.experiments.all({ pageSize: 2 })) all.push(e.display_name);
    expect(all).toEqual(['exp-a', 'exp-b', 'exp-c', 'exp-d', 'exp-e']);
    const page = await client.experiments.list({ filter: filter(eq('display_name', 'exp-c')) });
    expect(page.items.map((e) => e.display_name)).toEqual(['exp-c']);
    expect(server.rejected).toEqual([]);
    // Pagination sent page_token and page_size as KFP spells them.
    expect(
      server.requests.some((r) => r.query.includes('page_token=2') && r.query.includes('page_size=2')),
    ).toBe(true);
  });

  it('submits a compiled YAML with typed parameters and waits through PENDING → RUNNING → SUCCEEDED', async () => {
    const doc = await loadSpec(join(FIXTURES, 'two_step_pipeline.yaml'));
    const { run, experimentId } = await submitRun(client, doc, {
      experiment: 'nightly',
      runName: 'two-step-1',
      parameters: { text: 'hi' },
    });
    expect(run.display_name).toBe('two-step-1');
    expect(run.experiment_id).toBe(experimentId);
    const sent = JSON.parse(server.writes().find((r) => r.path === '/apis/v2beta1/runs')?.body ?? '{}');
    expect(sent.runtime_config).toEqual({ parameters: { text: 'hi' } });
    expect(sent.pipeline_spec.pipelineInfo.name).toBe('simple-two-step-pipeline');
    const seen: string[] = [];
    const done = await client.runs.wait(run.run_id as string, {
      pollMs: 1,
      onUpdate: (r) => seen.push(r.state as string),
    });
    expect(done.state).toBe('SUCCEEDED');
    expect(seen).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    expect(server.rejected).toEqual([]);
  });

  it('treats CANCELED as terminal after terminate', async () => {
    server.defaultScript = ['PENDING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING'];
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const { run } = await submitRun(client, doc, { runName: 'to-cancel' });
    await client.runs.terminate(run.run_id as string);
    const done = await client.runs.wait(run.run_id as string, { pollMs: 1 });
    expect(done.state).toBe('CANCELED');
  });

  it('times out waiting for a slow run with a TIMEOUT error that says how to follow it', async () => {
    server.defaultScript = Array(1000).fill('RUNNING');
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const { run } = await submitRun(client, doc, { runName: 'slow' });
    const err = await caught(client.runs.wait(run.run_id as string, { pollMs: 5, timeoutMs: 40 }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('still RUNNING');
    expect(err.hint).toContain(`kite kfp runs wait ${run.run_id}`);
  });

  it('retries 503, 429 and dropped connections on reads, but never a 400', async () => {
    await client.experiments.create({ display_name: 'x' });
    server.fault({ method: 'GET', path: /experiments$/, status: 503 });
    server.fault({ method: 'GET', path: /experiments$/, status: 429, retryAfter: '0' });
    server.fault({ method: 'GET', path: /experiments$/, drop: true });
    const before = server.requests.length;
    const page = await client.experiments.list();
    expect(page.items).toHaveLength(1);
    expect(server.requests.length - before).toBe(4);
    const n = server.requests.length;
    const err = await caught(
      client.http.request('GET', '/apis/v2beta1/experiments', { query: { bogus: 'x' } }),
    );
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain("unknown query parameter 'bogus'");
    expect(server.requests.length - n).toBe(1);
  });

  it('gives up after the configured attempts with a REMOTE error', async () => {
    server.fault({ method: 'GET', status: 500, times: 10 });
    const err = await caught(client.experiments.list());
    expect(err.code).toBe('REMOTE');
    expect(err.message).toContain('HTTP 500');
    expect(server.requests).toHaveLength(4);
  });

  it('never starts a second run when the create answer is lost (idempotent submission)', async () => {
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    server.fault({ method: 'POST', path: /\/runs$/, dropAfter: true });
    const { run } = await submitRun(client, doc, { runName: 'once' });
    expect(server.runs.size).toBe(1);
    expect([...server.runs.values()][0]?.run.run_id).toBe(run.run_id);
    // A 500 before the create took effect: tried again, still one new run.
    server.fault({ method: 'POST', path: /\/runs$/, status: 500 });
    await submitRun(client, doc, { runName: 'twice' });
    expect(server.runs.size).toBe(2);
  });

  it('reuses a run of the same idempotency key across processes', async () => {
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const a = await submitRun(client, doc, {
      idempotencyKey: 'sha-abc',
      commit: 'abcdef1234',
      experiment: 'ci',
    });
    const b = await submitRun(connect(), doc, {
      idempotencyKey: 'sha-abc',
      commit: 'abcdef1234',
      experiment: 'ci',
    });
    expect(a.run.display_name).toBe('container-io-abcdef1');
    expect(b.reused).toBe(true);
    expect(b.run.run_id).toBe(a.run.run_id);
    expect(server.runs.size).toBe(1);
  });

  it('stops waiting with CANCELED when the signal aborts (Ctrl-C)', async () => {
    server.defaultScript = Array(1000).fill('RUNNING');
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const { run } = await submitRun(client, doc, { runName: 'interrupted' });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 20);
    const err = await caught(client.runs.wait(run.run_id as string, { pollMs: 5, signal: ctrl.signal }));
    expect(err.code).toBe('CANCELED');
  });

  it('archives experiments and deletes pipeline versions and pipelines', async () => {
    const e = await client.experiments.create({ display_name: 'old' });
    await client.experiments.archive(e.experiment_id as string);
    expect((await client.experiments.get(e.experiment_id as string)).storage_state).toBe('ARCHIVED');
    await client.experiments.unarchive(e.experiment_id as string);
    expect((await client.experiments.get(e.experiment_id as string)).storage_state).toBe('AVAILABLE');
    const yaml = readFileSync(join(FIXTURES, 'container_io.yaml'), 'utf8');
    const p = await client.pipelines.upload(yaml, { name: 'p' });
    const v = await client.pipelines.uploadVersion(yaml, p.pipeline_id as string, { name: 'v2' });
    await client.pipelines.deleteVersion(p.pipeline_id as string, v.pipeline_version_id as string);
    expect((await client.pipelines.listVersions(p.pipeline_id as string)).items.map((x) => x.name)).toEqual([
      'p',
    ]);
    expect((await caught(client.pipelines.delete(p.pipeline_id as string))).message).toContain(
      'has versions',
    );
    await client.pipelines.delete(p.pipeline_id as string, true);
    expect(await client.pipelines.findByName('p')).toBeUndefined();
    expect(server.rejected).toEqual([]);
  });

  it('tolerates response fields it does not know', async () => {
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const { run } = await submitRun(client, doc, { runName: 'future' });
    const got = (await client.runs.get(run.run_id as string)) as Record<string, unknown>;
    expect(got.field_from_a_newer_server).toEqual({ any: 'thing' });
  });

  it('explains a 403 as missing access to the namespace', async () => {
    server.forbidden.add('team-b');
    const err = await caught(
      connect({ auth: { token: 'some-token-123456', tokenSource: '$KF_PIPELINES_TOKEN' } }).runs.list({
        namespace: 'team-b',
      }),
    );
    expect(err.code).toBe('REMOTE');
    expect(err.message).toContain('denied access (bearer token from $KF_PIPELINES_TOKEN)');
    expect(err.hint).toContain('namespace');
  });

  it('reports 404 with what was asked for', async () => {
    const err = await caught(client.runs.get('no-such-run'));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('run no-such-run');
  });

  it('checks the spec itself before sending, and shows the server message when the server rejects one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-kfp-'));
    const bad = readFileSync(join(FIXTURES, 'container_io.yaml'), 'utf8').replace(
      'schemaVersion: 2.1.0',
      'schemaVersion: 2.0.0',
    );
    writeFileSync(join(dir, 'bad.yaml'), bad);
    const local = await caught(loadSpec(join(dir, 'bad.yaml')));
    expect(local.code).toBe('INVALID_SPEC');
    expect(local.message).toMatch(/bad\.yaml:\d+:\d+/);
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const spec = { ...(doc.spec as object), schemaVersion: '2.0.0' };
    const remote = await caught(client.runs.create({ display_name: 'x', pipeline_spec: spec }));
    expect(remote.code).toBe('INVALID_SPEC');
    expect(remote.message).toContain('KFP only supports schema version 2.1.0');
  });

  it('is rejected by the fake for unknown fields and wrong types, as the real server would', async () => {
    const unknown = await caught(
      client.http.request('POST', '/apis/v2beta1/experiments', { body: { displayName: 'x' } }),
    );
    expect(unknown.message).toContain("unknown field 'displayName'");
    const wrongType = await caught(
      client.http.request('POST', '/apis/v2beta1/recurringruns', {
        body: { display_name: 'r', max_concurrency: true },
      }),
    );
    expect(wrongType.message).toContain('max_concurrency');
    const enumBad = await caught(
      client.http.request('POST', '/apis/v2beta1/runs', { body: { display_name: 'r', state: 'DONE' } }),
    );
    expect(enumBad.message).toContain('is not one of');
  });

  it('uploads a pipeline and a version through multipart field uploadfile', async () => {
    const yaml = readFileSync(join(FIXTURES, 'container_io.yaml'), 'utf8');
    const p = await client.pipelines.upload(yaml, { name: 'container-io', description: 'demo' });
    const v = await client.pipelines.uploadVersion(yaml, p.pipeline_id as string, { name: 'v2' });
    expect(v.pipeline_id).toBe(p.pipeline_id);
    const upload = server.writes().find((r) => r.path.endsWith('/upload'));
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(upload?.body).toContain('name="uploadfile"; filename="pipeline.yaml"');
    expect((await client.pipelines.findByName('container-io'))?.pipeline_id).toBe(p.pipeline_id);
    expect((await client.pipelines.findVersion(p.pipeline_id as string, 'v2'))?.pipeline_version_id).toBe(
      v.pipeline_version_id,
    );
    const dup = await caught(client.pipelines.upload(yaml, { name: 'container-io' }));
    expect(dup.code).toBe('ALREADY_EXISTS');
    expect(server.rejected).toEqual([]);
  });

  it('sends recurring runs with a 6-field cron and int64 max_concurrency', async () => {
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const r = await client.recurringRuns.create({
      display_name: 'nightly',
      pipeline_spec: doc.spec as unknown as Record<string, unknown>,
      max_concurrency: '1',
      trigger: { cron_schedule: { cron: '0 0 2 * * *' } },
    });
    expect(r.status).toBe('ENABLED');
    await client.recurringRuns.disable(r.recurring_run_id as string);
    expect((await client.recurringRuns.get(r.recurring_run_id as string)).status).toBe('DISABLED');
    const list = await client.recurringRuns.list();
    expect(list.items).toHaveLength(1);
    const five = await caught(
      client.recurringRuns.create({
        display_name: 'bad',
        pipeline_spec: doc.spec as unknown as Record<string, unknown>,
        trigger: { cron_schedule: { cron: '0 2 * * *' } },
      }),
    );
    expect(five.message).toContain('6 fields');
  });
});

describe('authentication and secrets', () => {
  it('sends the bearer token and says which credential failed, without the secret', async () => {
    server.auth = { token: 'the-right-token-123' };
    const wrong = connect({ auth: { token: 'sekrit-token-value-999', tokenSource: '--token' } });
    const err = await caught(wrong.healthz());
    expect(err.code).toBe('REMOTE');
    expect(err.message).toContain('bearer token from --token');
    expect(JSON.stringify({ m: err.message, h: err.hint, c: err.cause })).not.toContain(
      'sekrit-token-value-999',
    );
    const right = connect({ auth: { token: 'the-right-token-123' } });
    expect((await right.healthz()).pipeline_store).toBe('database');
  });

  it('reports a redirect to a login page, and an HTML page instead of JSON', async () => {
    server.fault({
      status: 302,
      headers: { location: 'https://kf.example.com/dex/auth?client_id=kubeflow-oidc' },
    });
    const login = await caught(connect({ auth: { cookie: 'oauth2_proxy_kubeflow=expired1' } }).healthz());
    expect(login.message).toContain('redirected to https://kf.example.com/dex/auth');
    expect(login.message).toContain('session cookie oauth2_proxy_kubeflow did not authenticate');
    expect(login.hint).toContain('--cookie');
    server.fault({ status: 200, text: '<html><body>Kubeflow Central Dashboard</body></html>' });
    const html = await caught(client.healthz());
    expect(html.message).toContain('expected JSON from Kubeflow Pipelines, got text/html');
    expect(html.hint).toContain('/pipeline');
  });

  it('re-reads a rotated service-account token file after a 401', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'old-token-aaaa\n');
    const c = connect({ auth: { tokenFile: file } });
    writeFileSync(file, 'new-token-bbbb\n');
    server.auth = { token: 'new-token-bbbb' };
    expect((await c.healthz()).multi_user).toBe(false);
    const statuses = server.requests.map((r) => r.status);
    expect(statuses).toEqual([401, 200]);
  });

  it('accepts a session cookie or an identity header', async () => {
    server.auth = {
      cookie: 'oauth2_proxy_kubeflow=abcdefgh',
      header: ['kubeflow-userid', 'alice@example.com'],
    };
    expect(
      (await connect({ auth: { cookie: 'oauth2_proxy_kubeflow=abcdefgh' } }).healthz()).pipeline_store,
    ).toBe('database');
    expect(
      (await connect({ auth: { headers: { 'kubeflow-userid': 'alice@example.com' } } }).healthz())
        .pipeline_store,
    ).toBe('database');
  });

  it('refuses credentials inside the address, without repeating them', () => {
    expect(() => new KfpClient({ host: 'https://admin:hunter2-password@kf.example.com/pipeline' })).toThrow(
      /must not carry credentials/,
    );
    try {
      new KfpClient({ host: 'https://admin:hunter2-password@kf.example.com/pipeline' });
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('hunter2');
    }
  });

  it('redacts secrets that a server echoes back', async () => {
    const c = connect({ auth: { token: 'echoed-secret-5555' } });
    server.fault({ method: 'GET', status: 418 });
    const err = await caught(c.healthz());
    expect(err.message).not.toContain('echoed-secret-5555');
    expect(c.redactor.text('token echoed-secret-5555 here')).toBe('token *** here');
  });
});

describe('multi-user mode', () => {
  it('needs an experiment (namespace) for runs and passes the namespace on lists', async () => {
    server.multiUser = true;
    const doc = await loadSpec(join(FIXTURES, 'container_io.yaml'));
    const err = await caught(submitRun(client, doc, { namespace: 'team-a' }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    const { run } = await submitRun(client, doc, { namespace: 'team-a', experiment: 'exp' });
    expect(server.experiments.get(run.experiment_id as string)?.namespace).toBe('team-a');
    const runs = await client.runs.list({ namespace: 'team-a' });
    expect(runs.items.map((r) => r.run_id)).toEqual([run.run_id]);
    const noNs = await caught(client.experiments.list());
    expect(noNs.message).toContain('multi-user');
  });
});
