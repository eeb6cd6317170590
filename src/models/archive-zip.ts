/**
 * A small ZIP reader: the central directory (found from the end-of-central-directory record),
 * entries stored (method 0) or deflated (method 8, through `zlib.inflateRawSync`), each checked
 * against its CRC-32 and size when read. Encrypted entries and ZIP64 archives (over 4 GiB or
 * 65,535 entries) are refused with a clear error. Format: PKWARE APPNOTE.TXT, sections 4.3–4.4.
 */
import { inflateRawSync } from 'node:zlib';
import { KiteError } from '../core/index.js';
import { type ArchiveEntry, crc32 } from './archive-entry.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Lists a ZIP archive held in memory; each entry's `read()` decompresses it and checks its
 * CRC-32. `where` (a file name or URL) goes into every error message.
 *
 * @example
 * ```ts
 * const dev = readZip(bytes, 'SST-2.zip').find((e) => e.name === 'SST-2/dev.tsv')?.read();
 * ```
 */
export function readZip(bytes: Uint8Array, where: string): ArchiveEntry[] {
  const fail = (msg: string): never => {
    throw new KiteError('INVALID_DATA', `${where}: ${msg}`, { hint: 'is this a complete ZIP file?' });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('no end-of-central-directory record (not a ZIP file, or truncated)');
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    fail('ZIP64 archives are not supported');
  }
  if (cdOffset + cdSize > eocd) fail('the central directory lies outside the file (truncated?)');
  const decoder = new TextDecoder('utf-8');
  const entries: ArchiveEntry[] = [];
  let at = cdOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL)
      fail(`central directory entry ${n} is corrupt`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const unixMode = view.getUint32(at + 38, true) >>> 16;
    const localOffset = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    const fileType = unixMode & 0o170000;
    const type: ArchiveEntry['type'] = name.endsWith('/')
      ? 'directory'
      : fileType === 0 || fileType === 0o100000
        ? 'file'
        : 'other';
    const read = (): Uint8Array => {
      const here = `${where}: ${name}`;
      if (flags & 1) fail(`${name} is encrypted`);
      if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL) {
        fail(`${name}: bad local header`);
      }
      const start =
        localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
      if (start + compressed > bytes.length) fail(`${name}: data runs past the end of the file`);
      const raw = bytes.subarray(start, start + compressed);
      let data: Uint8Array;
      if (method === 0) data = raw;
      else if (method === 8) {
        try {
          // Bounded by the directory's size, so a lying entry cannot inflate without limit.
          data = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
        } catch (e) {
          if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
            return fail(`${name}: inflates to more than the ${size} bytes the directory says`);
          }
          throw new KiteError('INVALID_DATA', `${here}: corrupt deflate data (${(e as Error).message})`, {
            cause: e,
          });
        }
      } else {
        return fail(`${name}: compression method ${method} is not supported (only stored and deflate)`);
      }
      if (data.length !== size)
        fail(`${name}: ${data.length} bytes after inflating, the directory says ${size}`);
      const actual = crc32(data);
      if (actual !== crc) {
        fail(
          `${name}: CRC-32 mismatch (stored ${hex(crc)}, computed ${hex(actual)}): the archive is corrupt`,
        );
      }
      return data;
    };
    entries.push({ name, type, size, read });
  }
  return entries;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
