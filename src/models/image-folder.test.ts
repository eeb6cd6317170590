import { describe, expect, it } from 'vitest';
import { isKiteError } from '../core/index.js';
import { createRng } from '../stats/index.js';
import { batches } from './dataset.js';
import { augment, type RawImage, resizeBilinear, stackImages, toChannels } from './image.js';
import { loadImageFolder } from './image-folder.js';

const root = new URL('./fixtures/cifar10/', import.meta.url).pathname;

describe('image folders (CIFAR-10 JPEG sample)', () => {
  it('reads class folders, decoding JPEG and PNG', async () => {
    const ds = await loadImageFolder({ root: `${root}train` });
    expect(ds.classes).toEqual(['airplane', 'cat', 'ship']);
    expect(ds.size).toBe(13);
    const all = await ds.read(Array.from({ length: ds.size }, (_, i) => i));
    expect(all).toHaveLength(13);
    expect(all.every((e) => e.height === 32 && e.width === 32 && e.channels === 3)).toBe(true);
    const png = ds.files.findIndex((f) => f.endsWith('as-png.png'));
    expect(all[png]!.label).toBe(1);
    const mean = all[0]!.pixels.reduce((s, v) => s + v, 0) / all[0]!.pixels.length;
    expect(mean).toBeGreaterThan(0.05);
    expect(mean).toBeLessThan(0.95);
  });

  it('resizes, converts to grey and normalises', async () => {
    const ds = await loadImageFolder({
      root: `${root}train`,
      size: [16, 20],
      channels: 1,
      normalization: { mean: [0.5], std: [0.25] },
    });
    for await (const b of batches(ds, { batchSize: 5, shuffle: true, seed: 1 })) {
      const t = stackImages(b);
      expect(t.shape).toEqual([5, 16, 20, 1]);
      expect(Math.min(...t.x)).toBeGreaterThanOrEqual(-2);
      expect(Math.max(...t.x)).toBeLessThanOrEqual(2);
      break;
    }
  });

  it('reads a flat validation folder through a labels file, with the training classes', async () => {
    const ds = await loadImageFolder({
      root: `${root}val`,
      labelsFile: `${root}val-labels.tsv`,
      classes: ['airplane', 'cat', 'ship'],
    });
    expect(ds.size).toBe(6);
    expect(Array.from({ length: 6 }, (_, i) => ds.labelOf!(i))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('says which lines of a labels file do not match the folder', async () => {
    const e = await loadImageFolder({
      root: `${root}val`,
      labelsFile: `${root}val-labels.tsv`,
      classes: ['airplane', 'cat'],
    }).catch((x: unknown) => x);
    expect(isKiteError(e) && e.code).toBe('INVALID_DATA');
    const issues = isKiteError(e) ? e.issues : [];
    expect(issues.map((i) => i.code)).toEqual(['unknown-class', 'unknown-class']);
    expect(issues[0]!.path).toMatch(/val-labels.tsv:6$/);
  });

  it('refuses a labels file that lists an image twice or misses one', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kite-labels-'));
    writeFileSync(join(dir, 'labels.tsv'), 'airplane-0.jpg\tairplane\nairplane-0.jpg\tairplane\n');
    const e = await loadImageFolder({ root: `${root}val`, labelsFile: join(dir, 'labels.tsv') }).catch(
      (x: unknown) => x,
    );
    const codes = isKiteError(e) ? e.issues.map((i) => i.code) : [];
    expect(codes.filter((c) => c === 'duplicate')).toHaveLength(1);
    expect(codes.filter((c) => c === 'unlabelled-image')).toHaveLength(5);
  });

  it('skips corrupt and truncated images, counting and naming them', async () => {
    const ds = await loadImageFolder({ root: `${root}corrupt` });
    const read = await ds.read([0, 1, 2]);
    expect(read).toHaveLength(1);
    expect(ds.skipped.map((s) => s.path.split('/').pop()).sort()).toEqual([
      'not-an-image.png',
      'truncated.jpg',
    ]);
    expect(ds.skipped.find((s) => s.path.endsWith('truncated.jpg'))!.reason).toMatch(/truncated JPEG/);
    const strict = await loadImageFolder({ root: `${root}corrupt`, onCorrupt: 'fail' });
    await expect(strict.read([0, 1, 2])).rejects.toThrow(/cannot decode image|not a JPEG or PNG/);
  });

  it('refuses a class folder with no images and a missing root', async () => {
    await expect(loadImageFolder({ root: `${root}empty-class` })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      issues: [{ code: 'empty-class' }],
    });
    await expect(loadImageFolder({ root: `${root}nowhere` })).rejects.toThrow(/looked in .*nowhere/);
  });
});

describe('image transforms', () => {
  const img: RawImage = { width: 2, height: 2, channels: 1, data: Uint8Array.from([0, 100, 200, 255]) };

  it('keeps a same-size resize and interpolates upsampling', () => {
    expect(resizeBilinear(img, 2, 2)).toBe(img);
    const up = resizeBilinear(img, 4, 4);
    expect(up.data[0]).toBe(0);
    expect(up.data[15]).toBe(255);
    expect(up.data[1]).toBe(25); // a quarter of the way from 0 to 100
  });

  it('converts grey to RGB and back', () => {
    const rgb = toChannels(img, 3);
    expect(Array.from(rgb.data.subarray(3, 6))).toEqual([100, 100, 100]);
    expect(Array.from(toChannels(rgb, 1).data)).toEqual([0, 100, 200, 255]);
  });

  it('augments reproducibly for a seed', () => {
    const a = augment(img, { flipHorizontal: true, cropPadding: 1 }, createRng(3));
    const b = augment(img, { flipHorizontal: true, cropPadding: 1 }, createRng(3));
    expect(a.data).toEqual(b.data);
    const flips = Array.from(
      { length: 40 },
      (_, s) => augment(img, { flipHorizontal: true }, createRng(s)).data[0],
    );
    expect(new Set(flips)).toEqual(new Set([0, 100]));
  });
});
