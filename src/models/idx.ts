/**
 * IDX files (the MNIST / Fashion-MNIST format), gzipped or not, read into a {@link Dataset}
 * of images. Format: 2 zero bytes, a type byte, a dimension count, big-endian int32 sizes,
 * then the values big-endian (http://yann.lecun.com/exdb/mnist/).
 */
import { readFile } from 'node:fs/promises';
import { KiteError } from '../core/index.js';
import { FASHION_MNIST_FILES, type ResolveOptions, resolveDataFile } from './data-files.js';
import type { Dataset } from './dataset.js';
import { gunzipIfCompressed } from './gzip.js';
import type { ImageExample, Normalization } from './image.js';

/** Class names of Fashion-MNIST, in label order. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Class names of MNIST digits. */
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const TYPES = {
  8: { name: 'ubyte', size: 1 },
  9: { name: 'byte', size: 1 },
  11: { name: 'short', size: 2 },
  12: { name: 'int', size: 4 },
  13: { name: 'float', size: 4 },
  14: { name: 'double', size: 8 },
} as const;

export interface IdxArray {
  type: (typeof TYPES)[keyof typeof TYPES]['name'];
  shape: number[];
  /** Values in row-major order (bytes stay a view of the file for `ubyte`). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Parses IDX bytes (gunzipping first when they start with the gzip magic). */
export function parseIdx(raw: Uint8Array, where: string): IdxArray {
  const bytes = gunzipIfCompressed(raw, where);
  const fail = (msg: string): never => {
    throw new KiteError('INVALID_DATA', `${where}: ${msg}`, { hint: 'is this an IDX file (MNIST format)?' });
  };
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    fail('bad magic number (expected 00 00 <type> <dims>)');
  const type =
    TYPES[bytes[2] as keyof typeof TYPES] ?? fail(`unknown value type 0x${bytes[2]!.toString(16)}`);
  const dims = bytes[3]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 + 4 * dims) fail('file ends inside the header');
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * dims;
  const expected = offset + count * type.size;
  if (bytes.length < expected) {
    fail(
      `truncated: header says ${shape.join('×')} values (${expected} bytes) but the file has ${bytes.length} bytes`,
    );
  }
  const read = <T extends { [i: number]: number }>(out: T, get: (o: number) => number): T => {
    for (let i = 0; i < count; i++) out[i] = get(offset + i * type.size);
    return out;
  };
  const data =
    type.name === 'ubyte'
      ? bytes.subarray(offset, expected)
      : type.name === 'byte'
        ? read(new Int8Array(count), (o) => view.getInt8(o))
        : type.name === 'short'
          ? read(new Int16Array(count), (o) => view.getInt16(o))
          : type.name === 'int'
            ? read(new Int32Array(count), (o) => view.getInt32(o))
            : type.name === 'float'
              ? read(new Float32Array(count), (o) => view.getFloat32(o))
              : read(new Float64Array(count), (o) => view.getFloat64(o));
  return { type: type.name, shape, data };
}

/** Reads and parses one IDX file. */
export async function readIdx(path: string): Promise<IdxArray> {
  let raw: Uint8Array;
  try {
    raw = await readFile(path);
  } catch (e) {
    throw new KiteError('NOT_FOUND', `cannot read IDX file ${path} (${(e as Error).message})`, { cause: e });
  }
  return parseIdx(raw, path);
}

export interface IdxOptions {
  /** Images file (`*-images-idx3-ubyte[.gz]`). */
  images: string;
  /** Labels file (`*-labels-idx1-ubyte[.gz]`). */
  labels: string;
  /** Class names (default: `'0'…'9'` or as many as the labels need). */
  classes?: readonly string[];
  /** Per-channel normalisation after scaling bytes to [0, 1]. */
  normalization?: Normalization;
}

