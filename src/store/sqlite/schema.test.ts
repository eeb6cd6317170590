import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KiteError } from '../../core/index.js';
import { MIGRATIONS, type Migration, migrate, openDatabase, SCHEMA_VERSION } from './schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('sets WAL, foreign keys and the latest schema version', () => {
    const db = openDatabase(join(dir, 'k.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual([
      'artifacts',
      'attempts',
      'events',
      'experiments',
      'kv',
      'logs',
      'metrics',
      'runs',
      'specs',
      'tasks',
      'trial_reports',
      'trials',
    ]);
    db.close();
  });

  it('is idempotent when reopened', () => {
    openDatabase(join(dir, 'k.db')).close();
    const db = openDatabase(join(dir, 'k.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('applies only the migrations that are new, in order', () => {
    const path = join(dir, 'k.db');
    const v1: Migration[] = [{ version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER);' }];
    const v2: Migration[] = [
      ...v1,
      { version: 2, description: 'b', sql: 'ALTER TABLE a ADD COLUMN y TEXT;' },
    ];
    openDatabase(path, { migrations: v1 }).close();
    const db = openDatabase(path, { migrations: v2 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(
      db
        .prepare('PRAGMA table_info(a)')
        .all()
        .map((c) => (c as { name: string }).name),
    ).toEqual(['x', 'y']);
    expect(migrate(db, v2)).toBe(2);
    db.close();
  });

  it('rolls a failing migration back entirely', () => {
    const path = join(dir, 'k.db');
    const bad: Migration[] = [
      { version: 1, description: 'bad', sql: 'CREATE TABLE a (x); CREATE TABLE a (y);' },
    ];
    expect(() => openDatabase(path, { migrations: bad })).toThrow();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'`).get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuses a database written by a newer schema', () => {
    const path = join(dir, 'k.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    try {
      openDatabase(path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KiteError);
      expect((error as KiteError).code).toBe('UNSUPPORTED');
    }
  });

  it('has strictly increasing migration versions', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});

describe('locking', () => {
  it('reports a database locked past the busy timeout as TIMEOUT', async () => {
    const { openSqliteMetadataStore } = await import('./sqlite-metadata-store.js');
    const path = join(dir, 'k.db');
    const meta = openSqliteMetadataStore(path, { busyTimeoutMs: 50 });
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect(() => meta.createRun({ pipelineName: 'p', spec: {}, rootDir: dir })).toThrow(
        expect.objectContaining({ code: 'TIMEOUT' }),
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(meta.createRun({ pipelineName: 'p', spec: {}, rootDir: dir }).state).toBe('RUNNING');
    meta.close();
  });
});
