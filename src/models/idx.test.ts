import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { batches } from './dataset.js';
import { FASHION_MNIST_CLASSES, loadIdx, parseIdx } from './idx.js';
import { stackImages } from './image.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const images = join(fixtures, 'fashion-mnist-300-images-idx3-ubyte.gz');
const labels = join(fixtures, 'fashion-mnist-300-labels-idx1-ubyte.gz');

describe('IDX (Fashion-MNIST sample)', () => {
  it('reads gzipped files into 28×28×1 images in [0, 1] with labels', async () => {
    const ds = await loadIdx({ images, labels, classes: FASHION_MNIST_CLASSES });
    expect(ds.size).toBe(300);
    const [first] = await ds.read([0]);
    expect(first!.height).toBe(28);
    expect(first!.label).toBe(9); // the first Fashion-MNIST test image is an ankle boot
    expect(Math.max(...first!.pixels)).toBeLessThanOrEqual(1);
    expect(Math.max(...first!.pixels)).toBeGreaterThan(0.9);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < ds.size; i++) counts[ds.labelOf!(i)]++;
    expect(counts.every((c) => c > 15)).toBe(true);
  });

  it('reads uncompressed files the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-idx-'));
    writeFileSync(join(dir, 'i'), gunzipSync(readFileSync(images)));
    writeFileSync(join(dir, 'l'), gunzipSync(readFileSync(labels)));
    const plain = await loadIdx({ images: join(dir, 'i'), labels: join(dir, 'l') });
    const gz = await loadIdx({ images, labels });
    const [a] = await plain.read([123]);
    const [b] = await gz.read([123]);
    expect(a).toEqual(b);
  });

  it('stacks a batch into one [n, 28, 28, 1] buffer', async () => {
    const ds = await loadIdx({ images, labels });
    for await (const batch of batches(ds, { batchSize: 64 })) {
      const t = stackImages(batch);
      expect(t.shape).toEqual([64, 28, 28, 1]);
      expect(t.x.length).toBe(64 * 784);
      break;
    }
  });

  it('names truncated, mismatched and foreign files', async () => {
    const raw = gunzipSync(readFileSync(images));
    expect(() => parseIdx(raw.subarray(0, 5000), 'cut.idx')).toThrow(
      /cut.idx: truncated: header says 300×28×28/,
    );
    expect(() => parseIdx(readFileSync(images).subarray(0, 1000), 'cut.gz')).toThrow(
      /corrupt or truncated gzip/,
    );
    expect(() => parseIdx(new TextEncoder().encode('hello world'), 'text.txt')).toThrow(/bad magic/);
    await expect(loadIdx({ images, labels: images })).rejects.toThrow(/1-d label array/);
    await expect(loadIdx({ images: join(fixtures, 'nope.gz'), labels })).rejects.toThrow(
      /cannot read IDX file/,
    );
  });
});
