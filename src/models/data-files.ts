/**
 * Finding a dataset's files: a user's local data directory first, then Kite's cache, then a
 * one-time download from the dataset's canonical URL, verified by checksum before it enters
 * the cache. Offline, a missing file is a `NOT_FOUND` error that lists every place searched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
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
  /**
   * MD5 (hex) of the file's bytes exactly as downloaded (how torchvision and torchtext publish
   * their checksums: of the `.gz` / `.zip` itself, not of its content).
   */
  md5?: string;
  /** SHA-256 (hex) of the bytes exactly as downloaded (as tfds and Hugging Face publish them). */
  fileSha256?: string;
  /** Size in bytes of the file as downloaded, when published. */
  size?: number;
  /** Further URLs of the same bytes, tried in order when the one before cannot be fetched. */
  mirrors?: readonly string[];
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
  const bytes = await downloadVerified(spec, options, looked);
  await writeFileAtomic(cached, bytes);
  return cached;
}

/** Writes `bytes` to `path` through a temporary file and a rename, so no reader sees half a file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** A digest of a download that does not match the published one. */
export interface ChecksumMismatch {
  url: string;
  algorithm: 'sha256' | 'file sha256' | 'md5' | 'size';
  expected: string;
  actual: string;
}

/**
 * Checks downloaded bytes against every checksum `spec` carries; `undefined` when they all
 * match (or the spec has none).
 */
export function checkDownload(
  bytes: Uint8Array,
  spec: DataFileSpec,
  url: string,
): ChecksumMismatch | undefined {
  if (spec.size !== undefined && bytes.length !== spec.size) {
    return { url, algorithm: 'size', expected: `${spec.size} bytes`, actual: `${bytes.length} bytes` };
  }
  const checks = [
    ['md5', spec.md5, () => createHash('md5').update(bytes).digest('hex')],
    ['file sha256', spec.fileSha256, () => createHash('sha256').update(bytes).digest('hex')],
    ['sha256', spec.sha256, () => contentDigest(bytes, spec.name)],
  ] as const;
  for (const [algorithm, expected, digest] of checks) {
    if (expected === undefined) continue;
    let actual: string;
    try {
      actual = digest();
    } catch {
      actual = '(not valid gzip)';
    }
    if (actual !== expected.toLowerCase()) return { url, algorithm, expected, actual };
  }
  return undefined;
}

/**
 * Downloads `spec` (its `url`, then its `mirrors`) and verifies it before returning the bytes.
 * A network failure moves on to the next mirror; when none gives the right bytes, a checksum
 * mismatch is `INVALID_DATA` naming the URL and both digests, anything else is `IO`. `looked`
 * (the local places already searched) goes into the message.
 */
export async function downloadVerified(
  spec: DataFileSpec,
  options: Pick<ResolveOptions, 'fetch'>,
  looked: readonly string[],
): Promise<Uint8Array> {
  const fetcher = options.fetch ?? fetch;
  const urls = [spec.url, ...(spec.mirrors ?? [])].filter((u): u is string => u !== undefined);
  const failures: string[] = [];
  const mismatches: ChecksumMismatch[] = [];
  let lastError: unknown;
  for (const url of urls) {
    let bytes: Uint8Array;
    try {
      const res = await fetcher(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      lastError = e;
      failures.push(`${url}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const mismatch = checkDownload(bytes, spec, url);
    if (!mismatch) return bytes;
    mismatches.push(mismatch);
  }
  if (mismatches.length > 0) {
    const lines = mismatches.map((m) => `${m.url}: expected ${m.algorithm} ${m.expected}, got ${m.actual}`);
    throw new KiteError('INVALID_DATA', `checksum mismatch for ${spec.name}:\n  ${lines.join('\n  ')}`, {
      hint: 'the download is corrupt or the file changed upstream; nothing was cached',
    });
  }
  throw new KiteError(
    'IO',
    `cannot download ${spec.name} (${failures.join('; ')}); looked locally in:\n  ${looked.join('\n  ')}`,
    { cause: lastError, hint: 'offline? put the file in your data directory and pass dataDir' },
  );
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

/** MNIST's mirrors, in torchvision's order (`torchvision/datasets/mnist.py`, `MNIST.mirrors`). */
export const MNIST_MIRRORS = [
  'http://yann.lecun.com/exdb/mnist',
  'https://ossci-datasets.s3.amazonaws.com/mnist',
] as const;

function mnistFile(name: string, md5: string): DataFileSpec {
  const [first, ...rest] = MNIST_MIRRORS.map((m) => `${m}/${name}`);
  return { name, url: first, mirrors: rest, md5 };
}

/**
 * MNIST's four files. The MD5s are of the `.gz` files as served, as torchvision lists them
 * (`torchvision/datasets/mnist.py`, `MNIST.resources`, pytorch/vision commit 01977a18).
 */
export const MNIST_FILES = {
  trainImages: mnistFile('train-images-idx3-ubyte.gz', 'f68b3c2dcbeaaa9fbdd348bbdeb94873'),
  trainLabels: mnistFile('train-labels-idx1-ubyte.gz', 'd53e105ee54ea40749a09fcbcd1e9432'),
  testImages: mnistFile('t10k-images-idx3-ubyte.gz', '9fb629c4189551a2d022fa330f9573f3'),
  testLabels: mnistFile('t10k-labels-idx1-ubyte.gz', 'ec29112dd5afa0611ce80d1b7f02629c'),
} as const satisfies Record<string, DataFileSpec>;
