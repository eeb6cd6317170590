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

  it('finishes a run killed at a random moment without redoing what had completed', async () => {
    for (let round = 0; round < 2; round++) {
      const root = join(dir, `r${round}`);
      const victim = kite(['run', FIXTURES, '-p', 'chain', '--root', root]);
      await waitFor(() => /run \S+ \(chain\)/.test(victim.stdout()));
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 700));
      victim.child.kill('SIGKILL');
      await victim.exit;
      const runId = /run (\S+) \(chain\)/.exec(victim.stdout())![1]!;
      const db = new Database(join(root, 'kite.db'), { readonly: true });
      type Row = { path: string; attempts: number; finished_at: number };
      const done = db
        .prepare("SELECT path, attempts, finished_at FROM tasks WHERE run_id = ? AND state = 'SUCCEEDED'")
        .all(runId) as Row[];
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      db.close();
      // no pipeline file: the code is found through the spec's --module arguments
      const resumed = kite(['run', '--resume', runId, '--root', root, '--json']);
      expect(await resumed.exit).toBe(0);
      const result = JSON.parse(resumed.stdout());
      expect(result.state).toBe('SUCCEEDED');
      expect(done.length).toBeLessThan(8); // the kill did land mid-run
      // every step read a complete input: the last one counts all eight
      const last = result.tasks.find((t: { path: string }) => t.path === 'step-8');
      expect(readFileSync(last.outputs.artifacts.out[0], 'utf8')).toBe('8');
      const after = new Database(join(root, 'kite.db'), { readonly: true });
      for (const before of done) {
        const now = after
          .prepare('SELECT attempts, finished_at FROM tasks WHERE run_id = ? AND path = ?')
          .get(runId, before.path) as Omit<Row, 'path'>;
        expect({ path: before.path, ...now }).toEqual(before);
      }
      after.close();
    }
  });

  it('stops on SIGINT (Ctrl-C): the run ends CANCELED and the process exits 130', async () => {
    const root = join(dir, 'int');
    const marker = join(dir, 'int-marker');
    const p = kite(['run', FIXTURES, '-p', 'sleepy', '--param', `marker=${marker}`, '--root', root]);
    await waitFor(() => existsSync(marker));
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(130);
    expect(p.stderr()).toMatch(/stopping/);
    const db = new Database(join(root, 'kite.db'), { readonly: true });
    const run = db.prepare('SELECT state FROM runs').get() as { state: string };
    const tasks = db.prepare('SELECT path, state FROM tasks ORDER BY path').all();
    const committed = db.prepare('SELECT COUNT(*) FROM artifacts WHERE uri LIKE ?').pluck().get('%/nap/%');
    db.close();
    expect(run.state).toBe('CANCELED');
    expect(tasks).toEqual([
      { path: 'nap', state: 'CANCELED' },
      { path: 'produce', state: 'SUCCEEDED' },
    ]);
    expect(committed).toBe(0);
  });
});
