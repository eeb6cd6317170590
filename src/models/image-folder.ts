/**
 * ImageNet-style image folders: `root/<class>/*.{jpg,jpeg,png}`, or a flat folder of images
 * with a labels file (`name<TAB or comma>class` per line). Images are decoded lazily, a batch
 * at a time; a corrupt or truncated image is skipped and recorded (or fails, by option).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type Issue, KiteError } from '../core/index.js';
import { createRng } from '../stats/index.js';
import type { Dataset } from './dataset.js';
import {
  type Augmentation,
  augment,
  decodeImage,
  type ImageExample,
  type Normalization,
  normalize,
  type RawImage,
  resizeBilinear,
  toChannels,
} from './image.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

export interface ImageFolderOptions {
  /** The folder: class sub-folders, or images when `labelsFile` is given. */
  root: string;
  /** A labels file for a flat folder of images (`name<TAB or ,>class` per line, header optional). */
  labelsFile?: string;
  /** Class names in label order; default the sorted class folder names. Pass the training set's classes for validation. */
  classes?: readonly string[];
  /** Resize every image to `[height, width]`; needed when image sizes differ. */
  size?: readonly [number, number];
  /** 1 (grey) or 3 (RGB, default). */
  channels?: 1 | 3;
  normalization?: Normalization;
  /** Seeded augmentation (training only). */
  augmentation?: Augmentation & { seed: number };
  /** What to do with an image that cannot be decoded: `'skip'` (default, recorded in `skipped`) or `'fail'`. */
  onCorrupt?: 'skip' | 'fail';
}

/** An image that was skipped, and why. */
export interface SkippedImage {
  path: string;
  reason: string;
}

export interface ImageFolderDataset extends Dataset<ImageExample> {
  readonly classes: readonly string[];
  /** Image paths, index = example index. */
  readonly files: readonly string[];
  /** Images skipped so far because they could not be decoded (grows as batches are read). */
  readonly skipped: readonly SkippedImage[];
}

/**
 * Scans an image folder and returns a lazily decoding dataset.
 *
 * @example
 * ```ts
 * const train = await loadImageFolder({ root: 'cifar10-jpg/train', size: [32, 32] });
 * const test = await loadImageFolder({ root: 'cifar10-jpg/test', size: [32, 32], classes: train.classes });
 * ```
 */
