import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../src/cli/run-captured.js';
import { FakeKubeServer } from './fake-kube-server.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));

let server: FakeKubeServer;
let dir: string;

async function cli(...argv: string[]) {
  return runCliCaptured(argv, { cwd: dir });
}

beforeEach(async () => {
  server = new FakeKubeServer();
  server.token = 'kube-token-1234';
  await server.start();
  dir = mkdtempSync(join(tmpdir(), 'kite-tune-katib-'));
  writeFileSync(
    join(dir, 'config'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'test',
      clusters: [{ name: 'c', cluster: { server: server.url } }],
      users: [{ name: 'u', user: { token: 'kube-token-1234' } }],
      contexts: [{ name: 'test', context: { cluster: 'c', user: 'u', namespace: 'team-a' } }],
    }),
  );
  writeFileSync(join(dir, 'experiment.yaml'), readFileSync(join(FIXTURES, 'katib-random.yaml'), 'utf8'));
});

afterEach(async () => {
  await server.stop();
});

describe('kite tune --katib', () => {
  it('creates the Experiment on the cluster, follows it and prints the best trial', async () => {
    const r = await cli(
      'tune',
      'experiment.yaml',
      '--katib',
      '--kubeconfig',
      'config',
      '-n',
      'team-a',
      '--poll',
      '0.001',
    );
    expect(r.stderr).toMatch(/Running/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Succeeded/);
    expect(r.stdout).toMatch(/best random-abc123: lr=0\.01 {2}accuracy\(min=0\.71 max=0\.93 latest=0\.93\)/);
    expect(server.experiments.has('team-a/random')).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('kube-token-1234');
  });

  it('exits 1 when the Experiment fails, and refuses an existing one unless told to follow it', async () => {
    server.outcome = 'Failed';
    const failed = await cli(
      'tune',
      'experiment.yaml',
      '--katib',
      '--kubeconfig',
      'config',
      '--poll',
      '0.001',
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/Failed/);
    const again = await cli(
      'tune',
      'experiment.yaml',
      '--katib',
      '--kubeconfig',
      'config',
      '--poll',
      '0.001',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const follow = await cli(
      'tune',
      'experiment.yaml',
      '--katib',
      '--kubeconfig',
      'config',
      '--poll',
      '0.001',
      '--if-exists',
      'follow',
      '--json',
    );
    expect(JSON.parse(follow.stdout).metadata.name).toBe('random');
  });
});
