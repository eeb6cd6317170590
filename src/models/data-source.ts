/**
 * Opening a dataset artifact by format name, so pipeline components can take "a dataset and
 * its format" as plain inputs: `idx` (a folder holding one `*images-idx3-ubyte[.gz]` and one
 * `*labels-idx1-ubyte[.gz]`), `image-folder` (class sub-folders), `csv` (a table with a
 * target column), `glue:<task>` (a GLUE TSV file, e.g. `glue:sst-2`).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { KiteError } from '../core/index.js';
import { loadCsvTable, type TableDataset } from './csv-table.js';
import type { Dataset } from './dataset.js';
import { GLUE_TASKS, type GlueDataset, type GlueTaskName, loadGlue } from './glue.js';
import { loadIdx } from './idx.js';
import type { ImageExample } from './image.js';
import { loadImageFolder } from './image-folder.js';

export type OpenedDataset =
  | { kind: 'image'; dataset: Dataset<ImageExample>; classes: readonly string[] }
  | { kind: 'text'; dataset: GlueDataset; classes: readonly string[] }
  | { kind: 'table'; dataset: TableDataset; classes?: readonly string[] };

export interface OpenOptions {
  /** Resize images to this size (image folders). */
  size?: readonly [number, number];
  /** Class order to use (e.g. the training set's, when opening test data). */
  classes?: readonly string[];
  /** CSV: the target column and task. */
  target?: string;
  task?: 'classification' | 'regression';
}

/** The formats {@link openDataset} understands. */
export const DATASET_FORMATS = [
  'idx',
  'image-folder',
  'csv',
  ...Object.keys(GLUE_TASKS).map((t) => `glue:${t}`),
] as const;

/**
 * Opens the dataset at `path` in the given format.
 *
 * @example
 * ```ts
 * const opened = await openDataset('data/fashion-mnist-test', 'idx');
 * ```
 */
export async function openDataset(
  path: string,
  format: string,
  options: OpenOptions = {},
): Promise<OpenedDataset> {
  if (format === 'idx') {
    const names = await readdir(path).catch((e: Error) => {
      throw new KiteError('NOT_FOUND', `idx dataset: cannot read folder ${path} (${e.message})`, {
        cause: e,
      });
    });
    const images = names.filter((n) => /images-idx3-ubyte(\.gz)?$/.test(n));
    const labels = names.filter((n) => /labels-idx1-ubyte(\.gz)?$/.test(n));
    if (images.length !== 1 || labels.length !== 1) {
      throw new KiteError(
        'INVALID_DATA',
        `idx dataset ${path}: expected one *images-idx3-ubyte[.gz] and one *labels-idx1-ubyte[.gz] file, found ${images.length} and ${labels.length}`,
      );
    }
    const ds = await loadIdx({
      images: join(path, images[0]!),
      labels: join(path, labels[0]!),
      ...(options.classes ? { classes: options.classes } : {}),
    });
    return { kind: 'image', dataset: ds, classes: ds.classes! };
  }
  if (format === 'image-folder') {
    const ds = await loadImageFolder({
      root: path,
      ...(options.size ? { size: options.size } : {}),
      ...(options.classes ? { classes: options.classes } : {}),
    });
    return { kind: 'image', dataset: ds, classes: ds.classes };
  }
  if (format === 'csv') {
    if (!options.target) throw new KiteError('INVALID_ARGUMENT', 'csv dataset: name the target column');
    const file = (await stat(path)).isDirectory() ? join(path, 'data.csv') : path;
    const ds = await loadCsvTable(file, {
      target: options.target,
      task: options.task ?? 'classification',
      ...(options.classes ? { classes: options.classes } : {}),
    });
    return { kind: 'table', dataset: ds, ...(ds.classes ? { classes: ds.classes } : {}) };
  }
  const glue = /^glue:(.+)$/.exec(format)?.[1];
  if (glue && glue in GLUE_TASKS) {
    const ds = await loadGlue(path, glue as GlueTaskName);
    const classes = (GLUE_TASKS[glue as GlueTaskName] as { classes?: readonly string[] }).classes;
    if (!classes)
      throw new KiteError(
        'UNSUPPORTED',
        `${format}: regression GLUE tasks are not supported by the classifiers yet`,
      );
    return { kind: 'text', dataset: ds, classes };
  }
  throw new KiteError('INVALID_ARGUMENT', `unknown dataset format '${format}'`, {
    hint: `use one of ${DATASET_FORMATS.join(', ')}`,
  });
}
