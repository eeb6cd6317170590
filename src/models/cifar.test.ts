import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CIFAR10_ARCHIVE, CIFAR10_BATCHES, loadCifar10, parseCifarMeta } from './cifar.js';

const tarGz = readFileSync(new URL('./fixtures/archives/cifar-10-binary-tiny.tar.gz', import.meta.url));
const URL_ = 'https://mirror.test/cifar-10-binary.tar.gz';
const archive = {
  url: URL_,
  md5: createHash('md5').update(tarGz).digest('hex'),
  fileSha256: undefined,
  size: undefined,
};
const tmp = () => mkdtempSync(join(tmpdir(), 'kite-cifar-'));

function fakeFetch() {
  const calls: string[] = [];
  const f = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return String(input) === URL_ ? new Response(new Uint8Array(tarGz)) : new Response(null, { status: 404 });
  }) as typeof fetch;
  return { fetch: f, calls };
}

/** The fixture's pixel rule (see fixtures/archives/make.py). */
const expected = (label: number, c: number, p: number, first: number, k: number) =>
  ((37 * label + 5 * c + p + first + k) % 256) / 255;

describe('loadCifar10', () => {
  it('downloads the archive once and decodes records as 32×32×3 HWC images', async () => {
    const cacheDir = tmp();
    const { fetch, calls } = fakeFetch();
    const test = await loadCifar10({ split: 'test', cacheDir, fetch, archive });
    expect(test.size).toBe(3);
    expect(test.classes).toEqual(
      parseCifarMeta(
        readFileSync(join(cacheDir, 'cifar10', 'cifar-10-batches-bin', 'batches.meta.txt'), 'utf8'),
      ),
    );
    expect(test.classes?.[3]).toBe('cat');
    const [a, b] = await test.read([0, 2]);
    expect(a).toMatchObject({ height: 32, width: 32, channels: 3, label: 3 });
    expect(b!.label).toBe(0);
    for (const [y, x, c] of [
      [0, 0, 0],
      [0, 1, 2],
      [31, 31, 1],
      [5, 7, 2],
    ] as const) {
      const p = y * 32 + x;
      expect(a!.pixels[p * 3 + c]).toBeCloseTo(expected(3, c, p, 100, 0), 6);
      expect(b!.pixels[p * 3 + c]).toBeCloseTo(expected(0, c, p, 100, 2), 6);
    }
    const train = await loadCifar10({ split: 'train', cacheDir, fetch, archive });
    expect(train.size).toBe(10);
    expect(Array.from({ length: 10 }, (_, i) => train.labelOf!(i))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [last] = await train.read([9]);
    expect(last!.pixels[0]).toBeCloseTo(expected(9, 0, 0, 40, 1), 6);
    expect(calls).toEqual([URL_]);
  });

  it('normalises per channel', async () => {
    const cacheDir = tmp();
    const { fetch } = fakeFetch();
    const norm = { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.5] };
    const [img] = await (
      await loadCifar10({ split: 'test', cacheDir, fetch, archive, normalization: norm })
    ).read([1]);
    for (let c = 0; c < 3; c++) {
      expect(img!.pixels[c]).toBeCloseTo((expected(8, c, 0, 100, 1) - norm.mean[c]!) / norm.std[c]!, 5);
    }
  });

  it('reads a local cifar-10-batches-bin folder, and refuses a truncated batch', async () => {
    const dataDir = tmp();
    const dir = join(dataDir, 'cifar-10-batches-bin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'batches.meta.txt'), 'a\nb\n');
    for (const f of [...CIFAR10_BATCHES.train, ...CIFAR10_BATCHES.test]) {
      writeFileSync(join(dir, f), new Uint8Array(3073 * 2).fill(1));
    }
    const { fetch, calls } = fakeFetch();
    const ds = await loadCifar10({ split: 'train', dataDir, cacheDir: tmp(), fetch });
    expect(ds.size).toBe(10);
    expect(ds.classes).toEqual(['a', 'b']);
    writeFileSync(join(dir, 'test_batch.bin'), new Uint8Array(3073 + 5));
    await expect(loadCifar10({ split: 'test', dataDir, fetch })).rejects.toThrow(
      /test_batch\.bin: 3078 bytes is not a whole number of 3073-byte records/,
    );
    writeFileSync(join(dir, 'test_batch.bin'), new Uint8Array(3073).fill(7));
    await expect(loadCifar10({ split: 'test', dataDir, fetch })).rejects.toThrow(
      /label 7 but batches\.meta\.txt names 2/,
    );
    expect(calls).toEqual([]);
  });

  it('says where it looked when offline', async () => {
    const cacheDir = tmp();
    const e = await loadCifar10({ split: 'test', dataDir: '/nowhere', cacheDir, download: false }).catch(
      (x) => x,
    );
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('/nowhere/cifar-10-batches-bin/');
    expect(e.message).toContain('/nowhere/cifar10/cifar-10-batches-bin/');
    expect(e.message).toContain(join(cacheDir, 'cifar10', 'cifar-10-batches-bin'));
    expect(e.hint).toContain(CIFAR10_ARCHIVE.url);
  });
});
