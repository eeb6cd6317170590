/**
 * TLS settings for clusters with a private CA or self-signed certificates. Node's global
 * `fetch` takes an undici `dispatcher`; an `Agent` with `connect` options carries the CA,
 * the client certificate (Kubernetes kubeconfigs) and `rejectUnauthorized: false` (insecure).
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { KiteError } from '../core/index.js';

/** TLS options of a connection. */
export interface TlsOptions {
  /** PEM text of extra CA certificates to trust. */
  ca?: string;
  /** A file holding them. */
  caFile?: string;
  /** PEM client certificate and key (mutual TLS). */
  cert?: string;
  key?: string;
  /** Skip server certificate verification (for test clusters only). */
  insecure?: boolean;
}

/** A fetch dispatcher for these options, or undefined when the defaults do. */
export function tlsDispatcher(options: TlsOptions | undefined): Agent | undefined {
  if (!options) return undefined;
  let ca = options.ca;
  if (!ca && options.caFile) {
    try {
      ca = readFileSync(options.caFile, 'utf8');
    } catch (err) {
      throw new KiteError(
        'NOT_FOUND',
        `cannot read the CA file ${options.caFile}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }
  if (!ca && !options.cert && !options.insecure) return undefined;
  const connect: Record<string, unknown> = {};
  if (ca) connect.ca = ca;
  if (options.cert) connect.cert = options.cert;
  if (options.key) connect.key = options.key;
  if (options.insecure) connect.rejectUnauthorized = false;
  return new Agent({ connect });
}
