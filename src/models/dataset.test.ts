import { describe, expect, it } from 'vitest';
import { batches, epochOrder, fromArray, splitDataset, subset } from './dataset.js';

const items = Array.from({ length: 103 }, (_, i) => ({ id: i, label: i % 3 }));
const ds = fromArray(items, { labelOf: (e) => e.label, classes: ['a', 'b', 'c'] });

async function collect<T>(gen: AsyncGenerator<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const b of gen) out.push(b);
  return out;
}

describe('batches', () => {
  it('streams every example once per epoch, in batches', async () => {
    const bs = await collect(batches(ds, { batchSize: 10 }));
    expect(bs.map((b) => b.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(bs.flat().map((e) => e.id)).toEqual(items.map((e) => e.id));
    const dropped = await collect(batches(ds, { batchSize: 10, dropLast: true }));
    expect(dropped).toHaveLength(10);
  });

  it('shuffles reproducibly, differently per epoch', async () => {
    const a = (await collect(batches(ds, { batchSize: 16, shuffle: true, seed: 5 }))).flat().map((e) => e.id);
    const b = (await collect(batches(ds, { batchSize: 16, shuffle: true, seed: 5 }))).flat().map((e) => e.id);
    const c = (await collect(batches(ds, { batchSize: 16, shuffle: true, seed: 5, epoch: 1 })))
      .flat()
      .map((e) => e.id);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(items.map((e) => e.id));
  });

  it('refuses an unseeded shuffle, an empty dataset and a bad batch size', async () => {
    expect(() => epochOrder(5, { shuffle: true })).toThrow(/needs a seed/);
    await expect(collect(batches(fromArray([]), { batchSize: 4 }))).rejects.toThrow(/empty/);
    await expect(collect(batches(ds, { batchSize: 0 }))).rejects.toThrow(/positive integer/);
  });
});

describe('splitDataset', () => {
  it('gives disjoint, stratified, reproducible parts', async () => {
    const [train, val, test] = splitDataset(ds, { fractions: [0.8, 0.1, 0.1], seed: 9 });
    const ids = async (d: typeof ds) =>
      (await d.read(Array.from({ length: d.size }, (_, i) => i))).map((e) => e.id);
    const [a, b, c] = [await ids(train!), await ids(val!), await ids(test!)];
    expect(a.length + b.length + c.length).toBe(103);
    expect(new Set([...a, ...b, ...c]).size).toBe(103);
    // Each class (35, 34, 34 items) gives 3 items to validation.
    expect(b.map((i) => i % 3).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const [again] = splitDataset(ds, { fractions: [0.8, 0.1, 0.1], seed: 9 });
    expect(await ids(again!)).toEqual(a);
    expect(val!.labelOf!(0)).toBe(items[b[0]!]!.label);
  });

  it('checks fractions and subset indices', () => {
    expect(() => splitDataset(ds, { fractions: [0.8, 0.5], seed: 1 })).toThrow(/sum to at most 1/);
    expect(() => subset(ds, [0, 200])).toThrow(/outside the dataset/);
  });
});
