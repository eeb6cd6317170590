/**
 * Kubernetes API credentials, found as `kubectl` and the Katib SDK find them: an explicit
 * kubeconfig, `$KUBECONFIG`, `~/.kube/config`, and inside a pod the service account
 * (`/var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}` plus
 * `KUBERNETES_SERVICE_HOST`/`_PORT`). Supports tokens, token files, client certificates,
 * CA files/data and `insecure-skip-tls-verify`; `exec` credential plugins are not supported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { KiteError } from '../../core/index.js';
import type { TlsOptions } from '../tls.js';

/** Where a pod's service-account credentials are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Everything needed to talk to one API server. */
export interface KubeCredentials {
  server: string;
  /** The namespace of the context (or the pod), default `default`. */
  namespace: string;
  token?: string;
  tokenFile?: string;
  tls: TlsOptions;
  /** Where these came from, for messages: `kubeconfig ~/.kube/config (context kind-kind)`. */
  source: string;
}

/** Options of {@link loadKubeCredentials}. */
export interface KubeConfigOptions {
  /** A kubeconfig file; wins over everything else. */
  kubeconfig?: string;
  /** A context other than `current-context`. */
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides for tests. */
  serviceAccountDir?: string;
  home?: string;
}

type Named<T> = { name?: string } & T;
interface KubeConfigFile {
  'current-context'?: string;
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: { cluster?: string; user?: string; namespace?: string } }>[];
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new KiteError('NOT_FOUND', `cannot read ${what} ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Reads kubeconfig-relative or absolute files and base64 `*-data` fields. */
function pem(entry: Record<string, unknown>, key: string, base: string): string | undefined {
  const data = entry[`${key}-data`];
  if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
  const file = entry[key];
  if (typeof file === 'string') return read(isAbsolute(file) ? file : join(base, file), key);
  return undefined;
}

/** Credentials from a kubeconfig file. */
export function fromKubeConfig(file: string, context?: string): KubeCredentials {
  const config = (parse(read(file, 'kubeconfig')) ?? {}) as KubeConfigFile;
  const ctxName = context ?? config['current-context'];
  const ctx = config.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctx)
    throw new KiteError('NOT_FOUND', `kubeconfig ${file} has no context '${ctxName ?? ''}'`, {
      hint: `contexts: ${(config.contexts ?? []).map((c) => c.name).join(', ') || 'none'}`,
    });
  const cluster = config.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster || typeof cluster.server !== 'string')
    throw new KiteError(
      'NOT_FOUND',
      `kubeconfig ${file}: cluster '${ctx.cluster}' of context '${ctxName}' has no server`,
    );
  const user = config.users?.find((u) => u.name === ctx.user)?.user ?? {};
  if (user.exec || user['auth-provider'])
    throw new KiteError(
      'UNSUPPORTED',
      `kubeconfig user '${ctx.user}' uses an exec/auth-provider plugin, which Kite does not run`,
      {
        hint: 'create a service-account token (kubectl create token <sa>) and use a kubeconfig user with `token:`',
      },
    );
  const base = dirname(file);
  const tls: TlsOptions = {};
  const ca = pem(cluster, 'certificate-authority', base);
  if (ca) tls.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) tls.insecure = true;
  const cert = pem(user, 'client-certificate', base);
  const key = pem(user, 'client-key', base);
  if (cert && key) {
    tls.cert = cert;
    tls.key = key;
  }
  const creds: KubeCredentials = {
    server: cluster.server,
    namespace: ctx.namespace ?? 'default',
    tls,
    source: `kubeconfig ${file} (context ${ctxName})`,
  };
  if (typeof user.token === 'string') creds.token = user.token;
  if (typeof user.tokenFile === 'string') creds.tokenFile = user.tokenFile;
  return creds;
}

/** Credentials of the pod this runs in. */
export function fromServiceAccount(env: NodeJS.ProcessEnv, dir = SERVICE_ACCOUNT_DIR): KubeCredentials {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host)
    throw new KiteError('NOT_FOUND', 'not inside a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)');
  const namespaceFile = join(dir, 'namespace');
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    namespace: existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : 'default',
    tokenFile: join(dir, 'token'),
    tls: { caFile: join(dir, 'ca.crt') },
    source: `in-cluster service account (${dir})`,
  };
}

/**
 * Finds credentials: `options.kubeconfig`, then `$KUBECONFIG` (first file), `~/.kube/config`,
 * then the pod's service account.
 */
export function loadKubeCredentials(options: KubeConfigOptions = {}): KubeCredentials {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return fromKubeConfig(options.kubeconfig, options.context);
  const fromEnv = env.KUBECONFIG?.split(':').find((f) => f !== '' && existsSync(f));
  if (fromEnv) return fromKubeConfig(fromEnv, options.context);
  const home = join(options.home ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return fromKubeConfig(home, options.context);
  if (env.KUBERNETES_SERVICE_HOST) return fromServiceAccount(env, options.serviceAccountDir);
  throw new KiteError('NOT_FOUND', 'no Kubernetes credentials: no kubeconfig and not inside a pod', {
    hint: 'pass --kubeconfig <file>, set KUBECONFIG, or run inside the cluster',
  });
}
