import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTar } from './archive-tar.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/archives/${name}`, import.meta.url)));
const LONG = `d/${'x'.repeat(120)}.txt`;

describe('readTar', () => {
  it('reads a gzipped tar written by Python', () => {
    const entries = readTar(fixture('cifar-10-binary-tiny.tar.gz'), 'c.tar.gz');
    expect(entries[0]).toMatchObject({ name: 'cifar-10-batches-bin/', type: 'directory' });
    const meta = entries.find((e) => e.name === 'cifar-10-batches-bin/batches.meta.txt')!;
    expect(meta.type).toBe('file');
    expect(new TextDecoder().decode(meta.read())).toMatch(/^airplane\nautomobile\n/);
    const test = entries.find((e) => e.name.endsWith('test_batch.bin'))!;
    expect(test.size).toBe(3 * 3073);
    expect(test.read()[0]).toBe(3);
    expect(entries).toHaveLength(9);
  });

  it('reads GNU and pax long names', () => {
    const gnu = readTar(fixture('long-gnu.tar'), 'g.tar');
    expect(gnu.map((e) => [e.name, e.type, e.size])).toEqual([[LONG, 'file', 5]]);
    expect(new TextDecoder().decode(gnu[0]!.read())).toBe('hello');
    const pax = readTar(fixture('long-pax.tar'), 'p.tar');
    expect(pax.map((e) => [e.name, e.type])).toEqual([[`${LONG}é`, 'file']]);
    expect(new TextDecoder().decode(pax[0]!.read())).toBe('hello');
  });

  it('refuses a corrupt header and a truncated archive', () => {
    const tar = gunzipSync(fixture('cifar-10-binary-tiny.tar.gz'));
    const bad = new Uint8Array(tar);
    bad[512 + 3] = bad[512 + 3]! ^ 0x20; // a byte of the second header's name
    expect(() => readTar(bad, 'bad.tar')).toThrow(/bad\.tar: header at byte 512: checksum mismatch/);
    expect(() => readTar(tar.subarray(0, 2000), 'cut.tar')).toThrow(
      /cut\.tar: the archive ends inside a header at byte 1536/,
    );
    expect(() => readTar(tar.subarray(0, 3000), 'cut.tar')).toThrow(
      /cut\.tar: .*data_batch_1\.bin: data runs past the end/,
    );
    expect(() =>
      readTar(fixture('long-gnu.tar').subarray(0, 100).fill(0x1f, 0, 1).fill(0x8b, 1, 2), 'z'),
    ).toThrow(/corrupt or truncated gzip/);
  });
});
