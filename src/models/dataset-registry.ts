/**
 * Where Kite's public datasets come from: MNIST's IDX files and GLUE's per-task zips, with
 * their canonical URLs and published checksums, and loaders that find them through the user's
 * data directory, then the cache, then a verified one-time download (`data-files.ts`,
 * `archive-cache.ts`). CIFAR-10 lives in `cifar.ts`.
 */
import { join } from 'node:path';
import { KiteError } from '../core/index.js';
import { type ArchiveFolderOptions, type ArchiveSpec, resolveArchiveFolder } from './archive-cache.js';
import { MNIST_FILES, type ResolveOptions, resolveDataFile } from './data-files.js';
import type { Dataset } from './dataset.js';
import { type MrpcSources, resolveMrpc } from './dataset-registry-mrpc.js';
import { type GlueDataset, type GlueTaskName, loadGlue } from './glue.js';
import { loadIdx, MNIST_CLASSES } from './idx.js';
import type { ImageExample, Normalization } from './image.js';

/**
 * MNIST's train (60,000) or test (10,000) split: from `options.dataDir` (`<dataDir>/mnist/` or
 * `<dataDir>/`), else the cache, else downloaded once from torchvision's mirrors, MD5-checked.
 *
 * @example
 * ```ts
 * const test = await loadMnist('test', { dataDir: process.env.KITE_DATA_DIR });
 * ```
 */
export async function loadMnist(
  split: 'train' | 'test',
  options: ResolveOptions & { normalization?: Normalization } = {},
): Promise<Dataset<ImageExample>> {
  const [imagesSpec, labelsSpec] =
    split === 'train'
      ? [MNIST_FILES.trainImages, MNIST_FILES.trainLabels]
      : [MNIST_FILES.testImages, MNIST_FILES.testLabels];
  const images = await resolveDataFile('mnist', imagesSpec, options);
  const labels = await resolveDataFile('mnist', labelsSpec, options);
  return loadIdx({ images, labels, classes: MNIST_CLASSES, normalization: options.normalization });
}

const GLUE_URL = 'https://dl.fbaipublicfiles.com/glue/data';

function glueZip(
  file: string,
  root: string,
  sums: Pick<ArchiveSpec, 'md5' | 'fileSha256' | 'size'>,
  required: string[] = ['dev.tsv'],
): ArchiveSpec {
  return { name: file, url: `${GLUE_URL}/${file}`, format: 'zip', root, required, ...sums };
}

/**
 * GLUE's per-task zips (the files `download_glue_data.py` fetches). Checksums of the zips as
 * served:
 * - `fileSha256` and `size`: Hugging Face `datasets/glue/dataset_infos.json`
 *   (`download_checksums`, huggingface/datasets commit 040102f1), the same values as
 *   `tensorflow_datasets/url_checksums/glue.txt` lists for the older firebase URLs;
 * - `md5`: torchtext (`torchtext/datasets/{sst2,rte,qnli,wnli}.py`, `MD5`); torchtext reads
 *   CoLA, MRPC and STS-B from their original sources, so those zips have no published MD5.
 *
 * MRPC has no zip: GLUE builds it from Microsoft's files, and so does Kite
 * (`dataset-registry-mrpc.ts`, {@link MRPC_SOURCES}).
 */
export const GLUE_ARCHIVES = {
  'sst-2': glueZip('SST-2.zip', 'SST-2', {
    md5: '9f81648d4199384278b86e315dac217c',
    fileSha256: 'd67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa',
    size: 7439277,
  }),
  cola: glueZip('CoLA.zip', 'CoLA', {
    fileSha256: 'f212fcd832b8f7b435fb991f101abf89f96b933ab400603bf198960dfc32cbff',
    size: 376971,
  }),
  rte: glueZip('RTE.zip', 'RTE', {
    md5: 'bef554d0cafd4ab6743488101c638539',
    fileSha256: '6bf86de103ecd335f3441bd43574d23fef87ecc695977a63b82d5efb206556ee',
    size: 697150,
  }),
  qnli: glueZip('QNLIv2.zip', 'QNLI', {
    md5: 'b4efd6554440de1712e9b54e14760e82',
    fileSha256: 'e634e78627a29adaecd4f955359b22bf5e70f2cbd93b493f2d624138a0c0e5f5',
    size: 10627589,
  }),
  'sts-b': glueZip('STS-B.zip', 'STS-B', {
    fileSha256: 'e60a6393de5a8b5b9bac5020a1554b54e3691f9d600b775bd131e613ac179c85',
    size: 802872,
  }),
  wnli: glueZip('WNLI.zip', 'WNLI', {
    md5: 'a1b4bd2861017d302d29e42139657a42',
    fileSha256: 'ae0e8e4d16f4d46d4a0a566ec7ecceccfd3fbfaa4a7a4b4e02848c0f2561ac46',
    size: 28999,
  }),
  // MNLI and QQP: not in ../shared/data, so these two were never fetched by Kite's tests; the
  // values are Hugging Face's (same file as above), and the folder names its glue.py's data_dir.
  mnli: glueZip(
    'MNLI.zip',
    'MNLI',
    { fileSha256: 'e7c1d896d26ed6caf700110645df426cc2d8ebf02a5ab743d5a5c68ac1c83633', size: 312783507 },
    ['dev_matched.tsv', 'dev_mismatched.tsv'],
  ),
  qqp: glueZip('QQP-clean.zip', 'QQP', {
    fileSha256: '40e7c862c04eb26ee04b67fd900e76c45c6ba8e6d8fab4f8f1f8072a1a3fbae0',
    size: 41696084,
  }),
  mrpc: { name: 'MRPC', format: 'zip', root: 'MRPC', required: ['dev.tsv'] },
} as const satisfies Record<GlueTaskName, ArchiveSpec>;

