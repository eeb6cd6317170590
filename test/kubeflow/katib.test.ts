import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KiteError } from '../../src/core/index.js';
import {
  bestTrial,
  describeExperiment,
  experimentCondition,
  KatibClient,
  type KatibExperiment,
  loadKubeCredentials,
  runOnKatib,
} from '../../src/kubeflow/index.js';
import { FakeKubeServer } from './fake-kube-server.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));
const TLS = fileURLToPath(new URL('./fixtures/tls/', import.meta.url));
const ca = readFileSync(join(TLS, 'ca.crt'), 'utf8');
const tls = {
  key: readFileSync(join(TLS, 'server.key'), 'utf8'),
  cert: readFileSync(join(TLS, 'server.crt'), 'utf8'),
};
const experiment = (): KatibExperiment =>
  parse(readFileSync(join(FIXTURES, 'katib-random.yaml'), 'utf8')) as KatibExperiment;
const fast = { attempts: 2, baseDelayMs: 1 };

let server: FakeKubeServer;
let dir: string;

function kubeconfig(
  cluster: Record<string, unknown>,
  user: Record<string, unknown> = { token: 'kube-token-1234' },
): string {
  const file = join(dir, 'config');
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'test',
    clusters: [{ name: 'c', cluster: { server: server.url, ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'test', context: { cluster: 'c', user: 'u', namespace: 'team-a' } }],
  });
  writeFileSync(file, text);
  return file;
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
  server = new FakeKubeServer(tls);
  server.token = 'kube-token-1234';
  await server.start();
  dir = mkdtempSync(join(tmpdir(), 'kite-kube-'));
});

afterEach(async () => {
  await server.stop();
});

