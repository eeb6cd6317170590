/**
 * Content digests of artifacts. A file's digest is the SHA-256 of its bytes (what `sha256sum`
 * prints); a directory's is the SHA-256 of a manifest with one line per entry in sorted
 * pre-order — `d <rel>/`, `f <sha256> <size> <rel>`, `l <target> <rel>` — so it depends only on
 * relative paths and contents, never on times, owners or the order the OS lists entries in.
 */
import { createHash } from 'node:crypto';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KiteError } from '../../core/index.js';
import type { ArtifactKind } from '../types.js';

/** Digest of an output that was committed without content. */
export const NONE_DIGEST = `sha256:${createHash('sha256').update('kite:none').digest('hex')}`;

export interface PathDigest {
  digest: string;
  sizeBytes: number;
  kind: ArtifactKind;
}

export interface DigestOptions {
  /** fsync every file and directory while reading it (used before a commit's rename). */
  fsync?: boolean;
}

const CHUNK = 1 << 20;

async function hashFile(path: string, fsync: boolean): Promise<{ hex: string; size: number }> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    if (fsync) await handle.sync();
    return { hex: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

/** fsyncs a directory so that renames and new entries in it survive a power loss. */
export async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on directories; their metadata is then as durable as it gets.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error;
  } finally {
    await handle.close();
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walk(root: string, rel: string, lines: string[], fsync: boolean): Promise<number> {
  const entries = (await readdir(join(root, rel))).sort(byName);
  let size = 0;
  for (const name of entries) {
    const relPath = rel === '' ? name : `${rel}/${name}`;
    const abs = join(root, relPath);
    const stat = await lstat(abs);
    if (stat.isSymbolicLink()) {
      lines.push(`l ${await readlink(abs)} ${relPath}`);
    } else if (stat.isDirectory()) {
      lines.push(`d ${relPath}/`);
      size += await walk(root, relPath, lines, fsync);
    } else if (stat.isFile()) {
      const { hex, size: n } = await hashFile(abs, fsync);
      lines.push(`f ${hex} ${n} ${relPath}`);
      size += n;
    } else {
      throw new KiteError('UNSUPPORTED', `${abs} is neither a file, a directory nor a link`, {
        hint: 'artifacts may hold only regular files, directories and symbolic links',
      });
    }
  }
  if (fsync) await syncDir(join(root, rel));
  return size;
}

/**
 * Digest, size and kind of a file or directory. Throws `NOT_FOUND` when nothing is there.
 *
 * @example
 * ```ts
 * const { digest } = await digestPath('/tmp/model'); // 'sha256:9f86d0…'
 * ```
 */
export async function digestPath(path: string, options: DigestOptions = {}): Promise<PathDigest> {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KiteError('NOT_FOUND', `nothing at ${path}`, { cause });
    }
    throw new KiteError('IO', `cannot read ${path}`, { cause });
  }
  const fsync = options.fsync ?? false;
  if (stat.isDirectory()) {
    const lines: string[] = [];
    const size = await walk(path, '', lines, fsync);
    const manifest = lines.map((l) => `${l}\n`).join('');
    return {
      digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
      sizeBytes: size,
      kind: 'dir',
    };
  }
  if (stat.isFile()) {
    const { hex, size } = await hashFile(path, fsync);
    return { digest: `sha256:${hex}`, sizeBytes: size, kind: 'file' };
  }
  throw new KiteError('UNSUPPORTED', `${path} is neither a file nor a directory`);
}
