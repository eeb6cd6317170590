import { describe, expect, it } from 'vitest';
import { decideMode, readContext } from './context.js';
import { readInputs } from './inputs.js';
import { fakeRunner } from './testing.js';

const pr = (head: string, extra: Record<string, unknown> = {}) => ({
  pull_request: { number: 12, head: { sha: 'f00d', repo: { full_name: head } }, ...extra },
});

function decide(inputs: Record<string, string>, eventName: string, event: unknown) {
  const r = fakeRunner({ inputs: { pipeline: 'p.ts', ...inputs }, eventName, event });
  return decideMode(readInputs(r.io), readContext(r.io));
}

describe('readContext', () => {
  it('reads the pull request, its head and whether it comes from a fork', () => {
    const r = fakeRunner({ eventName: 'pull_request', event: pr('mallory/models') });
    expect(readContext(r.io)).toMatchObject({
      eventName: 'pull_request',
      repository: 'acme/models',
      pullNumber: 12,
      headSha: 'f00d',
      fromFork: true,
      apiUrl: 'https://api.github.com',
    });
    const same = fakeRunner({ eventName: 'pull_request', event: pr('acme/models') });
    expect(readContext(same.io).fromFork).toBe(false);
  });

  it('has no pull request on push', () => {
    const r = fakeRunner({ eventName: 'push', event: { head_commit: { message: '$(id)' } } });
    expect(readContext(r.io).pullNumber).toBeUndefined();
  });
});

describe('decideMode', () => {
  const kfp = { mode: 'kubeflow', 'kfp-host': 'https://k', 'kfp-token': 't' };

  it('keeps local and kubeflow on push', () => {
    expect(decide({}, 'push', {})).toEqual({ mode: 'local' });
    expect(decide(kfp, 'push', {})).toEqual({ mode: 'kubeflow' });
  });

  it('runs a fork pull request locally (or skips, or fails) instead of submitting', () => {
    expect(decide(kfp, 'pull_request', pr('mallory/models'))).toMatchObject({ mode: 'local' });
    expect(decide({ ...kfp, 'fork-mode': 'skip' }, 'pull_request', pr('mallory/models'))).toMatchObject({
      mode: 'skip',
    });
    expect(() => decide({ ...kfp, 'fork-mode': 'fail' }, 'pull_request', pr('mallory/models'))).toThrowError(
      /a pull request from a fork gets no secrets/,
    );
  });

  it('falls back when a same-repository pull request has no credentials (e.g. Dependabot)', () => {
    const d = decide({ mode: 'kubeflow', 'kfp-host': 'https://k' }, 'pull_request', pr('acme/models'));
    expect(d.mode).toBe('local');
    expect(d.reason).toContain('no kfp-token or kfp-cookie');
  });

  it('refuses kubeflow on pull_request_target unless allowed', () => {
    expect(() => decide(kfp, 'pull_request_target', pr('mallory/models'))).toThrowError(
      /refusing mode kubeflow on a pull_request_target event/,
    );
    expect(
      decide({ ...kfp, 'allow-pull-request-target': 'true' }, 'pull_request_target', pr('acme/models')),
    ).toEqual({
      mode: 'kubeflow',
    });
    expect(decide({}, 'pull_request_target', pr('mallory/models'))).toEqual({ mode: 'local' });
  });
});