describe('Katib through the Kubernetes API', () => {
  it('creates an Experiment over TLS with a kubeconfig CA, follows it, and reads the best trial', async () => {
    const file = kubeconfig({ 'certificate-authority-data': Buffer.from(ca).toString('base64') });
    const katib = new KatibClient({ kubeconfig: file, retry: fast });
    expect(katib.credentials.namespace).toBe('team-a');
    const exp = experiment();
    delete exp.metadata?.namespace;
    const created = await katib.create(exp);
    expect(created.metadata?.namespace).toBe('team-a');
    const seen: string[] = [];
    const done = await katib.follow('random', undefined, {
      pollMs: 1,
      onUpdate: (e) => seen.push(experimentCondition(e)?.type ?? ''),
    });
    expect(seen.at(-1)).toBe('Succeeded');
    expect(seen).toContain('Running');
    expect(bestTrial(done)).toEqual({
      name: 'random-abc123',
      parameters: { lr: '0.01' },
      metrics: [{ name: 'accuracy', min: '0.71', max: '0.93', latest: '0.93' }],
    });
    expect((await katib.trials('random')).map((t) => t.metadata?.name)).toEqual(['random-abc123']);
    await katib.delete('random');
    expect((await caught(katib.get('random'))).code).toBe('NOT_FOUND');
  });

  it('refuses an unknown certificate unless insecure-skip-tls-verify is set', async () => {
    const strict = new KatibClient({ kubeconfig: kubeconfig({}), retry: fast });
    const err = await caught(strict.get('random'));
    expect(err.code).toBe('REMOTE');
    expect(err.message).toMatch(/certificate|self.signed|verify/i);
    const insecure = new KatibClient({
      kubeconfig: kubeconfig({ 'insecure-skip-tls-verify': true }),
      retry: fast,
    });
    expect((await caught(insecure.get('random'))).code).toBe('NOT_FOUND');
  });

  it('uses in-cluster service-account credentials', async () => {
    writeFileSync(join(dir, 'token'), 'kube-token-1234');
    writeFileSync(join(dir, 'ca.crt'), ca);
    writeFileSync(join(dir, 'namespace'), 'kubeflow-user');
    const port = new URL(server.url).port;
    const creds = loadKubeCredentials({
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
      serviceAccountDir: dir,
      home: dir,
    });
    expect(creds.namespace).toBe('kubeflow-user');
    const katib = new KatibClient({ credentials: creds, retry: fast });
    const created = await katib.create(experiment(), 'kubeflow-user');
    expect(created.metadata?.namespace).toBe('kubeflow-user');
  });

  it("reports the API server's validation message and conflicts", async () => {
    const katib = new KatibClient({
      kubeconfig: kubeconfig({ 'certificate-authority-data': Buffer.from(ca).toString('base64') }),
    });
    const bad = experiment();
    (bad.spec as Record<string, unknown>).maxTrialCounts = 3;
    const err = await caught(katib.create(bad, 'kubeflow'));
    expect(err.code).toBe('INVALID_SPEC');
    expect(err.message).toContain("unknown field 'maxTrialCounts'");
    await katib.create(experiment(), 'kubeflow');
    expect((await caught(katib.create(experiment(), 'kubeflow'))).code).toBe('ALREADY_EXISTS');
  });

  it('returns a failed experiment from follow, and times out on a slow one', async () => {
    server.outcome = 'Failed';
    const katib = new KatibClient({ kubeconfig: kubeconfig({ 'insecure-skip-tls-verify': true }) });
    await katib.create(experiment(), 'kubeflow');
    const done = await katib.follow('random', 'kubeflow', { pollMs: 1 });
    expect(experimentCondition(done)).toMatchObject({ type: 'Failed', reason: 'ExperimentFailed' });
    expect(bestTrial(done)).toBeUndefined();
    server.stepsToFinish = 10_000;
    const slow = experiment();
    if (slow.metadata) slow.metadata.name = 'slow';
    await katib.create(slow, 'kubeflow');
    expect((await caught(katib.follow('slow', 'kubeflow', { pollMs: 5, timeoutMs: 30 }))).code).toBe(
      'TIMEOUT',
    );
  });

  it('says which credential was refused, and rejects exec plugins', async () => {
    const katib = new KatibClient({
      kubeconfig: kubeconfig({ 'insecure-skip-tls-verify': true }, { token: 'wrong-token-5678' }),
    });
    const err = await caught(katib.get('x', 'kubeflow'));
    expect(err.message).toContain('kubeconfig');
    expect(err.message).not.toContain('wrong-token-5678');
    const exec = kubeconfig({}, { exec: { command: 'gke-gcloud-auth-plugin' } });
    expect(() => loadKubeCredentials({ kubeconfig: exec })).toThrow(/exec/);
  });
});

describe('runOnKatib', () => {
  it('creates, follows and returns the best trial; follows or replaces an existing one', async () => {
    const client = new KatibClient({ kubeconfig: kubeconfig({ 'insecure-skip-tls-verify': true }) });
    const lines: string[] = [];
    const r = await runOnKatib(experiment(), {
      client,
      pollMs: 1,
      onUpdate: (e) => lines.push(describeExperiment(e)),
    });
    expect(r.condition).toBe('Succeeded');
    expect(r.reason).toBe('ExperimentMaxTrialsReached');
    expect(r.best?.parameters).toEqual({ lr: '0.01' });
    expect(lines.at(-1)).toBe(
      'Succeeded (ExperimentMaxTrialsReached): 4 trials (4 succeeded) | best random-abc123 accuracy=0.93 (lr=0.01)',
    );
    expect((await caught(runOnKatib(experiment(), { client, pollMs: 1 }))).code).toBe('ALREADY_EXISTS');
    const followed = await runOnKatib(experiment(), {
      client,
      pollMs: 1,
      ifExists: 'follow',
      deleteWhenDone: true,
    });
    expect(followed.condition).toBe('Succeeded');
    expect(server.experiments.size).toBe(0);
    await runOnKatib(experiment(), { client, pollMs: 1 });
    const replaced = await runOnKatib(experiment(), { client, pollMs: 1, ifExists: 'replace' });
    expect(replaced.condition).toBe('Succeeded');
    expect(server.writes().filter((w) => w.method === 'DELETE')).toHaveLength(2);
  });
});
