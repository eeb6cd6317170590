import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestOf, type KiteError } from '../../core/index.js';
import type { MetadataStore } from '../types.js';
import { openSqliteMetadataStore } from './sqlite-metadata-store.js';

let dir: string;
let meta: MetadataStore;
const spec = { pipelineInfo: { name: 'demo' }, root: { dag: { tasks: {} } } };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-runs-'));
  meta = openSqliteMetadataStore(join(dir, 'kite.db'));
});
afterEach(() => {
  meta.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rewrites a run's owner behind the store's back, as another process would have left it. */
function setOwner(runId: string, pid: number, host: string, heartbeatAt: number) {
  const raw = new Database(join(dir, 'kite.db'));
  raw
    .prepare('UPDATE runs SET owner_pid = ?, owner_host = ?, heartbeat_at = ? WHERE id = ?')
    .run(pid, host, heartbeatAt, runId);
  raw.close();
}

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as KiteError).code;
  }
  return undefined;
}

describe('runs', () => {
  it('creates a RUNNING run owned by this process, with its spec stored once', () => {
    const a = meta.createRun({ pipelineName: 'demo', spec, params: { lr: 0.1 }, rootDir: dir });
    const b = meta.createRun({ pipelineName: 'demo', spec, rootDir: dir });
    expect(a.state).toBe('RUNNING');
    expect(a.owner?.pid).toBe(process.pid);
    expect(a.params).toEqual({ lr: 0.1 });
    expect(a.specDigest).toBe(digestOf(spec));
    expect(b.specDigest).toBe(a.specDigest);
    expect(meta.getSpec(a.specDigest)).toEqual(spec);
    expect(a.id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(codeOf(() => meta.createRun({ id: a.id, pipelineName: 'demo', spec, rootDir: dir }))).toBe(
      'ALREADY_EXISTS',
    );
    expect(codeOf(() => meta.createRun({ id: '../x', pipelineName: 'demo', spec, rootDir: dir }))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('lists newest first, filtered by state and pipeline, limited', () => {
    const ids = ['r-0001', 'r-0002', 'r-0003', 'r-0004'];
    for (const [i, id] of ids.entries()) {
      meta.createRun({ id, pipelineName: i % 2 === 0 ? 'even' : 'odd', spec, rootDir: dir });
    }
    meta.finishRun('r-0002', 'FAILED', { message: 'boom' });
    expect(meta.listRuns().map((r) => r.id)).toEqual(['r-0004', 'r-0003', 'r-0002', 'r-0001']);
    expect(meta.listRuns({ pipelineName: 'even' }).map((r) => r.id)).toEqual(['r-0003', 'r-0001']);
    expect(meta.listRuns({ state: 'FAILED' }).map((r) => r.id)).toEqual(['r-0002']);
    expect(meta.listRuns({ state: ['FAILED', 'RUNNING'], limit: 2 }).map((r) => r.id)).toEqual([
      'r-0004',
      'r-0003',
    ]);
    expect(meta.getRun('r-0002')?.error).toEqual({ message: 'boom' });
    meta.ensureTask('r-0002', { path: 'a', componentName: 'c' });
    const details = meta.getRunDetails('r-0002');
    expect(details?.run.id).toBe('r-0002');
    expect(details?.tasks.map((t) => t.path)).toEqual(['a']);
    expect(meta.getRunDetails('nope')).toBeUndefined();
  });

  it('resolves unique id prefixes', () => {
    meta.createRun({ id: 'abcd-1111', pipelineName: 'p', spec, rootDir: dir });
    meta.createRun({ id: 'abcd-2222', pipelineName: 'p', spec, rootDir: dir });
    expect(meta.resolveRunId('abcd-1')).toBe('abcd-1111');
    expect(meta.resolveRunId('abcd-2222')).toBe('abcd-2222');
    expect(codeOf(() => meta.resolveRunId('abcd'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => meta.resolveRunId('ab'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => meta.resolveRunId('zzzz'))).toBe('NOT_FOUND');
    expect(codeOf(() => meta.requireRun('nope'))).toBe('NOT_FOUND');
  });

  it('heartbeats only while this process owns the live run', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: dir });
    expect(meta.heartbeat(run.id)).toBe(true);
    setOwner(run.id, 1, 'elsewhere', Date.now());
    expect(meta.heartbeat(run.id)).toBe(false);
  });

  it('finishRun closes open attempts and running tasks', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: dir });
    const t = meta.ensureTask(run.id, { path: 'a', componentName: 'comp-a' });
    meta.startAttempt(t.id);
    const done = meta.finishRun(run.id, 'CANCELED');
    expect(done.state).toBe('CANCELED');
    expect(done.finishedAt).not.toBeNull();
    expect(meta.getTaskById(t.id)?.state).toBe('CANCELED');
    expect(meta.listAttempts(t.id)[0]?.state).toBe('CANCELED');
  });
});

