import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authFromEnv, resolveAuth } from './auth.js';
import { filter, isIn, substring } from './filter.js';
import { Redactor } from './redact.js';
import { backoffDelay, isRetryableStatus } from './retry.js';

describe('credentials', () => {
  it('prefers flags, then KF_PIPELINES_TOKEN, then KF_PIPELINES_SA_TOKEN_PATH, and describes the source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-auth-'));
    writeFileSync(join(dir, 't'), 'file-token-abcdef\n');
    const env = {
      KF_PIPELINES_SA_TOKEN_PATH: join(dir, 't'),
      KF_PIPELINES_COOKIE: 'oauth2_proxy_kubeflow=cookievalue',
    };
    const auth = resolveAuth(authFromEnv({ headers: { 'kubeflow-userid': 'alice@example.com' } }, env));
    expect(auth.headers()).toEqual({
      authorization: 'Bearer file-token-abcdef',
      cookie: 'oauth2_proxy_kubeflow=cookievalue',
      'kubeflow-userid': 'alice@example.com',
    });
    expect(auth.describe()).toBe(
      `bearer token from $KF_PIPELINES_SA_TOKEN_PATH (${join(dir, 't')}) + session cookie oauth2_proxy_kubeflow + header kubeflow-userid`,
    );
    expect(auth.describe()).not.toContain('file-token');
    expect(authFromEnv({ token: 'x' }, { KF_PIPELINES_TOKEN: 'y' }).token).toBe('x');
    expect(authFromEnv({}, { KF_PIPELINES_TOKEN: 'y' }).tokenSource).toBe('$KF_PIPELINES_TOKEN');
    expect(resolveAuth().describe()).toBe('no credentials');
  });

  it('re-reads a token file only when asked, and reports whether it changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-auth-'));
    const file = join(dir, 't');
    writeFileSync(file, 'one-token-1111');
    const auth = resolveAuth({ tokenFile: file });
    expect(auth.refresh()).toBe(false);
    writeFileSync(file, 'two-token-2222');
    expect(auth.headers().authorization).toBe('Bearer one-token-1111');
    expect(auth.refresh()).toBe(true);
    expect(auth.headers().authorization).toBe('Bearer two-token-2222');
    expect(auth.redactor.text('one-token-1111 two-token-2222')).toBe('*** ***');
  });
});

describe('redaction', () => {
  it('hides secrets in text, JSON and headers, and any bearer token', () => {
    const r = new Redactor();
    r.add('session=abcdefgh; other=zzzzzzzz');
    expect(r.text('cookie session=abcdefgh; other=zzzzzzzz')).toBe('cookie ***');
    expect(r.json({ a: ['x abcdefgh y'] })).toEqual({ a: ['x *** y'] });
    expect(r.text('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload')).toBe('Authorization: Bearer ***');
    expect(r.headers({ Authorization: 'Bearer q', 'kubeflow-userid': 'alice' })).toEqual({
      Authorization: '***',
      'kubeflow-userid': 'alice',
    });
  });
});

describe('retry policy and filters', () => {
  it('retries 429 and 5xx only, honours Retry-After and caps the delay', () => {
    expect([400, 401, 403, 404, 409, 429, 500, 503].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(backoffDelay(0, {}, '2')).toBe(2000);
    expect(backoffDelay(30, { maxDelayMs: 1000 })).toBeLessThanOrEqual(1000);
    const d = backoffDelay(3, { baseDelayMs: 100 });
    expect(d).toBeGreaterThanOrEqual(400);
    expect(d).toBeLessThanOrEqual(800);
  });

  it('builds snake_case predicates', () => {
    expect(filter(substring('display_name', 'x'), isIn('state', ['FAILED']))).toEqual({
      predicates: [
        { operation: 'IS_SUBSTRING', key: 'display_name', string_value: 'x' },
        { operation: 'IN', key: 'state', string_values: { values: ['FAILED'] } },
      ],
    });
  });
});

describe('listAll', () => {
  it('stops when a server repeats a page token', async () => {
    const { listAll } = await import('./list.js');
    let calls = 0;
    const items: number[] = [];
    for await (const x of listAll(async () => {
      calls++;
      return { items: [calls], totalSize: 99, nextPageToken: 'same' };
    }))
      items.push(x);
    expect(items).toEqual([1, 2]);
  });
});
