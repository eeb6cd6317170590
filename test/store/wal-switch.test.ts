/**
 * Opening a fresh database while another process holds it: switching to WAL needs an exclusive
 * lock. Here the busy timeout covers the wait; when the two connections deadlock-avoid instead
 * (SQLite answers SQLITE_BUSY at once — seen in CI when two `kite run`s created one root), the
 * retry in `openDatabase` does (`test/store/crash-safety.test.ts` races two real runs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/sqlite/schema.js';

describe('openDatabase while another process holds the file', () => {
  it('waits for the lock to go, then switches to WAL', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kite-wal-')), 'k.db');
    // The other process: a plain rollback-journal database, an exclusive transaction held 400 ms.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(path)});
         db.exec('CREATE TABLE t (x)'); db.exec('BEGIN EXCLUSIVE'); db.exec('INSERT INTO t VALUES (1)');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const db = openDatabase(path, { busyTimeoutMs: 10_000 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    db.close();
    await new Promise((resolve) => holder.on('exit', resolve));
  });
});
