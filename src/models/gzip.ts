/** Transparent gzip for dataset files: IDX and tar files may come compressed or not. */
import { gunzipSync } from 'node:zlib';
import { KiteError } from '../core/index.js';

/**
 * `raw` gunzipped when it starts with the gzip magic (1f 8b), else `raw` itself. A corrupt or
 * truncated gzip stream is an `INVALID_DATA` error naming `where`.
 */
export function gunzipIfCompressed(raw: Uint8Array, where: string): Uint8Array {
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return gunzipSync(raw);
  } catch (e) {
    throw new KiteError('INVALID_DATA', `${where}: corrupt or truncated gzip (${(e as Error).message})`, {
      cause: e,
    });
  }
}
