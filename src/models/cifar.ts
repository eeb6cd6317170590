/**
 * CIFAR-10's binary version (`cifar-10-binary.tar.gz`): five training batches and one test
 * batch of 10,000 records each, a record being one label byte then a 32×32 image as three
 * 1,024-byte planes (red, green, blue; rows top to bottom), and `batches.meta.txt` naming the
 * classes one per line (https://www.cs.toronto.edu/~kriz/cifar.html). Read into a
 * {@link Dataset} of 32×32×3 images (channels last, scaled to [0, 1]) decoded a batch at a time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KiteError } from '../core/index.js';
import { type ArchiveSpec, resolveArchiveFolder } from './archive-cache.js';
import type { ResolveOptions } from './data-files.js';
import type { Dataset } from './dataset.js';
import type { ImageExample, Normalization } from './image.js';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

/** The batch files of each split, inside `cifar-10-batches-bin/`. */
export const CIFAR10_BATCHES = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
} as const;

/**
 * The binary archive. Checksums of the `.tar.gz` as served: `fileSha256` and `size` from
 * `tensorflow_datasets/url_checksums/cifar10.txt` (tensorflow/datasets commit 333639b3); `md5`
 * as the dataset's page (https://www.cs.toronto.edu/~kriz/cifar.html) lists it for the binary
 * version.
 */
export const CIFAR10_ARCHIVE = {
  name: 'cifar-10-binary.tar.gz',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
  fileSha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
  size: 170052171,
  format: 'tar',
  root: 'cifar-10-batches-bin',
  required: ['batches.meta.txt', ...CIFAR10_BATCHES.train, ...CIFAR10_BATCHES.test],
} as const satisfies ArchiveSpec;

export interface Cifar10Options extends ResolveOptions {
  split: 'train' | 'test';
  /** Per-channel normalisation after scaling bytes to [0, 1]. */
  normalization?: Normalization;
  /** Replaces parts of {@link CIFAR10_ARCHIVE} (a mirror URL, or a test's checksums). */
  archive?: Partial<ArchiveSpec>;
}

/**
 * The folder holding CIFAR-10's binary batches: `<dataDir>/cifar-10-batches-bin/` or
 * `<dataDir>/cifar10/cifar-10-batches-bin/`, else the cache, else downloaded once
 * (checksum-verified) and extracted.
 */
export async function resolveCifar10(options: Omit<Cifar10Options, 'split'> = {}): Promise<string> {
  const root = CIFAR10_ARCHIVE.root;
  const localFolders = options.dataDir
    ? [join(options.dataDir, root), join(options.dataDir, 'cifar10', root)]
    : [];
  return resolveArchiveFolder(
    'cifar10',
    { ...CIFAR10_ARCHIVE, ...options.archive },
    { ...options, localFolders },
  );
}

/** Class names from `batches.meta.txt` (one per line; blank lines ignored). */
export function parseCifarMeta(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * Loads CIFAR-10's train (50,000) or test (10,000) split from the binary batches.
 *
 * @example
 * ```ts
 * const test = await loadCifar10({ split: 'test', dataDir: process.env.KITE_DATA_DIR });
 * test.classes; // ['airplane', 'automobile', ...]
 * ```
 */
export async function loadCifar10(options: Cifar10Options): Promise<Dataset<ImageExample>> {
  const dir = await resolveCifar10(options);
  const classes = parseCifarMeta(await readFile(join(dir, 'batches.meta.txt'), 'utf8'));
  if (classes.length === 0) {
    throw new KiteError('INVALID_DATA', `${join(dir, 'batches.meta.txt')}: no class names`);
  }
  const batches: Uint8Array[] = [];
  const starts: number[] = [];
  let size = 0;
  for (const file of CIFAR10_BATCHES[options.split]) {
    const path = join(dir, file);
    const bytes = new Uint8Array(await readFile(path));
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw new KiteError(
        'INVALID_DATA',
        `${path}: ${bytes.length} bytes is not a whole number of ${RECORD}-byte records (truncated?)`,
        { hint: 'is this a CIFAR-10 binary batch (cifar-10-batches-bin)?' },
      );
    }
    const n = bytes.length / RECORD;
    for (let i = 0; i < n; i++) {
      const label = bytes[i * RECORD]!;
      if (label >= classes.length) {
        throw new KiteError(
          'INVALID_DATA',
          `${path}: record ${i} has label ${label} but batches.meta.txt names ${classes.length} classes`,
        );
      }
    }
    batches.push(bytes);
    starts.push(size);
    size += n;
  }
  const locate = (i: number): [Uint8Array, number] => {
    let b = starts.length - 1;
    while (b > 0 && starts[b]! > i) b--;
    return [batches[b]!, (i - starts[b]!) * RECORD];
  };
  const norm = options.normalization ?? {};
  const mean = [0, 1, 2].map((c) => norm.mean?.[c] ?? 0);
  const std = [0, 1, 2].map((c) => norm.std?.[c] ?? 1);
  return {
    size,
    classes,
    labelOf: (i) => {
      const [bytes, at] = locate(i);
      return bytes[at]!;
    },
    read: async (indices) =>
      indices.map((i) => {
        if (!(Number.isInteger(i) && i >= 0 && i < size)) {
          throw new KiteError('INVALID_ARGUMENT', `CIFAR-10 index ${i} is outside the split (size ${size})`);
        }
        const [bytes, at] = locate(i);
        const pixels = new Float32Array(PLANE * 3);
        for (let c = 0; c < 3; c++) {
          const plane = at + 1 + c * PLANE;
          for (let p = 0; p < PLANE; p++) pixels[p * 3 + c] = (bytes[plane + p]! / 255 - mean[c]!) / std[c]!;
        }
        return { pixels, height: SIDE, width: SIDE, channels: 3, label: bytes[at]! };
      }),
  };
}
