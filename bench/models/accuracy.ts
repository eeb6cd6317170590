/**
 * Accuracy benchmarks on real data (issue 8 targets: CNN ≥ 91 % Fashion-MNIST test, RNN ≥ 78 %
 * SST-2 dev, CIFAR-10 JPEG folders end to end). Reads `KITE_DATA_DIR` (default
 * `../shared/data`). `--limit N` trains on the first N shuffled training examples (a smoke
 * run); results go to stdout as one JSON line, to be recorded in RESULTS.md.
 *
 *   npx tsx bench/models/accuracy.ts fashion-mnist --epochs 8 --hp '{"dropout":0.2,"denseDropout":0.3}'
 *   npx tsx bench/models/accuracy.ts sst2 --epochs 10 --val-split 0.1 --patience 2 --seed 1
 *   ... sst2 ... --hp '{"pooling":"last","embeddingDropout":0,"wordDropout":0}'   (the pre-pooling RNN)
 *   npx tsx bench/models/accuracy.ts cifar10 --epochs 8 --val-split 0.1 --patience 3
 *   npx tsx bench/models/accuracy.ts fashion-mnist --epochs 1 --limit 2000   (smoke run)
 *   ... --stock-kernels   (wasm's own slow kernels, for comparison)
 *   ... --engine tfjs|onnx|auto   (where training steps run; auto: ONNX Runtime when installed)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import {
  buildCnn,
  buildRnn,
  buildVocabulary,
  type Collated,
  collateImages,
  collateText,
  type Dataset,
  DEFAULT_CNN,
  DEFAULT_RNN,
  epochOrder,
  initBackend,
  loadFashionMnist,
  loadGlue,
  loadImageFolder,
  predictProbabilities,
  splitDataset,
  subset,
  type TrainEngine,
  trainModel,
} from '../../src/models/index.js';
import { evaluateClassifier } from '../../src/stats/index.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string', default: '5' },
    limit: { type: 'string' },
    'batch-size': { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    'stock-kernels': { type: 'boolean', default: false },
    /** JSON merged over the task's default hyperparameters, e.g. '{"dropout":0.1}'. */
    hp: { type: 'string', default: '{}' },
    /** Evaluate the test set after every epoch (logged as val_*; monitoring only, no selection). */
    monitor: { type: 'boolean', default: false },
    /** Hold out this fraction of the training set (stratified) for early stopping on val_accuracy. */
    'val-split': { type: 'string' },
    patience: { type: 'string', default: '2' },
    /** Text tasks: a word needs this many training occurrences to enter the vocabulary. */
    'min-count': { type: 'string', default: '1' },
    /** Where training steps run: auto (ONNX Runtime when installed and supported), tfjs, onnx. */
    engine: { type: 'string', default: 'auto' },
  },
});
const task = positionals[0] ?? 'fashion-mnist';
const dataDir = process.env.KITE_DATA_DIR ?? join(import.meta.dirname, '../../../shared/data');
const epochs = Number(values.epochs);
const batchSize = Number(values['batch-size']);
const seed = Number(values.seed);
const hpOverride = JSON.parse(values.hp) as Record<string, unknown>;
const backend = await initBackend({
  logger: { ...console, info: () => {}, debug: () => {} },
  replaceSlowKernels: !values['stock-kernels'],
});

function limited<E>(ds: Dataset<E>): Dataset<E> {
  if (!values.limit) return ds;
  return subset(ds, epochOrder(ds.size, { shuffle: true, seed }).slice(0, Number(values.limit)));
}

