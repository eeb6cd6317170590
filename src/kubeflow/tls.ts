/**
 * TLS settings for clusters with a private CA or self-signed certificates. Node's global
 * `fetch` takes an undici `dispatcher`; an `Agent` with `connect` options carries the CA,
 * the client certificate (Kubernetes kubeconfigs) and `rejectUnauthorized: false` (insecure).
 */
import { readFileSync } from 'node:fs';
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

/** The `connect` options of an undici Agent for these TLS options, or undefined when the defaults do. */
export function tlsConnectOptions(options: TlsOptions | undefined): Record<string, unknown> | undefined {
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
  return connect;
}

/**
 * A fetch dispatcher (an undici Agent) with these `connect` options. `undici` is loaded only
 * here, so Kite runs without it until TLS options are used.
 */
export async function tlsDispatcher(connect: Record<string, unknown>): Promise<unknown> {
  try {
    const { Agent } = await import('undici');
    return new Agent({ connect });
  } catch (err) {
    throw new KiteError(
      'UNSUPPORTED',
      'custom CA, client certificates and --insecure need the undici package',
      {
        cause: err,
        hint: 'npm install undici@6',
      },
    );
  }
}
