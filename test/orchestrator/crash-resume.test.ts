/**
 * Crash safety of `kite run` with real processes: a run SIGKILLed while a task sleeps is
 * finished by `kite run --resume` without re-running completed tasks or taking the killed
 * task's half-written output; two runs on one root at once both succeed and leave it intact.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, kite, waitFor } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-run-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kite run crash safety', () => {
  it('resumes a SIGKILLed run without redoing completed work', async () => {
    const root = join(dir, 'a');
    const marker = join(dir, 'marker');
    const first = kite(['run', FIXTURES, '-p', 'sleepy', '--param', `marker=${marker}`, '--root', root]);
    await waitFor(() => existsSync(marker));
    first.child.kill('SIGKILL');
    await first.exit;
    const runId = /run (\S+) \(sleepy\)/.exec(first.stdout())?.[1];
    expect(runId).toBeDefined();

    const db = new Database(join(root, 'kite.db'), { readonly: true });
    const before = db.prepare('SELECT path, state, attempts FROM tasks ORDER BY path').all();
    db.close();
    expect(before).toEqual([
      { path: 'nap', state: 'RUNNING', attempts: 1 },
      { path: 'produce', state: 'SUCCEEDED', attempts: 1 },
    ]);

    const resumed = kite(['run', '--resume', runId!, FIXTURES, '--root', root, '--json']);
    const code = await resumed.exit;
    expect(resumed.stderr()).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(resumed.stdout());
    expect(result.state).toBe('SUCCEEDED');
    const tasks = Object.fromEntries(result.tasks.map((t: { path: string }) => [t.path, t]));
    expect(tasks.produce).toMatchObject({ state: 'SUCCEEDED', attempts: 1 });
    expect(tasks.nap).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
    expect(readFileSync(tasks.nap.outputs.artifacts.slept[0], 'utf8')).toBe('complete');
    expect(readdirSync(join(root, 'artifacts', '.staging'))).toEqual([]);
  });

  it('keeps one root consistent with two runs at once', async () => {
    const root = join(dir, 'b');
    const runs = [0, 1].map(() =>
      kite(['run', FIXTURES, '-p', 'flow', '--root', root, '--no-cache', '--json']),
    );
    const codes = await Promise.all(runs.map((r) => r.exit));
    expect(codes).toEqual([0, 0]);
    const ids = runs.map((r) => JSON.parse(r.stdout()).runId);
    expect(new Set(ids).size).toBe(2);
    const db = new Database(join(root, 'kite.db'), { readonly: true });
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    const states = db.prepare('SELECT state, COUNT(*) AS n FROM runs GROUP BY state').all();
    const uncommitted = db.prepare('SELECT COUNT(*) FROM artifacts WHERE committed = 0').pluck().get();
    db.close();
    expect(states).toEqual([{ state: 'SUCCEEDED', n: 2 }]);
    expect(uncommitted).toBe(0);
  });
});
