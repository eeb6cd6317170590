/**
 * Crash safety of the store with real processes: workers are SIGKILLed at random moments
 * (alone and two at once on the same root), then the database and the artifact tree are checked
 * against the store's invariants, and a resume finishes every run without redoing completed work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestPath } from '../../src/store/index.js';
import { TASKS } from './crash-pipeline.js';

const worker = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kite-crash-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function start(
  mode: 'run' | 'resume',
  args: string[] = [],
  dir: string = root,
): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, dir, mode, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${stderr}`)));
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  return { child, ready, exit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function killAtRandom(delayMs: number) {
  const w = start('run');
  await w.ready;
  await sleep(delayMs);
  w.child.kill('SIGKILL');
  return w.exit;
}

/** True when a file ends with the hex SHA-256 of the bytes before it (see crash-worker). */
function isComplete(file: string): boolean {
  const bytes = readFileSync(file);
  if (bytes.length < 64) return false;
  const body = bytes.subarray(0, bytes.length - 64);
  return createHash('sha256').update(body).digest('hex') === bytes.subarray(bytes.length - 64).toString();
}

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory()) yield* filesUnder(p);
    else yield p;
  }
}

interface Row {
  [k: string]: unknown;
}

/** Checks every invariant of the store; returns the database for further questions. */
async function checkInvariants(dir = root): Promise<Database.Database> {
  const db = new Database(join(dir, 'kite.db'), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);

  // 1. Committed artifacts are complete and match their digests.
  const committed = db.prepare(`SELECT * FROM artifacts WHERE committed = 1`).all() as Row[];
  for (const a of committed) {
    const facts = await digestPath(a.uri as string);
    expect(facts.digest).toBe(a.digest);
    for (const f of facts.kind === 'dir' ? [...filesUnder(a.uri as string)] : [a.uri as string]) {
      expect(isComplete(f), f).toBe(true);
    }
  }
  // 2. Whatever sits at a final path is complete, committed or not (only .staging holds partial data).
  const artifacts = join(dir, 'artifacts');
  for (const name of readdirSync(artifacts)) {
    if (name === '.staging') continue;
    for (const f of filesUnder(join(artifacts, name))) expect(isComplete(f), f).toBe(true);
  }
  // 3. SUCCEEDED/CACHED tasks have committed outputs matching their outputs JSON.
  const done = db.prepare(`SELECT * FROM tasks WHERE state IN ('SUCCEEDED', 'CACHED')`).all() as Row[];
  for (const t of done) {
    const outs = db
      .prepare(`SELECT a.id, a.committed FROM events e JOIN artifacts a ON a.id = e.artifact_id
                WHERE e.task_id = ? AND e.type = 'OUTPUT'`)
      .all(t.id) as Row[];
    expect(outs.map((o) => o.id)).toEqual(JSON.parse(t.outputs as string).artifacts.out);
    if (t.state === 'SUCCEEDED') expect(outs.every((o) => o.committed === 1)).toBe(true);
  }
  // 4. Attempt bookkeeping: counts agree, RUNNING tasks have exactly one open attempt.
  const bad = db
    .prepare(
      `SELECT t.id FROM tasks t WHERE t.attempts != (SELECT count(*) FROM attempts a WHERE a.task_id = t.id)
         OR (t.state = 'RUNNING') != EXISTS (SELECT 1 FROM attempts a WHERE a.task_id = t.id AND a.state = 'RUNNING')`,
    )
    .all();
  expect(bad).toEqual([]);
  // 5. Log sequences have no gaps or duplicates per attempt.
  const gaps = db
    .prepare(`SELECT task_id, attempt FROM logs GROUP BY task_id, attempt HAVING max(seq) + 1 != count(*)`)
    .all();
  expect(gaps).toEqual([]);
  return db;
}

describe('crash safety (real processes, SIGKILL)', () => {
  it('survives SIGKILL at random moments, alone and two writers at once', async () => {
    for (const delay of [40, 150, 320]) {
      expect(await killAtRandom(delay + Math.floor(Math.random() * 60))).toBeNull();
    }
    const both = await Promise.all([
      killAtRandom(90 + Math.random() * 200),
      killAtRandom(90 + Math.random() * 200),
    ]);
    expect(both).toEqual([null, null]);
    const db = await checkInvariants();
    const runs = db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number };
    expect(runs.n).toBeGreaterThanOrEqual(5);
    db.close();
  });

  it('resume finishes every interrupted run without redoing completed tasks', async () => {
    const before = new Database(join(root, 'kite.db'), { readonly: true });
    const completedBefore = before
      .prepare(`SELECT id, state, finished_at, attempts FROM tasks WHERE state IN ('SUCCEEDED', 'CACHED')`)
      .all() as Row[];
    const interrupted = before.prepare(`SELECT count(*) AS n FROM runs WHERE state = 'RUNNING'`).get() as {
      n: number;
    };
    before.close();
    expect(interrupted.n).toBeGreaterThan(0);

    const w = start('resume');
    expect(await w.exit).toBe(0);

    const db = await checkInvariants();
    expect(db.prepare(`SELECT DISTINCT state FROM runs`).all()).toEqual([{ state: 'SUCCEEDED' }]);
    const tasks = db.prepare(`SELECT run_id, state FROM tasks`).all() as Row[];
    expect(tasks.every((t) => t.state === 'SUCCEEDED' || t.state === 'CACHED')).toBe(true);
    const perRun = db.prepare(`SELECT count(*) AS n FROM tasks GROUP BY run_id`).all() as Row[];
    expect(perRun.every((r) => r.n === TASKS.length)).toBe(true);
    // Tasks that had completed before the crash were not touched again.
    const after = db.prepare('SELECT state, finished_at, attempts FROM tasks WHERE id = ?');
    for (const t of completedBefore) {
      expect(after.get(t.id)).toEqual({ state: t.state, finished_at: t.finished_at, attempts: t.attempts });
    }
    // Scratch areas of the dead workers were swept.
    const staging = join(root, 'artifacts', '.staging');
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
    db.close();
  });

  it('two live writers racing to create the same fresh root both finish cleanly', async () => {
    const fresh = join(root, 'fresh');
    const [a, b] = [start('run', ['3'], fresh), start('run', ['3'], fresh)];
    expect(await Promise.all([a.exit, b.exit])).toEqual([0, 0]);
    const db = await checkInvariants(fresh);
    expect(db.prepare(`SELECT state, count(*) AS n FROM runs GROUP BY state`).all()).toEqual([
      { state: 'SUCCEEDED', n: 6 },
    ]);
    db.close();
  });
});
