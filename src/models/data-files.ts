/**
 * Finding a dataset's files: a user's local data directory first, then Kite's cache, then a
 * one-time download from the dataset's canonical URL, verified by checksum before it enters
 * the cache. Offline, a missing file is a `NOT_FOUND` error that lists every place searched.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { KiteError } from '../core/index.js';

/** One file of a dataset. */
export interface DataFileSpec {
  /** File name, e.g. `train-images-idx3-ubyte.gz`. */
  name: string;
  /** Canonical download URL, when the dataset has one. */
  url?: string;
  /**
   * SHA-256 (hex) of the file's content; of the gunzipped content when the name ends in `.gz`,
   * so a re-compressed copy (e.g. Debian's) verifies too.
   */
  sha256?: string;
}

export interface ResolveOptions {
  /** The user's data directory, searched first (as `<dataDir>/<dataset>/<name>` and `<dataDir>/<name>`). */
  dataDir?: string;
  /** Download cache; default `$KITE_CACHE_DIR` or `~/.cache/kite/datasets`. */
  cacheDir?: string;
  /** Download when not found locally; default true. */
  download?: boolean;
  /** For tests and proxies; default the global `fetch`. */
  fetch?: typeof fetch;
}

/** Where downloads go unless told otherwise. */
export function defaultCacheDir(): string {
  return process.env.KITE_CACHE_DIR ?? join(homedir(), '.cache', 'kite', 'datasets');
}

/** SHA-256 of the file's content, gunzipped first for `.gz` names (see {@link DataFileSpec.sha256}). */
export function contentDigest(bytes: Uint8Array, name: string): string {
  const content = name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  return createHash('sha256').update(content).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * The path of one dataset file, downloading it into the cache once if needed.
 *
 * @example
 * ```ts
 * const path = await resolveDataFile('fashion-mnist', FASHION_MNIST_FILES.testImages, { dataDir: '../shared/data' });
 * ```
 */
export async function resolveDataFile(
  dataset: string,
  spec: DataFileSpec,
  options: ResolveOptions = {},
): Promise<string> {
  const looked: string[] = [];
  if (options.dataDir) {
    for (const p of [join(options.dataDir, dataset, spec.name), join(options.dataDir, spec.name)]) {
      looked.push(p);
      if (await exists(p)) return p;
    }
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = join(cacheDir, dataset, spec.name);
  looked.push(cached);
  if (await exists(cached)) return cached;
  if (!spec.url || options.download === false) {
    throw new KiteError(
      'NOT_FOUND',
      `${dataset}/${spec.name} not found; looked in:\n  ${looked.join('\n  ')}`,
      {
        hint: spec.url
          ? `allow the download from ${spec.url}, or put the file in one of those places`
          : 'put the file in one of those places (this dataset has no download URL)',
      },
    );
  }
  const fetcher = options.fetch ?? fetch;
  let bytes: Uint8Array;
  try {
    const res = await fetcher(spec.url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new KiteError(
      'IO',
      `cannot download ${spec.url} (${e instanceof Error ? e.message : String(e)}); looked locally in:\n  ${looked.join('\n  ')}`,
      {
        cause: e,
        hint: 'offline? put the file in your data directory and pass dataDir',
      },
    );
  }
  if (spec.sha256) {
    let actual: string;
    try {
      actual = contentDigest(bytes, spec.name);
    } catch (e) {
      throw new KiteError('INVALID_DATA', `downloaded ${spec.url} is not valid gzip`, { cause: e });
    }
    if (actual !== spec.sha256) {
      throw new KiteError(
        'INVALID_DATA',
        `checksum mismatch for ${spec.url}: expected sha256 ${spec.sha256}, got ${actual}`,
        {
          hint: 'the download is corrupt or the file changed upstream; nothing was cached',
        },
      );
    }
  }
  await mkdir(join(cacheDir, dataset), { recursive: true });
  const tmp = `${cached}.${process.pid}.part`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, cached); // atomic: a reader never sees half a file
  } finally {
    await rm(tmp, { force: true });
  }
  return cached;
}

/** Reads a resolved dataset file. */
export async function readDataFile(
  dataset: string,
  spec: DataFileSpec,
  options: ResolveOptions = {},
): Promise<Uint8Array> {
  return readFile(await resolveDataFile(dataset, spec, options));
}

const FASHION_MNIST_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com';

/**
 * Fashion-MNIST's four files. Checksums are of the gunzipped IDX content (computed from the
 * MIT-licensed distribution; a re-gzipped copy verifies too).
 */
export const FASHION_MNIST_FILES = {
  trainImages: {
    name: 'train-images-idx3-ubyte.gz',
    url: `${FASHION_MNIST_URL}/train-images-idx3-ubyte.gz`,
    sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte.gz',
    url: `${FASHION_MNIST_URL}/train-labels-idx1-ubyte.gz`,
    sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte.gz',
    url: `${FASHION_MNIST_URL}/t10k-images-idx3-ubyte.gz`,
    sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte.gz',
    url: `${FASHION_MNIST_URL}/t10k-labels-idx1-ubyte.gz`,
    sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
} as const satisfies Record<string, DataFileSpec>;