async function run<E>(
  hp: object,
  model: tf.LayersModel,
  train: Dataset<E>,
  test: Dataset<E>,
  collate: (b: E[]) => Collated,
  labelOf: (i: number) => number,
  classes: readonly string[],
): Promise<void> {
  const started = performance.now();
  const valFraction = Number(values['val-split'] ?? 0);
  const [fit, validation] =
    valFraction > 0
      ? (splitDataset(limited(train), { fractions: [1 - valFraction, valFraction], seed }) as [
          Dataset<E>,
          Dataset<E>,
        ])
      : [limited(train), undefined];
  const testAccuracy = async (): Promise<number> => {
    const p = await predictProbabilities(model, test, collate);
    let right = 0;
    for (const [i, row] of p.entries()) if (row.indexOf(Math.max(...row)) === labelOf(i)) right++;
    return right / test.size;
  };
  const result = await trainModel(model, {
    train: fit,
    ...(validation
      ? {
          validation,
          earlyStopping: { monitor: 'val_accuracy', patience: Number(values.patience) },
        }
      : {}),
    collate,
    epochs,
    batchSize,
    seed,
    engine: values.engine as TrainEngine,
    onEpochEnd: async (epoch, m) => {
      // Monitoring only: the test set never chooses an epoch or a weight.
      const monitored = values.monitor ? { test_accuracy_monitor: await testAccuracy() } : {};
      console.error(`epoch ${epoch + 1}: ${JSON.stringify({ ...m, ...monitored })}`);
    },
  });
  const probs = await predictProbabilities(model, test, collate);
  const yTrue = Array.from({ length: test.size }, (_, i) => labelOf(i));
  const ev = evaluateClassifier({ yTrue, probabilities: probs, classes });
  console.log(
    JSON.stringify({
      task,
      backend: backend.name,
      engine: result.engine,
      kernels: backend.addedKernels,
      hyperparameters: hp,
      epochs: result.history.length,
      bestEpoch: result.bestEpoch + 1,
      // What selection may look at (held out from the training split), never the test set.
      validationAccuracy: result.history[result.bestEpoch]?.val_accuracy,
      trainExamples: fit.size,
      validationExamples: validation?.size ?? 0,
      testExamples: test.size,
      accuracy: ev.metrics.accuracy,
      macroF1: ev.metrics['macro.f1'],
      seconds: (performance.now() - started) / 1000,
      trainSamplesPerSecond: result.history.map((h) => Math.round(h.samplesPerSecond!)),
    }),
  );
}

if (task === 'fashion-mnist') {
  const train = await loadFashionMnist('train', { dataDir, download: false });
  const test = await loadFashionMnist('test', { dataDir, download: false });
  const hp = { ...DEFAULT_CNN, ...hpOverride };
  const model = buildCnn(hp, {
    inputShape: [28, 28, 1],
    head: { task: 'classification', numClasses: 10 },
    seed,
  });
  await run(hp, model, train, test, collateImages, (i) => test.labelOf!(i), test.classes!);
} else if (task === 'sst2') {
  const train = await loadGlue(join(dataDir, 'sst2-sentence/train.tsv'), 'sst-2');
  const dev = await loadGlue(join(dataDir, 'glue/SST-2/dev.tsv'), 'sst-2');
  const vocab = buildVocabulary(
    train.examples.map((e) => e.text),
    { minCount: Number(values['min-count']) },
  );
  const maxLength = 56;
  const hp = { ...DEFAULT_RNN, ...hpOverride };
  const model = buildRnn(hp, {
    vocabularySize: vocab.tokens.length,
    maxLength,
    head: { task: 'classification', numClasses: 2 },
    seed,
  });
  await run(hp, model, train, dev, collateText(vocab, maxLength), (i) => dev.examples[i]!.label!, [
    'negative',
    'positive',
  ]);
} else if (task === 'cifar10') {
  const train = await loadImageFolder({ root: join(dataDir, 'cifar10-jpg/train'), size: [32, 32] });
  const test = await loadImageFolder({
    root: join(dataDir, 'cifar10-jpg/test'),
    size: [32, 32],
    classes: train.classes,
  });
  // Batch norm off: on wasm it trains at a third of the speed (bench/models/RESULTS.md).
  const hp = { ...DEFAULT_CNN, convBlocks: 3, batchNorm: false, ...hpOverride };
  const model = buildCnn(hp, {
    inputShape: [32, 32, 3],
    head: { task: 'classification', numClasses: 10 },
    seed,
  });
  await run(hp, model, train, test, collateImages, (i) => test.labelOf!(i), train.classes);
  if (train.skipped.length + test.skipped.length > 0)
    console.error(`skipped images: ${JSON.stringify([...train.skipped, ...test.skipped])}`);
} else {
  console.error(`unknown task '${task}': use fashion-mnist, sst2 or cifar10`);
  process.exitCode = 2;
}
