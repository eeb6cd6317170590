/**
 * Makes the small real samples that `src/models` tests use, from the shared data directory
 * (`KITE_DATA_DIR`, default `../shared/data`). Deterministic: same data in, same files out.
 *
 *   npx tsx bench/models/make-fixtures.ts
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';

const data = process.env.KITE_DATA_DIR ?? join(import.meta.dirname, '../../../shared/data');
const out = join(import.meta.dirname, '../../src/models/fixtures');

function idxSample(file: string, header: number, itemBytes: number, n: number, target: string): void {
  const raw = gunzipSync(readFileSync(join(data, 'fashion-mnist', file)));
  const head = Buffer.from(raw.subarray(0, header));
  head.writeUInt32BE(n, 4); // the item count
  const body = raw.subarray(header, header + n * itemBytes);
  writeFileSync(join(out, target), gzipSync(Buffer.concat([head, body]), { level: 9 }));
}

function firstLines(src: string, n: number, target: string): void {
  const lines = readFileSync(join(data, src), 'utf8').split('\n');
  writeFileSync(join(out, target), `${lines.slice(0, n + 1).join('\n')}\n`);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'glue'), { recursive: true });

// Fashion-MNIST: the first 300 test images (about 30 per class).
idxSample('t10k-images-idx3-ubyte.gz', 16, 784, 300, 'fashion-mnist-300-images-idx3-ubyte.gz');
idxSample('t10k-labels-idx1-ubyte.gz', 8, 1, 300, 'fashion-mnist-300-labels-idx1-ubyte.gz');

// SST-2 sentence-level train (300) and GLUE dev (100); a few lines of the pair tasks.
firstLines('sst2-sentence/train.tsv', 300, 'glue/sst2-train-300.tsv');
firstLines('glue/SST-2/dev.tsv', 100, 'glue/sst2-dev-100.tsv');
firstLines('glue/SST-2/test.tsv', 10, 'glue/sst2-test-10.tsv');
firstLines('glue/CoLA/dev.tsv', 20, 'glue/cola-dev-20.tsv');
firstLines('glue/MRPC/train.tsv', 20, 'glue/mrpc-train-20.tsv');
firstLines('glue/RTE/dev.tsv', 20, 'glue/rte-dev-20.tsv');
firstLines('glue/STS-B/dev.tsv', 20, 'glue/stsb-dev-20.tsv');

// CIFAR-10 JPEG folders: 4 training images of 3 classes, plus one PNG; a flat validation
// folder with a labels file; and broken images for the error paths.
const classes = ['airplane', 'cat', 'ship'];
for (const cls of classes) {
  const dir = join(out, 'cifar10', 'train', cls);
  mkdirSync(dir, { recursive: true });
  const names = readdirSync(join(data, 'cifar10-jpg', 'train', cls))
    .sort()
    .slice(0, 4);
  for (const name of names) copyFileSync(join(data, 'cifar10-jpg', 'train', cls, name), join(dir, name));
}
const firstCat = readdirSync(join(data, 'cifar10-jpg', 'train', 'cat')).sort()[4]!;
const img = decodeJpeg(readFileSync(join(data, 'cifar10-jpg', 'train', 'cat', firstCat)), {
  useTArray: true,
  formatAsRGBA: false,
});
writeFileSync(
  join(out, 'cifar10', 'train', 'cat', 'as-png.png'),
  encodePng({ width: img.width, height: img.height, data: img.data, channels: 3, depth: 8 }),
);
const val = join(out, 'cifar10', 'val');
mkdirSync(val, { recursive: true });
const lines = ['file\tlabel'];
for (const cls of classes) {
  const names = readdirSync(join(data, 'cifar10-jpg', 'test', cls))
    .sort()
    .slice(0, 2);
  for (const [k, name] of names.entries()) {
    const flat = `${cls}-${k}.jpg`;
    copyFileSync(join(data, 'cifar10-jpg', 'test', cls, name), join(val, flat));
    lines.push(`${flat}\t${cls}`);
  }
}
writeFileSync(join(out, 'cifar10', 'val-labels.tsv'), `${lines.join('\n')}\n`);
const broken = join(out, 'cifar10', 'corrupt', 'ship');
mkdirSync(broken, { recursive: true });
const someShip = readFileSync(
  join(
    data,
    'cifar10-jpg',
    'train',
    'ship',
    readdirSync(join(data, 'cifar10-jpg', 'train', 'ship')).sort()[0]!,
  ),
);
writeFileSync(join(broken, 'good.jpg'), someShip);
writeFileSync(join(broken, 'truncated.jpg'), someShip.subarray(0, Math.floor(someShip.length / 2)));
writeFileSync(join(broken, 'not-an-image.png'), 'this is text, not a PNG\n');
mkdirSync(join(out, 'cifar10', 'empty-class', 'ship'), { recursive: true });
writeFileSync(join(out, 'cifar10', 'empty-class', 'ship', 'good.jpg'), someShip);
mkdirSync(join(out, 'cifar10', 'empty-class', 'truck'), { recursive: true });
writeFileSync(join(out, 'cifar10', 'empty-class', 'truck', 'README.txt'), 'a class folder without images\n');

console.log(`fixtures written to ${out}`);
