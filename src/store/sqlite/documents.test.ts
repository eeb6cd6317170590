import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KiteError } from '../../core/index.js';
import type { MetadataStore } from '../types.js';
import { openSqliteMetadataStore } from './sqlite-metadata-store.js';

let meta: MetadataStore;
beforeEach(() => {
  meta = openSqliteMetadataStore(':memory:');
});
afterEach(() => meta.close());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as KiteError).code;
  }
  return undefined;
}

describe('kv documents', () => {
  it('puts, gets, lists by prefix and deletes JSON values', () => {
    meta.kvPut('ns', 'b/1', { x: 1 });
    meta.kvPut('ns', 'a/1', [1, 2]);
    meta.kvPut('ns', 'a/2', 'two');
    meta.kvPut('other', 'a/1', null);
    meta.kvPut('ns', 'a/2', 'TWO');
    expect(meta.kvGet('ns', 'b/1')?.value).toEqual({ x: 1 });
    expect(meta.kvGet('ns', 'zzz')).toBeUndefined();
    expect(meta.kvList('ns', 'a/').map((r) => [r.key, r.value])).toEqual([
      ['a/1', [1, 2]],
      ['a/2', 'TWO'],
    ]);
    expect(meta.kvList('ns')).toHaveLength(3);
    expect(meta.kvList('other')[0]?.value).toBeNull();
    expect(meta.kvDelete('ns', 'a/1')).toBe(true);
    expect(meta.kvDelete('ns', 'a/1')).toBe(false);
  });
});

describe('experiments and trials', () => {
  it('keeps an experiment, its trials and their intermediate reports', () => {
    const e = meta.upsertExperiment({ name: 'tune', spec: { algorithm: 'tpe' }, state: 'Created' });
    expect(e).toMatchObject({
      name: 'tune',
      state: 'Created',
      status: null,
      algorithmState: null,
      owner: null,
    });
    // upsert does not overwrite an existing experiment (resume reads what was there).
    expect(meta.upsertExperiment({ name: 'tune', spec: {}, state: 'X' }).spec).toEqual({ algorithm: 'tpe' });
    const updated = meta.updateExperiment('tune', {
      state: 'Running',
      algorithmState: { seed: 3, drawn: 2 },
    });
    expect(updated).toMatchObject({ state: 'Running', algorithmState: { seed: 3, drawn: 2 } });
    expect(meta.updateExperiment('tune', { status: { best: 1 } }).algorithmState).toEqual({
      seed: 3,
      drawn: 2,
    });

    const t1 = meta.createTrial('tune', { name: 'tune-1', params: { lr: 0.1 }, state: 'Running' });
    const t2 = meta.createTrial('tune', { name: 'tune-2', params: { lr: 0.2 }, state: 'Running' });
    expect(codeOf(() => meta.createTrial('tune', { name: 'tune-1', params: {}, state: 'x' }))).toBe(
      'ALREADY_EXISTS',
    );
    expect(codeOf(() => meta.createTrial('nope', { name: 'a', params: {}, state: 'x' }))).toBe('NOT_FOUND');
    meta.appendTrialReport(t1.id, 2, { acc: 0.6 });
    meta.appendTrialReport(t1.id, 1, { acc: 0.5 });
    meta.appendTrialReport(t1.id, 2, { acc: 0.65 });
    expect(meta.listTrialReports(t1.id).map((r) => [r.step, r.metrics.acc])).toEqual([
      [1, 0.5],
      [2, 0.65],
    ]);
    const done = meta.updateTrial(t1.id, { state: 'Succeeded', observation: { acc: 0.65 }, finishedAt: 10 });
    expect(done).toMatchObject({
      state: 'Succeeded',
      observation: { acc: 0.65 },
      finishedAt: 10,
      params: { lr: 0.1 },
    });
    const failed = meta.updateTrial(t2.id, { state: 'Failed', error: { message: 'exit 1' } });
    expect(failed.error).toEqual({ message: 'exit 1' });
    expect(meta.listTrials('tune').map((t) => t.state)).toEqual(['Succeeded', 'Failed']);
    expect(meta.listExperiments().map((x) => x.name)).toEqual(['tune']);
  });

  it('claims an experiment unless a live owner holds it', () => {
    meta.upsertExperiment({ name: 'e', spec: {}, state: 'Created' });
    expect(meta.heartbeatExperiment('e')).toBe(false);
    const claimed = meta.claimExperiment('e');
    expect(claimed.owner?.pid).toBe(process.pid);
    expect(meta.heartbeatExperiment('e')).toBe(true);
    // Claiming again from the same process is fine.
    expect(meta.claimExperiment('e').owner?.pid).toBe(process.pid);
    expect(codeOf(() => meta.claimExperiment('missing'))).toBe('NOT_FOUND');
  });

  it('refuses a claim while another live process owns the experiment, not after it died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-exp-'));
    const file = openSqliteMetadataStore(join(dir, 'kite.db'));
    try {
      file.upsertExperiment({ name: 'e', spec: {}, state: 'Running' });
      const raw = new Database(join(dir, 'kite.db'));
      const setOwner = raw.prepare('UPDATE experiments SET owner_pid = ?, owner_host = ?, heartbeat_at = ?');
      setOwner.run(process.ppid, hostname(), Date.now());
      expect(codeOf(() => file.claimExperiment('e'))).toBe('CONFLICT');
      setOwner.run(spawnSync(process.execPath, ['-e', '0']).pid, hostname(), Date.now());
      expect(file.claimExperiment('e').owner?.pid).toBe(process.pid);
      raw.close();
    } finally {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
