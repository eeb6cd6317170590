import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KiteError } from '../../core/index.js';
import { digestPath } from './digest.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-digest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(root: string, files: Record<string, string>, order: string[] = Object.keys(files)) {
  for (const rel of order) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), files[rel]!);
  }
}

describe('digestPath', () => {
  it('digests a file as sha256sum does', async () => {
    writeFileSync(join(dir, 'f'), 'hello\n');
    const expected = createHash('sha256').update('hello\n').digest('hex');
    expect(await digestPath(join(dir, 'f'))).toEqual({
      digest: `sha256:${expected}`,
      sizeBytes: 6,
      kind: 'file',
    });
  });

  it('digests a directory from relative paths and contents only', async () => {
    const files = { 'b.txt': 'B', 'a/x.bin': 'X', 'a/y/z': 'ZZ' };
    tree(join(dir, 'one'), files);
    tree(join(dir, 'two'), files, ['a/y/z', 'b.txt', 'a/x.bin']);
    const one = await digestPath(join(dir, 'one'), { fsync: true });
    expect(one.kind).toBe('dir');
    expect(one.sizeBytes).toBe(4);
    expect(await digestPath(join(dir, 'two'))).toEqual(one);

    writeFileSync(join(dir, 'two', 'b.txt'), 'b');
    expect((await digestPath(join(dir, 'two'))).digest).not.toBe(one.digest);
    writeFileSync(join(dir, 'two', 'b.txt'), 'B');
    mkdirSync(join(dir, 'two', 'empty'));
    expect((await digestPath(join(dir, 'two'))).digest).not.toBe(one.digest);
  });

  it('tells a renamed file from the original', async () => {
    tree(join(dir, 'one'), { 'a.txt': 'same' });
    tree(join(dir, 'two'), { 'b.txt': 'same' });
    expect((await digestPath(join(dir, 'one'))).digest).not.toBe((await digestPath(join(dir, 'two'))).digest);
  });

  it('records symbolic links by target', async () => {
    tree(join(dir, 'one'), { 'a.txt': 'x' });
    symlinkSync('a.txt', join(dir, 'one', 'link'));
    tree(join(dir, 'two'), { 'a.txt': 'x' });
    const withLink = await digestPath(join(dir, 'one'));
    expect(withLink.sizeBytes).toBe(1);
    expect(withLink.digest).not.toBe((await digestPath(join(dir, 'two'))).digest);
    symlinkSync('a.txt', join(dir, 'two', 'link'));
    expect((await digestPath(join(dir, 'two'))).digest).toBe(withLink.digest);
  });

  it('throws NOT_FOUND for a missing path', async () => {
    await expect(digestPath(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    } satisfies Partial<KiteError>);
  });
});
