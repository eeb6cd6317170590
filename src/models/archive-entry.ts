/**
 * What the ZIP and tar readers share: the entry type, the path check that keeps an archive's
 * files inside the folder they are extracted to, and CRC-32 (ZIP's integrity check).
 */

/** One member of an archive. */
export interface ArchiveEntry {
  /** The name as stored in the archive (not yet checked: see {@link safeEntryPath}). */
  name: string;
  /** Links, devices and FIFOs are `other`: Kite never extracts them. */
  type: 'file' | 'directory' | 'other';
  /** Uncompressed size in bytes. */
  size: number;
  /** The entry's content (decompressed and integrity-checked where the format allows). */
  read(): Uint8Array;
}

/**
 * The entry's path relative to the extraction folder, with `.` segments and empty segments
 * dropped, or `undefined` when it could land outside that folder: an absolute path, a drive
 * letter, a `..` segment, a backslash (a separator on Windows) or a NUL byte.
 *
 * @example
 * ```ts
 * safeEntryPath('SST-2/./dev.tsv'); // 'SST-2/dev.tsv'
 * safeEntryPath('../etc/passwd');   // undefined
 * ```
 */
export function safeEntryPath(name: string): string | undefined {
  if (name.includes('\0') || name.includes('\\') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    return undefined;
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return parts.join('/');
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, as ZIP and gzip use it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