describe('claimRun', () => {
  function runWithTasks() {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: dir });
    const done = meta.ensureTask(run.id, { path: 'done', componentName: 'c' });
    meta.succeedAttempt(done.id, meta.startAttempt(done.id).attempt, { parameters: { x: 1 } });
    const open = meta.ensureTask(run.id, { path: 'loop/iteration-0/open', componentName: 'c' });
    meta.startAttempt(open.id);
    const failed = meta.ensureTask(run.id, { path: 'failed', componentName: 'c' });
    meta.failAttempt(failed.id, meta.startAttempt(failed.id).attempt, { error: { message: 'x' } });
    meta.ensureTask(run.id, { path: 'later', componentName: 'c' });
    return { run, done, open, failed };
  }

  it('refuses while a live owner holds the run', () => {
    const { run } = runWithTasks();
    setOwner(run.id, process.ppid, 'this-is-not-checked-for-liveness', Date.now());
    expect(codeOf(() => meta.claimRun(run.id))).toBe('CONFLICT');
    expect(meta.claimRun(run.id, { force: true }).run.owner?.pid).toBe(process.pid);
  });

  it('takes over a run whose owner died and prepares it for resume', () => {
    const { run, done, open, failed } = runWithTasks();
    setOwner(run.id, deadPid(), meta.getRun(run.id)!.owner!.host, Date.now());
    expect(meta.isOrphaned(meta.getRun(run.id)!)).toBe(true);
    const claim = meta.claimRun(run.id);
    expect(claim.run.state).toBe('RUNNING');
    expect(claim.run.owner?.pid).toBe(process.pid);
    expect([...claim.completed.keys()]).toEqual(['done']);
    expect(claim.completed.get('done')?.outputs?.parameters).toEqual({ x: 1 });
    expect(claim.reset.sort()).toEqual(['failed', 'loop/iteration-0/open']);
    expect(claim.interruptedAttempts).toBe(1);
    expect(meta.getTaskById(open.id)?.state).toBe('PENDING');
    expect(meta.getTaskById(failed.id)?.state).toBe('PENDING');
    expect(meta.getTaskById(done.id)?.state).toBe('SUCCEEDED');
    const attempts = meta.listAttempts(open.id);
    expect(attempts.map((a) => a.state)).toEqual(['FAILED']);
    expect(attempts[0]?.error?.message).toMatch(/interrupted/);
    // The next attempt continues the numbering.
    expect(meta.startAttempt(open.id).attempt).toBe(2);
  });

  it('treats a stale heartbeat as dead, and resumes FAILED runs', () => {
    const { run } = runWithTasks();
    setOwner(run.id, process.ppid, 'other-host', Date.now() - 120_000);
    expect(meta.isOrphaned(meta.getRun(run.id)!)).toBe(true);
    expect(meta.isOrphaned(meta.getRun(run.id)!, 600_000)).toBe(false);
    meta.claimRun(run.id);
    meta.finishRun(run.id, 'FAILED', { message: 'x' });
    const claim = meta.claimRun(run.id);
    expect(claim.run.state).toBe('RUNNING');
    expect(claim.run.error).toBeNull();
  });

  it('leaves a SUCCEEDED run as it is', () => {
    const run = meta.createRun({ pipelineName: 'p', spec, rootDir: dir });
    meta.finishRun(run.id, 'SUCCEEDED');
    const claim = meta.claimRun(run.id);
    expect(claim.run.state).toBe('SUCCEEDED');
    expect(claim.reset).toEqual([]);
  });
});
