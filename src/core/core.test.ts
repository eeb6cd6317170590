import { describe, expect, it } from 'vitest';
import { digestOf, formatIssues, KiteError, stableStringify, throwIfErrors, UserCodeError } from './index.js';

describe('core', () => {
  it('stableStringify sorts keys at every level and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(digestOf({ a: 1, b: 2 })).toBe(digestOf({ b: 2, a: 1 }));
  });

  it('throwIfErrors lists every error and ignores warnings', () => {
    const issues = [
      { code: 'CYCLE', path: 'p/a', message: 'cycle a → b → a' },
      { code: 'UNUSED', path: 'p/c', message: 'unused', severity: 'warning' as const },
      { code: 'MISSING_INPUT', path: 'p/b.x', message: 'missing' },
    ];
    expect(() => throwIfErrors('INVALID_PIPELINE', "pipeline 'p'", issues)).toThrowError(/2 problems/);
    try {
      throwIfErrors('INVALID_PIPELINE', "pipeline 'p'", issues);
    } catch (e) {
      expect(e).toBeInstanceOf(KiteError);
      expect((e as KiteError).issues.map((i) => i.code)).toEqual(['CYCLE', 'MISSING_INPUT']);
    }
    expect(formatIssues(issues)).toContain('p/b.x: missing [MISSING_INPUT]');
    expect(() => throwIfErrors('INVALID_PIPELINE', 'x', [issues[1]!])).not.toThrow();
  });

  it('UserCodeError keeps the cause and the task', () => {
    const cause = new TypeError('boom');
    const e = new UserCodeError('task train failed', { task: 'train', component: 'c', attempt: 2, cause });
    expect(e.code).toBe('USER_CODE');
    expect(e.cause).toBe(cause);
    expect(e.retryable).toBe(true);
    expect(e.isUserError).toBe(true);
  });
});