export async function loadImageFolder(options: ImageFolderOptions): Promise<ImageFolderDataset> {
  await requireDirectory(options.root);
  const { files, labels, classes } = options.labelsFile
    ? await scanFlat(options.root, options.labelsFile, options.classes)
    : await scanClassFolders(options.root, options.classes);
  const skipped: SkippedImage[] = [];
  const rng = options.augmentation ? createRng(options.augmentation.seed) : undefined;
  const channels = options.channels ?? 3;
  const decodeOne = async (i: number): Promise<ImageExample | undefined> => {
    const path = files[i]!;
    let img: RawImage;
    try {
      img = toChannels(decodeImage(await readFile(path), path), channels);
    } catch (e) {
      if (options.onCorrupt === 'fail') throw e;
      skipped.push({ path, reason: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
    if (options.size) img = resizeBilinear(img, options.size[0], options.size[1]);
    if (rng && options.augmentation) img = augment(img, options.augmentation, rng);
    const pixels = normalize(img, options.normalization);
    return { pixels, height: img.height, width: img.width, channels: img.channels, label: labels[i]! };
  };
  return {
    size: files.length,
    classes,
    files,
    skipped,
    labelOf: (i) => labels[i]!,
    read: async (indices) => {
      const decoded = await Promise.all(indices.map(decodeOne));
      return decoded.filter((e): e is ImageExample => e !== undefined);
    },
  };
}

async function requireDirectory(root: string): Promise<void> {
  const s = await stat(root).catch(() => undefined);
  if (!s?.isDirectory()) {
    throw new KiteError('NOT_FOUND', `image folder not found: looked in ${root}`, {
      hint: 'pass the folder that holds one sub-folder per class (or the images, with labelsFile)',
    });
  }
}

function isImage(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

async function scanClassFolders(
  root: string,
  given: readonly string[] | undefined,
): Promise<{ files: string[]; labels: number[]; classes: readonly string[] }> {
  const entries = await readdir(root, { withFileTypes: true });
  const found = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (found.length === 0) {
    throw new KiteError('INVALID_DATA', `${root}: no class folders (expected ${root}/<class>/*.jpg)`, {
      hint: 'for a flat folder of images pass labelsFile',
    });
  }
  const classes = given ?? found;
  const issues: Issue[] = [];
  for (const name of found) {
    if (!classes.includes(name)) {
      issues.push({
        code: 'unknown-class',
        path: join(root, name),
        message: `class '${name}' is not among the ${classes.length} known classes`,
      });
    }
  }
  const files: string[] = [];
  const labels: number[] = [];
  for (const name of found) {
    const names = (await readdir(join(root, name))).filter(isImage).sort();
    if (names.length === 0) {
      issues.push({
        code: 'empty-class',
        path: join(root, name),
        message: `class '${name}' has no .jpg/.jpeg/.png images`,
      });
    }
    const label = classes.indexOf(name);
    for (const f of names) {
      files.push(join(root, name, f));
      labels.push(label);
    }
  }
  if (issues.length > 0) {
    throw new KiteError('INVALID_DATA', `${root}: the image folder has ${issues.length} problem(s)`, {
      issues,
      hint: 'remove empty class folders, or pass the classes list that matches the folder',
    });
  }
  return { files, labels, classes };
}

async function scanFlat(
  root: string,
  labelsFile: string,
  given: readonly string[] | undefined,
): Promise<{ files: string[]; labels: number[]; classes: readonly string[] }> {
  const text = await readFile(labelsFile, 'utf8').catch((e: Error) => {
    throw new KiteError('NOT_FOUND', `labels file not found: ${labelsFile} (${e.message})`, { cause: e });
  });
  const images = new Set((await readdir(root)).filter(isImage));
  const issues: Issue[] = [];
  const rows: { name: string; cls: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const fields = line.split(line.includes('\t') ? '\t' : ',').map((f) => f.trim());
    if (i === 0 && !isImage(fields[0] ?? '')) return; // a header line
    if (fields.length < 2 || !fields[0] || !fields[1]) {
      issues.push({
        code: 'bad-line',
        path: `${labelsFile}:${i + 1}`,
        message: `expected 'name<TAB or ,>class', got '${line}'`,
      });
      return;
    }
    rows.push({ name: fields[0], cls: fields[1], line: i + 1 });
  });
  const classes = given ?? [...new Set(rows.map((r) => r.cls))].sort();
  const listed = new Set<string>();
  for (const r of rows) {
    if (listed.has(r.name)) {
      issues.push({
        code: 'duplicate',
        path: `${labelsFile}:${r.line}`,
        message: `${r.name} is listed more than once`,
      });
    }
    listed.add(r.name);
    if (!images.has(r.name)) {
      issues.push({
        code: 'missing-image',
        path: `${labelsFile}:${r.line}`,
        message: `${r.name} is not in ${root}`,
      });
    }
    if (!classes.includes(r.cls)) {
      issues.push({
        code: 'unknown-class',
        path: `${labelsFile}:${r.line}`,
        message: `class '${r.cls}' is not among the known classes`,
      });
    }
  }
  for (const name of [...images].sort()) {
    if (!listed.has(name)) {
      issues.push({
        code: 'unlabelled-image',
        path: join(root, name),
        message: `${name} has no line in ${labelsFile}`,
      });
    }
  }
  if (rows.length === 0)
    issues.push({ code: 'empty', path: labelsFile, message: 'the labels file lists no images' });
  if (issues.length > 0) {
    throw new KiteError(
      'INVALID_DATA',
      `the labels file does not match the image folder (${issues.length} problem(s))`,
      {
        issues,
        hint: `every image in ${root} needs exactly one line 'name<TAB>class' in ${labelsFile}`,
      },
    );
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    files: rows.map((r) => join(root, r.name)),
    labels: rows.map((r) => classes.indexOf(r.cls)),
    classes,
  };
}
