/**
 * # models (layer 3): datasets, preprocessing, TensorFlow.js models, and fast training
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
 * - Text: {@link loadGlue} (SST-2, CoLA, MRPC, RTE, QNLI, WNLI, STS-B, MNLI, QQP TSV files);
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
 *   once (checksum-verified, atomic); {@link loadFashionMnist} uses it. A `DataFileSpec` carries
 *   `sha256` (of the gunzipped content), `md5` / `fileSha256` / `size` (of the bytes as served,
 *   as torchvision, torchtext, tfds and Hugging Face publish them) and `mirrors`; a mismatch is
 *   `INVALID_DATA` naming the URL and both digests, and nothing is cached.
 * - Archives: {@link resolveArchiveFolder} (`archive-cache.ts`) does the same for a folder inside
 *   a zip or tar(.gz), extracting it into a temporary folder renamed into the cache; own readers
 *   {@link readZip} (stored/deflate, CRC-32 checked) and {@link readTar} (ustar, GNU/pax long
 *   names); an entry that could escape the folder ({@link safeEntryPath}) refuses the archive.
 * - Registry (`dataset-registry.ts`, `cifar.ts`): {@link loadMnist} (torchvision's mirrors and
 *   MD5s), {@link resolveGlueTask} / {@link loadGlueTask} (GLUE zips, {@link GLUE_ARCHIVES}: HF
 *   SHA-256 + torchtext MD5; MRPC, which has no zip, built from Microsoft's files as GLUE's
 *   script does: {@link buildMrpc}), {@link loadCifar10} (binary version, tfds SHA-256 + the
 *   dataset page's MD5). Each spec comment cites its source.
 *
 * - TensorFlow.js: {@link initBackend} picks tfjs-node when installed, else WASM (SIMD) with
 *   the training kernels it lacks ({@link registerWasmTrainingKernels}: Conv2DBackpropFilter,
 *   UnsortedSegmentSum) and faster replacements of slow ones (Conv2DBackpropInput, MaxPoolGrad,
 *   transposed BatchMatMul, Unpack, Reverse, a zero-copy Identity, Tile in
 *   `tile-kernel.ts`), else cpu with a warning. First-layer filter gradients (few input channels) run as one im2col matmul
 *   (`conv-filter-grad.ts`). {@link FusedLstm} (the default LSTM of {@link buildRnn}) runs a
 *   whole sequence as one differentiable op, its four gates through one wasm sigmoid per step;
 *   WASM worker threads (`wasm-threads.ts`): tfjs turns them off in Node; Kite's default (`'auto'`:
 *   the cores, at most 4; `initBackend({ threads })` or `KITE_WASM_THREADS=N|auto` choose) starts the threaded SIMD build from temp-file copies of its
 *   worker and factory scripts (Node cannot load `blob:` workers) and unrefs the workers;
 *   the returned {@link BackendInfo} is for the
 *   run record. {@link FusedLstm} runs its per-step products and tanh as direct XNNPACK calls
 *   on wasm-heap buffers (`step-matmul.ts`: no tensor per step).
 *   Builders {@link buildCnn}, {@link buildRnn}, {@link buildMlp} take flat
 *   hyperparameter objects (AutoML-friendly, validated); the RNN pools over time (last/max/mean
 *   of the unmasked steps, {@link MaskedPooling}) with word and spatial embedding dropout
 *   (`sequence-layers.ts`). Every builder's dropout is {@link StepDropout} (a fresh mask per
 *   step): `tf.layers.dropout({ seed })` draws the same mask at every step; {@link trainModel} streams batches with
 *   seeded shuffles, validation, early stopping (best weights restored) and an `onEpochEnd`
 *   callback (return false to stop); {@link saveModel} / {@link loadModel} keep a model card
 *   (classes, vocabulary, hyperparameters) beside the weights.
 *
 * - Pipeline components (`components.ts`, the only file importing `dsl`): `train-model`,
 *   `evaluate-model` (writes `system.Metrics` + `system.ClassificationMetrics`), `predict`; data
 *   is a Dataset artifact plus a format ({@link openDataset}); `prepare.ts` fits and replays the
 *   preprocessing (vocabulary, image size, standardisation) through the model card.
 *
 * - ONNX (`onnx/`, its own guide): {@link exportOnnx} / {@link saveOnnx} write any builder's model
 *   as ONNX (Kite's own protobuf writer, no dependency); {@link loadOnnxModel} runs it on the
 *   optional `onnxruntime-node` (imported on first use) with tfjs-identical predictions;
 *   `train-model` writes `model.onnx` (default `onnx: true`), and `predict` / `evaluate-model` use
 *   it (`engine: auto`) when the runtime loads.
 * - Training on ONNX Runtime (`onnx-train/`, its own guide): {@link compileTrainStep} compiles a
 *   model's whole training step (forward, hand-written reverse-mode gradients per layer, loss,
 *   Adam / momentum) into one ONNX graph; {@link OnnxTrainer} runs it on `onnxruntime-node`'s
 *   native kernels and writes the weights back into the tfjs model. {@link trainModel} and
 *   `train-model` use it by default (`engine: 'auto'`) when the runtime is installed and every
 *   layer is supported (every builder CNN, RNN and MLP), else
 *   tfjs, recording which (`result.engine`, the model card's `trainEngine`). Same numbers as
 *   tfjs step for step (< 1e-5); 1.22× / 0.98× a tuned PyTorch's CPU training speed
 *   (CNN / LSTM, one thread; 0.97× / 1.23× at two) where tfjs-wasm gets 0.3–0.4×.
 *
 * Benchmarks: `bench/models/accuracy.ts` (real data; targets and results in
 * `bench/models/RESULTS.md`), `bench/models/speed.ts` (Kite vs tuned PyTorch CPU in one command,
 * plus a per-kernel self-time profile of a training step), `bench/models/kernels.ts`.
 *
 * Left to do (issue 8): tfjs-wasm training itself stays at ~0.4× PyTorch (RESULTS.md: wasm's
 * 128-bit SIMD against AVX-512; the ONNX trainer is the fast path); the ONNX trainer lacks
 * dilated convolutions (no builder makes them); MNLI and QQP have registry entries but were
 * never downloaded here (not in the shared data); GLUE's diagnostic set (AX.tsv) is not wired.
 */
export * from './archive-cache.js';
export * from './archive-entry.js';
export * from './archive-tar.js';
export * from './archive-zip.js';
export * from './builders.js';
export * from './cifar.js';
export * from './components.js';
export * from './csv-table.js';
export * from './data-files.js';
export * from './data-source.js';
export * from './dataset.js';
export * from './dataset-registry.js';
export * from './dataset-registry-mrpc.js';
export * from './fused-lstm.js';
export * from './glue.js';
export * from './idx.js';
export * from './image.js';
export * from './image-folder.js';
export * from './onnx/index.js';
export * from './onnx-train/index.js';
export * from './persist.js';
export * from './prepare.js';
export * from './sequence-layers.js';
export * from './squad.js';
export * from './tf-backend.js';
export * from './tf-kernels.js';
export * from './tokenizer.js';
export * from './train.js';
export { wantedWasmThreads } from './wasm-threads.js';
