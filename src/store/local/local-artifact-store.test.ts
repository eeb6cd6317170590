import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactStore, TaskLocation } from '../types.js';
import { digestPath, NONE_DIGEST } from './digest.js';
import { HOST_TAG, parseToken, STAGING_DIR } from './layout.js';
import { createLocalArtifactStore } from './local-artifact-store.js';

let dir: string;
let store: ArtifactStore;
const loc: TaskLocation = {
  pipelineName: 'my pipeline',
  runId: 'run-1',
  taskPath: 'for-loop-2/iteration-0/train',
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-art-'));
  store = createLocalArtifactStore(join(dir, 'artifacts'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const staging = () => readdirSync(join(dir, 'artifacts', STAGING_DIR));

describe('local artifact store', () => {
  it('lays out URIs as absolute paths per pipeline, run, task and output', () => {
    expect(store.uriFor(loc, 'model')).toBe(
      join(dir, 'artifacts', 'my_pipeline', 'run-1', 'for-loop-2', 'iteration-0', 'train', 'model'),
    );
    expect(store.localPath(store.uriFor(loc, 'model'))).toBe(store.uriFor(loc, 'model'));
    expect(store.localPath('file:///tmp/x')).toBe('/tmp/x');
    expect(() => store.localPath('minio://bucket/x')).toThrow(/not a local artifact URI/);
    expect(() => store.uriFor({ ...loc, taskPath: 'a/../b' }, 'm')).toThrow(/task path segment/);
    expect(() => store.uriFor(loc, '.hidden')).toThrow(/output name/);
  });

  it('shows nothing at the URI until commit, then the complete content', async () => {
    const area = await store.stage(loc);
    writeFileSync(area.pathFor('model'), 'weights');
    mkdirSync(area.pathFor('data'));
    writeFileSync(join(area.pathFor('data'), 'part-0'), 'rows');
    expect(await store.exists(area.uriFor('model'))).toBe(false);

    const model = await store.commit(area, 'model');
    expect(model).toMatchObject({ uri: area.uriFor('model'), kind: 'file', sizeBytes: 7 });
    expect(readFileSync(model.uri, 'utf8')).toBe('weights');
    const data = await store.commit(area, 'data');
    expect(data.kind).toBe('dir');
    expect(await store.digest(data.uri)).toEqual(data);
    await store.discard(area);
    expect(staging()).toEqual([]);
  });

  it('replaces older content at the same URI, file or directory', async () => {
    const first = await store.stage(loc);
    mkdirSync(first.pathFor('out'));
    writeFileSync(join(first.pathFor('out'), 'old'), 'old');
    await store.commit(first, 'out');
    await store.discard(first);
    const second = await store.stage(loc);
    writeFileSync(second.pathFor('out'), 'new');
    const c = await store.commit(second, 'out');
    expect(readFileSync(c.uri, 'utf8')).toBe('new');
    const third = await store.stage(loc);
    mkdirSync(third.pathFor('out'));
    writeFileSync(join(third.pathFor('out'), 'x'), 'x');
    const d = await store.commit(third, 'out');
    expect(readdirSync(d.uri)).toEqual(['x']);
    await store.discard(second);
    await store.discard(third);
    expect(staging()).toEqual([]);
  });

  it('fails on an unwritten output unless it may be missing', async () => {
    const area = await store.stage(loc);
    await expect(store.commit(area, 'metrics')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const none = await store.commit(area, 'metrics', { allowMissing: true });
    expect(none).toMatchObject({ kind: 'none', digest: NONE_DIGEST, sizeBytes: 0 });
    expect(await store.exists(none.uri)).toBe(false);
  });

  it('writes small contents atomically and removes only inside its root', async () => {
    const uri = store.uriFor(loc, 'params');
    const c = await store.writeAtomic(uri, '{"a":1}');
    expect(c.digest).toBe((await digestPath(uri)).digest);
    expect(readFileSync(uri, 'utf8')).toBe('{"a":1}');
    await store.writeAtomic(uri, 'two');
    expect(readFileSync(uri, 'utf8')).toBe('two');
    await store.remove(uri);
    expect(await store.exists(uri)).toBe(false);
    await expect(store.remove(join(dir, 'elsewhere'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.remove(join(dir, 'artifacts'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(staging()).toEqual([]);
  });

  it('sweeps scratch areas of dead processes only', async () => {
    const mine = await store.stage(loc);
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stagingRoot = join(dir, 'artifacts', STAGING_DIR);
    const dead = join(stagingRoot, `${HOST_TAG}-${deadPid}-abc`);
    mkdirSync(join(dead, 'outputs'), { recursive: true });
    writeFileSync(join(dead, 'outputs', 'model'), 'half');
    writeFileSync(join(stagingRoot, `${HOST_TAG}-${deadPid}-def.tmp`), 'partial');
    const foreign = join(stagingRoot, '0badc0de-1-xyz');
    mkdirSync(foreign);
    expect(await store.sweepStaging()).toBe(2);
    expect(existsSync(mine.dir)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(parseToken(`${HOST_TAG}-42-abc.trash`)).toEqual({ hostTag: HOST_TAG, pid: 42 });
    expect(parseToken('random-name')).toBeUndefined();
  });
});
