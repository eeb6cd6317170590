import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32, safeEntryPath } from './archive-entry.js';
import { readZip } from './archive-zip.js';

const zip = new Uint8Array(readFileSync(new URL('./fixtures/archives/SST-2.zip', import.meta.url)));
const devTsv = readFileSync(new URL('./fixtures/glue/sst2-dev-100.tsv', import.meta.url), 'utf8');

describe('readZip', () => {
  it('reads a zip written by Python (deflate, directory entry)', () => {
    const entries = readZip(zip, 'SST-2.zip');
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ['SST-2/', 'directory'],
      ['SST-2/dev.tsv', 'file'],
      ['SST-2/test.tsv', 'file'],
    ]);
    const dev = new TextDecoder().decode(entries[1]!.read());
    expect(dev).toBe(devTsv.split('\n').slice(0, 21).join('\n') + '\n');
    expect(entries[1]!.size).toBe(entries[1]!.read().length);
  });

  it('refuses an entry whose CRC-32 does not match', () => {
    const bad = zip.slice();
    const entries = readZip(bad, 'x.zip');
    // Flip the stored CRC of dev.tsv in the central directory (offset 16 of its record).
    const view = new DataView(bad.buffer);
    let at = bad.length - 22;
    at = view.getUint32(at + 16, true); // central directory offset
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 16, view.getUint32(at + 16, true) ^ 1, true);
    expect(entries.length).toBe(3);
    expect(() => readZip(bad, 'x.zip')[1]!.read()).toThrow(/x\.zip: SST-2\/dev\.tsv: CRC-32 mismatch/);
  });

  it('refuses an entry that inflates past the size its directory gives', () => {
    const bad = zip.slice();
    const view = new DataView(bad.buffer);
    let at = view.getUint32(bad.length - 22 + 16, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 24, 10, true); // dev.tsv's uncompressed size
    expect(() => readZip(bad, 'x.zip')[1]!.read()).toThrow(
      /SST-2\/dev\.tsv: inflates to more than the 10 bytes/,
    );
  });

  it('says when the bytes are not a zip or are truncated', () => {
    expect(() => readZip(new TextEncoder().encode('hello world, not a zip at all'), 'a.zip')).toThrow(
      /a\.zip: no end-of-central-directory record/,
    );
    expect(() => readZip(zip.subarray(0, zip.length - 30), 'cut.zip')).toThrow(/cut\.zip/);
  });
});

describe('crc32 and safeEntryPath', () => {
  it('computes the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('keeps paths inside the folder', () => {
    expect(safeEntryPath('SST-2/./dev.tsv')).toBe('SST-2/dev.tsv');
    expect(safeEntryPath('a//b/')).toBe('a/b');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'a\0b', '', './']) {
      expect(safeEntryPath(bad)).toBeUndefined();
    }
  });
});
