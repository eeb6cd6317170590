/**
 * # models (layer 3): datasets, preprocessing, and (to come) TensorFlow.js models
 *
 * Loaders return a {@link Dataset}: a sized collection read a batch of indices at a time, so
 * image folders decode lazily and nothing holds a whole decoded dataset. {@link batches}
 * streams it with a seeded, per-epoch shuffle; {@link splitDataset} makes seeded (stratified)
 * splits. Randomness always comes from an explicit seed (`createRng` from `stats`).
 *
 * - Images: {@link loadIdx} (MNIST / Fashion-MNIST IDX, gz or not), {@link loadImageFolder}
 *   (`root/<class>/*.jpg|png` or a flat folder + labels file; JPEG via `jpeg-js`, PNG via
 *   `fast-png`, pure JS; corrupt images skipped and recorded in `skipped`, or failing with
 *   `onCorrupt: 'fail'`); transforms in `image.ts`; {@link stackImages} makes a `[n,h,w,c]` batch.
 * - Text: {@link loadGlue} (SST-2, CoLA, MRPC, RTE, QNLI, WNLI, STS-B TSV files);
 *   {@link buildVocabulary} / {@link encodeText} (word-level, `<pad>` = 0, `<oov>` = 1; the
 *   vocabulary is JSON saved with a model, checked by {@link parseVocabulary}).
 * - Tables: {@link loadCsvTable} (numeric features, classification or regression target;
 *   missing values and NaN are errors naming file:line:column).
 *
 * Errors: a user's bad file is a `KiteError('INVALID_DATA')` whose `issues` list every problem
 * with its place; a missing file or folder is `NOT_FOUND` and says where Kite looked.
 * Fixtures in `fixtures/` are real samples made by `bench/models/make-fixtures.ts`.
 *
 * - Questions: {@link loadSquad} (SQuAD v1.1 / v2.0 JSON, answer offsets checked).
 * - Files: {@link resolveDataFile} looks in the user's data dir, then the cache, then downloads
 *   once (checksum-verified, atomic); {@link loadFashionMnist} uses it.
 *
 * Left to do (issue 8): a download registry beyond Fashion-MNIST (GLUE ships zips); the TensorFlow.js backend selection (tfjs-node, else wasm with the missing
 * training kernels, cpu last with a warning); CNN / RNN / MLP builders with tunable plain
 * hyperparameter objects; training with early stopping and per-epoch callbacks; save/load;
 * train/evaluate/predict pipeline components; accuracy and speed benchmarks.
 */
export * from './csv-table.js';
export * from './data-files.js';
export * from './dataset.js';
export * from './glue.js';
export * from './idx.js';
export * from './image.js';
export * from './image-folder.js';
export * from './squad.js';
export * from './tokenizer.js';
