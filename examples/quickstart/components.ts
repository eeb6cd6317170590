/**
 * Components of the quick-start pipeline: a small, dependency-free binary classification
 * workflow (make data → split → train logistic regression → evaluate → publish or reject).
 * The data are synthetic, drawn from two seeded Gaussian clouds, so the demo runs anywhere.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { artifact, component, param } from 'kite';

type Row = { x: number[]; y: number };

/** A small seeded generator (mulberry32) so that every run makes the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

function writeCsv(path: string, rows: Row[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const header = [...rows[0]!.x.map((_, i) => `x${i}`), 'label'].join(',');
  writeFileSync(path, `${header}\n${rows.map((r) => [...r.x, r.y].join(',')).join('\n')}\n`);
}

function readCsv(path: string): Row[] {
  const [, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return lines.map((line) => {
    const cells = line.split(',').map(Number);
    return { x: cells.slice(0, -1), y: cells.at(-1)! };
  });
}

export const makeDataset = component({
  name: 'make-dataset',
  description: 'Draws a labelled dataset from two Gaussian clouds.',
  inputs: {
    rows: param.integer({ default: 400 }),
    features: param.integer({ default: 4 }),
    seed: param.integer({ default: 7 }),
  },
  outputs: { data: artifact.dataset() },
  run: ({ rows, features, seed }, { outputs }) => {
    const next = rng(seed);
    const data: Row[] = [];
    for (let i = 0; i < rows; i++) {
      const y = i % 2;
      data.push({
        x: Array.from({ length: features }, (_, j) => gaussian(next) + (y === 1 ? 1.2 - j * 0.2 : 0)),
        y,
      });
    }
    writeCsv(outputs.data.path, data);
    outputs.data.metadata.rows = rows;
  },
});

export const splitDataset = component({
  name: 'split-dataset',
  inputs: { data: artifact.dataset(), testFraction: param.number({ default: 0.25 }) },
  outputs: { train: artifact.dataset(), test: artifact.dataset(), testRows: param.integer() },
  run: ({ data, testFraction }, { outputs }) => {
    const rows = readCsv(data.path);
    const cut = Math.round(rows.length * (1 - testFraction));
    writeCsv(outputs.train.path, rows.slice(0, cut));
    writeCsv(outputs.test.path, rows.slice(cut));
    return { testRows: rows.length - cut };
  },
});

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export const trainModel = component({
  name: 'train-logreg',
  description: 'Logistic regression by batch gradient descent; reports the loss per epoch.',
  inputs: {
    data: artifact.dataset(),
    learningRate: param.number({ default: 0.1 }),
    epochs: param.integer({ default: 50 }),
  },
  outputs: { model: artifact.model(), trainLoss: param.number() },
  run: ({ data, learningRate, epochs }, { outputs, report, signal }) => {
    const rows = readCsv(data.path);
    const w = new Array<number>(rows[0]!.x.length + 1).fill(0);
    let loss = 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      signal.throwIfAborted();
      const grad = new Array<number>(w.length).fill(0);
      loss = 0;
      for (const r of rows) {
        const p = sigmoid(w[0]! + r.x.reduce((s, v, i) => s + v * w[i + 1]!, 0));
        loss -= r.y * Math.log(p + 1e-12) + (1 - r.y) * Math.log(1 - p + 1e-12);
        grad[0]! += p - r.y;
        r.x.forEach((v, i) => {
          grad[i + 1]! += (p - r.y) * v;
        });
      }
      for (let i = 0; i < w.length; i++) w[i]! -= (learningRate * grad[i]!) / rows.length;
      loss /= rows.length;
      report(epoch, { loss });
    }
    mkdirSync(dirname(outputs.model.path), { recursive: true });
    writeFileSync(outputs.model.path, JSON.stringify({ kind: 'logistic-regression', weights: w }));
    outputs.model.metadata.framework = 'kite-example';
    return { trainLoss: loss };
  },
});

export const evaluateModel = component({
  name: 'evaluate',
  inputs: { model: artifact.model(), data: artifact.dataset() },
  outputs: {
    metrics: artifact.metrics(),
    confusion: artifact.classificationMetrics(),
    accuracy: param.number(),
  },
  run: ({ model, data }, { outputs }) => {
    const { weights } = JSON.parse(readFileSync(model.path, 'utf8')) as { weights: number[] };
    const m = [
      [0, 0],
      [0, 0],
    ];
    for (const r of readCsv(data.path)) {
      const p = sigmoid(weights[0]! + r.x.reduce((s, v, i) => s + v * weights[i + 1]!, 0)) >= 0.5 ? 1 : 0;
      m[r.y]![p]! += 1;
    }
    const total = m[0]![0]! + m[0]![1]! + m[1]![0]! + m[1]![1]!;
    const accuracy = (m[0]![0]! + m[1]![1]!) / total;
    const precision = m[1]![1]! / Math.max(1, m[0]![1]! + m[1]![1]!);
    const recall = m[1]![1]! / Math.max(1, m[1]![0]! + m[1]![1]!);
    Object.assign(outputs.metrics.metadata, { accuracy, precision, recall });
    outputs.confusion.metadata.confusionMatrix = {
      annotationSpecs: [{ displayName: '0' }, { displayName: '1' }],
      rows: m.map((row) => ({ row })),
    };
    for (const o of [outputs.metrics, outputs.confusion]) {
      mkdirSync(dirname(o.path), { recursive: true });
      writeFileSync(o.path, JSON.stringify(o.metadata));
    }
    return { accuracy };
  },
});

export const publishModel = component({
  name: 'publish-model',
  inputs: { model: artifact.model(), accuracy: param.number() },
  outputs: { card: artifact.html() },
  run: ({ model, accuracy }, { outputs, log }) => {
    log.info(`publishing ${model.uri} (accuracy ${accuracy.toFixed(3)})`);
    mkdirSync(dirname(outputs.card.path), { recursive: true });
    writeFileSync(
      outputs.card.path,
      `<h1>Model card</h1><p>Accuracy: ${accuracy.toFixed(3)}</p><p>Model: ${model.uri}</p>`,
    );
  },
});

export const rejectModel = component({
  name: 'reject-model',
  inputs: { accuracy: param.number(), threshold: param.number() },
  outputs: { note: artifact.markdown() },
  run: ({ accuracy, threshold }, { outputs }) => {
    mkdirSync(dirname(outputs.note.path), { recursive: true });
    writeFileSync(
      outputs.note.path,
      `# Model rejected\n\nAccuracy ${accuracy.toFixed(3)} is below ${threshold}.\n`,
    );
  },
});

export const notify = component({
  name: 'notify',
  description: 'Runs whatever happened (exit handler) and logs the final status.',
  inputs: { status: param.taskFinalStatus(), channel: param.string({ default: 'stdout' }) },
  outputs: {},
  run: ({ status, channel }, { log }) => {
    log.info(`[${channel}] pipeline task ${status.pipelineTaskName} finished: ${status.state}`);
  },
});