/**
 * Loads an IDX image/label pair as a dataset of `h×w×1` images scaled to [0, 1].
 *
 * @example
 * ```ts
 * const test = await loadIdx({
 *   images: `${dir}/t10k-images-idx3-ubyte.gz`,
 *   labels: `${dir}/t10k-labels-idx1-ubyte.gz`,
 *   classes: FASHION_MNIST_CLASSES,
 * });
 * ```
 */
export async function loadIdx(options: IdxOptions): Promise<Dataset<ImageExample>> {
  const [images, labels] = await Promise.all([readIdx(options.images), readIdx(options.labels)]);
  return idxDataset(images, labels, options);
}

/** Builds the dataset of {@link loadIdx} from parsed arrays. */
export function idxDataset(
  images: IdxArray,
  labels: IdxArray,
  options: Pick<IdxOptions, 'images' | 'labels' | 'classes' | 'normalization'>,
): Dataset<ImageExample> {
  if (images.type !== 'ubyte' || images.shape.length !== 3) {
    throw new KiteError(
      'INVALID_DATA',
      `${options.images}: expected unsigned bytes of shape [n, rows, cols], got ${images.type} [${images.shape}]`,
    );
  }
  if (labels.shape.length !== 1) {
    throw new KiteError(
      'INVALID_DATA',
      `${options.labels}: expected a 1-d label array, got shape [${labels.shape}]`,
    );
  }
  const [n, h, w] = images.shape as [number, number, number];
  if (labels.shape[0] !== n) {
    throw new KiteError(
      'INVALID_DATA',
      `the label file has ${labels.shape[0]} labels but the image file has ${n} images`,
      {
        hint: `check that ${options.labels} belongs to ${options.images}`,
      },
    );
  }
  if (n === 0) throw new KiteError('INVALID_DATA', `${options.images}: the file holds no images`);
  let maxLabel = 0;
  for (const v of labels.data) maxLabel = Math.max(maxLabel, v);
  const classes = options.classes ?? Array.from({ length: Math.max(10, maxLabel + 1) }, (_, i) => String(i));
  if (maxLabel >= classes.length) {
    throw new KiteError(
      'INVALID_DATA',
      `${options.labels}: label ${maxLabel} but only ${classes.length} classes are named`,
    );
  }
  const pixels = images.data as Uint8Array;
  const norm = options.normalization ?? {};
  const mean = norm.mean?.[0] ?? 0;
  const std = norm.std?.[0] ?? 1;
  const size = h * w;
  return {
    size: n,
    classes,
    labelOf: (i) => labels.data[i]!,
    read: async (indices) =>
      indices.map((i) => {
        const out = new Float32Array(size);
        const base = i * size;
        for (let k = 0; k < size; k++) out[k] = (pixels[base + k]! / 255 - mean) / std;
        return { pixels: out, height: h, width: w, channels: 1, label: labels.data[i]! };
      }),
  };
}

/**
 * Fashion-MNIST's train (60,000) or test (10,000) split: from `options.dataDir` if the files
 * are there, else from the cache, else downloaded once (checksum-verified).
 *
 * @example
 * ```ts
 * const test = await loadFashionMnist('test', { dataDir: process.env.KITE_DATA_DIR });
 * ```
 */
export async function loadFashionMnist(
  split: 'train' | 'test',
  options: ResolveOptions & { normalization?: Normalization } = {},
): Promise<Dataset<ImageExample>> {
  const files =
    split === 'train'
      ? [FASHION_MNIST_FILES.trainImages, FASHION_MNIST_FILES.trainLabels]
      : [FASHION_MNIST_FILES.testImages, FASHION_MNIST_FILES.testLabels];
  // One after the other, so that an offline error names the images file first.
  const images = await resolveDataFile('fashion-mnist', files[0]!, options);
  const labels = await resolveDataFile('fashion-mnist', files[1]!, options);
  return loadIdx({
    images,
    labels,
    classes: FASHION_MNIST_CLASSES,
    normalization: options.normalization,
  });
}