/**
 * MD5s of SST-2's extracted files, from torchtext's `sst2.py` (`_EXTRACTED_FILES_MD5`, an
 * earlier revision of pytorch/text). A folder whose files match is byte-identical to GLUE's.
 */
export const SST2_FILE_MD5 = {
  'train.tsv': 'da409a0a939379ed32a470bc0f7fe99a',
  'dev.tsv': '268856b487b2a31a28c0a93daaff7288',
  'test.tsv': '3230e4efec76488b87877a56ae49675a',
} as const;

/** A GLUE split (a file stem): MNLI's dev and test come matched and mismatched. */
export type GlueSplit =
  | 'train'
  | 'dev'
  | 'test'
  | 'dev_matched'
  | 'dev_mismatched'
  | 'test_matched'
  | 'test_mismatched';

export interface GlueResolveOptions extends ResolveOptions {
  /** Replaces parts of the task's {@link GLUE_ARCHIVES} entry (a mirror URL, or a test's checksums). */
  archive?: Partial<ArchiveSpec>;
  /** Replaces {@link MRPC_SOURCES} (mirrors, or a test's files and checksums). */
  mrpcSources?: MrpcSources;
}

/**
 * The folder holding a GLUE task's TSV files: `<dataDir>/glue/<TASK>/` or `<dataDir>/<TASK>/`
 * when it has `dev.tsv`, else `<cacheDir>/glue/<TASK>/`, downloading and extracting the task's
 * zip once (checksum-verified) when it is not there (MRPC: building it from its sources).
 *
 * @example
 * ```ts
 * const dir = await resolveGlueTask('sst-2', { dataDir: '../shared/data' });
 * const dev = await loadGlue(join(dir, 'dev.tsv'), 'sst-2');
 * ```
 */
export async function resolveGlueTask(task: GlueTaskName, options: GlueResolveOptions = {}): Promise<string> {
  const spec: ArchiveSpec = { ...GLUE_ARCHIVES[task], ...options.archive };
  const base = GLUE_ARCHIVES[task].root;
  const localFolders = options.dataDir
    ? [join(options.dataDir, 'glue', base), join(options.dataDir, base)]
    : [];
  const folderOptions: ArchiveFolderOptions = { ...options, localFolders };
  if (task === 'mrpc') return resolveMrpc({ ...folderOptions, mrpcSources: options.mrpcSources });
  return resolveArchiveFolder('glue', spec, folderOptions);
}

/**
 * One split of a GLUE task, found by {@link resolveGlueTask} and read by {@link loadGlue}.
 *
 * @example
 * ```ts
 * const dev = await loadGlueTask('rte', 'dev', { dataDir: process.env.KITE_DATA_DIR });
 * ```
 */
export async function loadGlueTask(
  task: GlueTaskName,
  split: GlueSplit,
  options: GlueResolveOptions = {},
): Promise<GlueDataset> {
  const nli = task === 'mnli';
  if (split !== 'train' && nli !== /_(mis)?matched$/.test(split))
    throw new KiteError('INVALID_ARGUMENT', `GLUE ${task} has no '${split}' split`, {
      hint: nli
        ? "MNLI's are train, dev_matched, dev_mismatched, test_matched and test_mismatched"
        : 'use train, dev or test',
    });
  return loadGlue(join(await resolveGlueTask(task, options), `${split}.tsv`), task);
}
