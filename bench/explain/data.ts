/** Reads Fashion-MNIST test images (IDX, gzip) from the benchmark data directory. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export function dataDir(): string {
  return process.env.KITE_DATA_DIR ?? '../shared/data';
}

export function fashionMnist(count: number): Float64Array[] {
  const buf = gunzipSync(readFileSync(join(dataDir(), 'fashion-mnist', 't10k-images-idx3-ubyte.gz')));
  const n = buf.readUInt32BE(4);
  const rows = buf.readUInt32BE(8);
  const cols = buf.readUInt32BE(12);
  const out: Float64Array[] = [];
  for (let i = 0; i < Math.min(n, count); i++) {
    const img = new Float64Array(rows * cols);
    for (let p = 0; p < rows * cols; p++) img[p] = (buf[16 + i * rows * cols + p] as number) / 255;
    out.push(img);
  }
  return out;
}
