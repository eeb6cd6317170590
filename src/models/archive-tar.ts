/**
 * A small tar reader (POSIX ustar, with the GNU long-name and pax `path` / `size` extensions
 * that GNU tar and Python write): 512-byte headers, each checked against its header checksum,
 * regular files and directories; links and devices are listed as `other` and never extracted.
 * Gzipped input (`.tar.gz`) is gunzipped first.
 */
import { KiteError } from '../core/index.js';
import type { ArchiveEntry } from './archive-entry.js';
import { gunzipIfCompressed } from './gzip.js';

const BLOCK = 512;

/**
 * Lists a tar archive held in memory (gunzipping it first when it starts with the gzip magic).
 *
 * @example
 * ```ts
 * const meta = readTar(bytes, 'cifar-10-binary.tar.gz').find((e) => e.name.endsWith('batches.meta.txt'));
 * ```
 */
export function readTar(raw: Uint8Array, where: string): ArchiveEntry[] {
  const fail = (msg: string): never => {
    throw new KiteError('INVALID_DATA', `${where}: ${msg}`, { hint: 'is this a complete tar file?' });
  };
  const bytes = gunzipIfCompressed(raw, where);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8');
  const text = (at: number, len: number): string => {
    const field = bytes.subarray(at, at + len);
    const end = field.indexOf(0);
    return utf8.decode(end < 0 ? field : field.subarray(0, end));
  };
  const octal = (at: number, len: number, what: string): number => {
    if (bytes[at]! & 0x80) {
      // GNU base-256: big-endian binary in the remaining bytes.
      let n = 0;
      for (let i = 1; i < len; i++) n = n * 256 + bytes[at + i]!;
      return n;
    }
    const s = latin1
      .decode(bytes.subarray(at, at + len))
      .replace(/[\0 ]+$/g, '')
      .trim();
    if (s === '') return 0;
    if (!/^[0-7]+$/.test(s)) fail(`header at byte ${at - (at % BLOCK)}: ${what} '${s}' is not octal`);
    return Number.parseInt(s, 8);
  };
  const entries: ArchiveEntry[] = [];
  let longName: string | undefined;
  let pax: Record<string, string> = {};
  let at = 0;
  let ended = false;
  while (at + BLOCK <= bytes.length) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) {
      ended = true; // end-of-archive marker
      break;
    }
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    if (sum !== octal(at + 148, 8, 'checksum'))
      fail(`header at byte ${at}: checksum mismatch (corrupt archive)`);
    const size = octal(at + 124, 12, 'size');
    const flag = String.fromCharCode(header[156]!);
    // POSIX ustar ("ustar\0") has a name prefix at 345; old GNU ("ustar  ") keeps times there.
    const posix = latin1.decode(header.subarray(257, 263)) === 'ustar\0';
    const prefix = posix ? text(at + 345, 155) : '';
    const stored = prefix ? `${prefix}/${text(at, 100)}` : text(at, 100);
    const dataAt = at + BLOCK;
    const realSize = flag === 'x' || flag === 'g' || flag === 'L' ? size : Number(pax.size ?? size);
    if (dataAt + realSize > bytes.length)
      fail(`${stored}: data runs past the end of the archive (truncated?)`);
    const data = bytes.subarray(dataAt, dataAt + realSize);
    at = dataAt + Math.ceil(realSize / BLOCK) * BLOCK;
    if (flag === 'L') {
      longName = text(dataAt, size);
      continue;
    }
    if (flag === 'x') {
      pax = parsePax(utf8.decode(data));
      continue;
    }
    if (flag === 'g' || flag === 'K') continue;
    const name = pax.path ?? longName ?? stored;
    longName = undefined;
    pax = {};
    const type: ArchiveEntry['type'] =
      flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '5' ? 'directory' : 'other';
    entries.push({ name, type, size: realSize, read: () => data });
  }
  if (!ended && at < bytes.length) fail(`the archive ends inside a header at byte ${at} (truncated?)`);
  return entries;
}

/** Pax extended header records: `"<length> <key>=<value>\n"`, repeated. */
function parsePax(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of s.split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
