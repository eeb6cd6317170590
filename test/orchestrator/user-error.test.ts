/** A component failing in a user's file: the CLI names the task, the error and the user's line. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../src/cli/run-captured.js';
import { REPO } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-user-error-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  return runCliCaptured(argv, { cwd: REPO });
}

describe('a failing user component', () => {
  it.each(['inprocess', 'process'])('is reported with the user frame (%s)', async (isolation) => {
    const r = await cli(
      'run',
      'test/orchestrator/fixtures/user-fail.ts',
      '--root',
      join(dir, isolation),
      '--isolation',
      isolation,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^kite run: task check failed: component 'check' failed: TypeError: threshold 'high' is not a number\n +at .*user-fail\.ts:6:/,
    );
    expect(r.stderr).not.toMatch(/internal error/);
    const show = JSON.parse((await cli('runs', 'list', '--root', join(dir, isolation), '--json')).stdout);
    expect(show[0].state).toBe('FAILED');
  });
});
