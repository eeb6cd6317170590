/**
 * Credentials for a Kubeflow Pipelines API server, in the forms Kubeflow deployments use:
 * a bearer token (a Kubernetes service-account token with audience `pipelines.kubeflow.org`)
 * given directly, through an environment variable, or as a file (`KF_PIPELINES_SA_TOKEN_PATH`,
 * a projected token that the kubelet rotates, so it is read again after a 401); a session
 * cookie (`oauth2_proxy_kubeflow=…` behind Dex); and extra headers (`kubeflow-userid`).
 */
import { readFileSync } from 'node:fs';
import { KiteError } from '../core/index.js';
import { Redactor } from './redact.js';

/** Where the projected service-account token lives in a KFP-enabled pod, unless overridden. */
export const DEFAULT_SA_TOKEN_PATH = '/var/run/secrets/kubeflow/pipelines/token';

/** What a caller may give; resolved by {@link resolveAuth}. */
export interface KfpAuthOptions {
  /** A bearer token. */
  token?: string;
  /** A file holding the token (re-read on 401). */
  tokenFile?: string;
  /** A `Cookie` header value, e.g. `oauth2_proxy_kubeflow=…`. */
  cookie?: string;
  /** Extra headers sent with every request, e.g. `{ 'kubeflow-userid': 'alice@example.com' }`. */
  headers?: Record<string, string>;
}

/** Resolved credentials: how to build the headers, and how to describe them without secrets. */
export interface KfpAuth {
  /** Headers for the next request (reads the token file when there is one). */
  headers(): Record<string, string>;
  /** Called after a 401; returns true when fresh credentials are worth one more try. */
  refresh(): boolean;
  /** "bearer token from KF_PIPELINES_SA_TOKEN_PATH (/path)" — never the secret itself. */
  describe(): string;
  /** Knows every secret of these credentials. */
  redactor: Redactor;
}

/** Environment variables read by {@link authFromEnv}. */
export const AUTH_ENV = {
  token: 'KF_PIPELINES_TOKEN',
  tokenPath: 'KF_PIPELINES_SA_TOKEN_PATH',
  cookie: 'KF_PIPELINES_COOKIE',
} as const;

/**
 * Fills in credentials from the environment where flags gave none: `KF_PIPELINES_TOKEN`,
 * then `KF_PIPELINES_SA_TOKEN_PATH`; `KF_PIPELINES_COOKIE`. Records where each came from.
 */
export function authFromEnv(
  given: KfpAuthOptions,
  env: NodeJS.ProcessEnv,
): KfpAuthOptions & { tokenSource?: string } {
  const out: KfpAuthOptions & { tokenSource?: string } = { ...given };
  if (given.token) out.tokenSource = '--token';
  else if (given.tokenFile) out.tokenSource = `--token-file (${given.tokenFile})`;
  else if (env[AUTH_ENV.token]) {
    out.token = env[AUTH_ENV.token];
    out.tokenSource = `$${AUTH_ENV.token}`;
  } else if (env[AUTH_ENV.tokenPath]) {
    out.tokenFile = env[AUTH_ENV.tokenPath];
    out.tokenSource = `$${AUTH_ENV.tokenPath} (${env[AUTH_ENV.tokenPath]})`;
  }
  if (!out.cookie && env[AUTH_ENV.cookie]) out.cookie = env[AUTH_ENV.cookie];
  return out;
}

function readToken(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new KiteError('NOT_FOUND', `cannot read the token file ${file}: ${(err as Error).message}`, {
      cause: err,
      hint: 'mount the projected service-account token (audience pipelines.kubeflow.org) or pass --token',
    });
  }
}

/**
 * Turns options into {@link KfpAuth}.
 *
 * @example
 * ```ts
 * const auth = resolveAuth({ tokenFile: '/var/run/secrets/kubeflow/pipelines/token' });
 * auth.headers(); // { authorization: 'Bearer eyJ…' }
 * ```
 */
export function resolveAuth(options: KfpAuthOptions & { tokenSource?: string } = {}): KfpAuth {
  const redactor = new Redactor();
  let token = options.token;
  if (!token && options.tokenFile) token = readToken(options.tokenFile);
  redactor.add(token);
  redactor.add(options.cookie);
  for (const [k, v] of Object.entries(options.headers ?? {}))
    if (/auth|token|cookie|secret/i.test(k)) redactor.add(v);
  const parts: string[] = [];
  if (token)
    parts.push(
      `bearer token from ${options.tokenSource ?? (options.tokenFile ? options.tokenFile : 'the token option')}`,
    );
  if (options.cookie) parts.push(`session cookie ${cookieNames(options.cookie)}`);
  const headerNames = Object.keys(options.headers ?? {});
  if (headerNames.length > 0) parts.push(`header ${headerNames.join(', ')}`);
  return {
    redactor,
    headers() {
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(options.headers ?? {})) h[k.toLowerCase()] = v;
      if (token) h.authorization = `Bearer ${token}`;
      if (options.cookie) h.cookie = options.cookie;
      return h;
    },
    refresh() {
      if (!options.tokenFile) return false;
      const fresh = readToken(options.tokenFile);
      redactor.add(fresh);
      const changed = fresh !== token;
      token = fresh;
      return changed;
    },
    describe() {
      return parts.length > 0 ? parts.join(' + ') : 'no credentials';
    },
  };
}

function cookieNames(cookie: string): string {
  return cookie
    .split(';')
    .map((p) => p.split('=')[0]?.trim())
    .filter(Boolean)
    .join(', ');
}
