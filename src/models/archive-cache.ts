/**
 * Datasets shipped as one archive (GLUE's zips, CIFAR-10's tar.gz): the folder of extracted
 * files is looked for in the user's data directory, then in Kite's cache; failing both, the
 * archive is downloaded, verified by checksum, and one folder of it extracted into a temporary
 * folder that is renamed into the cache, so a reader never sees half an extraction.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Issue, KiteError } from '../core/index.js';
import { type ArchiveEntry, safeEntryPath } from './archive-entry.js';
import { readTar } from './archive-tar.js';
import { readZip } from './archive-zip.js';
import { type DataFileSpec, defaultCacheDir, downloadVerified, type ResolveOptions } from './data-files.js';

/** A dataset archive and the part of it Kite keeps. */
export interface ArchiveSpec extends DataFileSpec {
  format: 'zip' | 'tar';
  /** The folder inside the archive to extract, e.g. `SST-2` or `cifar-10-batches-bin`. */
  root: string;
  /** Files that must be in an extracted folder for it to count as present, e.g. `['dev.tsv']`. */
  required: readonly string[];
}

export interface ArchiveFolderOptions extends ResolveOptions {
  /** The user's candidate folders, searched before the cache (in order). */
  localFolders?: readonly string[];
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function hasAll(folder: string, files: readonly string[]): Promise<boolean> {
  for (const f of files) if (!(await isFile(join(folder, f)))) return false;
  return true;
}

/**
 * The folder holding `spec.root`'s files: the first of `options.localFolders` that has all of
 * `spec.required`, else `<cacheDir>/<dataset>/<spec.root>`, downloading and extracting it once.
 * Offline (or without a URL) a missing folder is `NOT_FOUND` listing every place searched.
 *
 * @example
 * ```ts
 * const dir = await resolveArchiveFolder('glue', GLUE_ARCHIVES['sst-2'], { localFolders: ['data/glue/SST-2'] });
 * ```
 */
export async function resolveArchiveFolder(
  dataset: string,
  spec: ArchiveSpec,
  options: ArchiveFolderOptions = {},
): Promise<string> {
  const looked: string[] = [];
  for (const folder of options.localFolders ?? []) {
    looked.push(`${folder}/`);
    if (await hasAll(folder, spec.required)) return folder;
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = join(cacheDir, dataset, spec.root);
  looked.push(`${cached}/`);
  if (await hasAll(cached, spec.required)) return cached;
  if (!spec.url || options.download === false) {
    throw new KiteError(
      'NOT_FOUND',
      `${dataset}/${spec.root} (${spec.required.join(', ')}) not found; looked in:\n  ${looked.join('\n  ')}`,
      {
        hint: spec.url
          ? `allow the download of ${spec.url}, or unpack its ${spec.root}/ folder into one of those places`
          : 'put the files in one of those places (this dataset has no download URL)',
      },
    );
  }
  const bytes = await downloadVerified(spec, options, looked);
  const entries = spec.format === 'zip' ? readZip(bytes, spec.url) : readTar(bytes, spec.url);
  await extractFolder(entries, spec, cached, spec.url);
  return cached;
}

/**
 * Extracts the regular files under `spec.root/` into `target` (atomically: a temporary sibling
 * folder renamed into place). The whole archive is refused when any entry's path could escape
 * the folder, and when a required file is missing.
 */
export async function extractFolder(
  entries: readonly ArchiveEntry[],
  spec: Pick<ArchiveSpec, 'root' | 'required'>,
  target: string,
  where: string,
): Promise<void> {
  const issues: Issue[] = [];
  const files: { rel: string; entry: ArchiveEntry }[] = [];
  const prefix = `${spec.root}/`;
  for (const entry of entries) {
    const path = safeEntryPath(entry.name);
    if (path === undefined) {
      issues.push({
        code: 'unsafe-path',
        path: entry.name,
        message: 'this entry would be written outside the extraction folder',
      });
      continue;
    }
    if (entry.type === 'file' && path.startsWith(prefix))
      files.push({ rel: path.slice(prefix.length), entry });
  }
  if (issues.length > 0) {
    throw new KiteError(
      'INVALID_DATA',
      `${where}: ${issues.length} unsafe path(s) in the archive; nothing extracted`,
      {
        issues,
        hint: 'the archive is corrupt or malicious; Kite refuses it whole',
      },
    );
  }
  const missing = spec.required.filter((r) => !files.some((f) => f.rel === r));
  if (missing.length > 0) {
    throw new KiteError(
      'INVALID_DATA',
      `${where}: the archive lacks ${missing.map((m) => prefix + m).join(', ')}`,
    );
  }
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  try {
    for (const { rel, entry } of files) {
      const out = join(tmp, rel);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, entry.read());
    }
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(tmp, target);
    } catch (e) {
      // Another process finished first: keep its complete copy.
      if (!(await hasAll(target, spec.required))) {
        throw new KiteError(
          'IO',
          `cannot move the extracted files into ${target} (${(e as Error).message})`,
          {
            cause: e,
            hint: `an incomplete ${target} is in the way: delete it and try again`,
          },
        );
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
