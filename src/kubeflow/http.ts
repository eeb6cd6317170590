/**
 * One HTTP transport over the global `fetch`, shared by the KFP and Kubernetes clients:
 * base URL + path + query, JSON or multipart bodies, credentials from {@link KfpAuth},
 * retries with backoff on transient failures, and errors that say what was asked, what the
 * server answered and which credential was used — with every secret redacted.
 */
import { KiteError, type Logger, silentLogger } from '../core/index.js';
import type { KfpAuth } from './auth.js';
import { Redactor } from './redact.js';
import { backoffDelay, isRetryableStatus, type RetryOptions, sleep } from './retry.js';
import { type TlsOptions, tlsConnectOptions, tlsDispatcher } from './tls.js';

/** Options of a {@link HttpTransport}. */
export interface TransportOptions {
  /** e.g. `https://kubeflow.example.com/pipeline` or `http://127.0.0.1:8888`. */
  baseUrl: string;
  /** What the server is, for messages: `Kubeflow Pipelines`, `Kubernetes`. */
  service: string;
  auth?: KfpAuth | undefined;
  tls?: TlsOptions | undefined;
  retry?: RetryOptions | undefined;
  /** Per-request time limit in ms (default 30 000). */
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
  /** Aborts every request (Ctrl-C). */
  signal?: AbortSignal | undefined;
}

/** Options of one request. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined> | undefined;
  /** A JSON body. */
  body?: unknown;
  /** A multipart body (uploads). */
  form?: FormData | undefined;
  /** `Content-Type` of a JSON body (default `application/json`). */
  contentType?: string | undefined;
  /** Retry transient failures (default true). Creates that are not idempotent pass false. */
  retry?: boolean | undefined;
  /** What is asked for, for 404 messages: `run 1234`, `experiment 'nightly'`. */
  what?: string | undefined;
  /** How to report a 400: a rejected pipeline spec (`INVALID_SPEC`) or arguments (default). */
  badRequest?: 'INVALID_SPEC' | 'INVALID_ARGUMENT' | undefined;
}

/** A request that failed with an HTTP status (kept on errors as `cause`). */
export interface HttpFailure {
  status: number;
  body: string;
}

/** True when a KiteError came from a transient failure (worth a retry by the caller). */
export function isTransient(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause as Partial<HttpFailure> | undefined;
  if (error instanceof KiteError && error.code === 'REMOTE') {
    return cause?.status === undefined || isRetryableStatus(cause.status);
  }
  return false;
}

/** The server's own message from an error body (`googleRpcStatus`, KFP v1 or Kubernetes `Status`). */
export function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const m = json.message ?? json.error_message ?? json.error;
    if (typeof m === 'string' && m !== '') return m;
  } catch {
    // not JSON: show the text
  }
  return body.trim().slice(0, 500);
}

/** Sends requests to one server. */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly tls: Record<string, unknown> | undefined;
  private dispatcher: Promise<unknown> | undefined;
  private readonly log: Logger;
  readonly redactor: Redactor;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    if (URL.canParse(this.baseUrl)) {
      const parsed = new URL(this.baseUrl);
      if (parsed.username || parsed.password)
        throw new KiteError(
          'INVALID_ARGUMENT',
          `the ${options.service} address must not carry credentials (user:password@…)`,
          {
            hint: 'give credentials with --token, --cookie or --header; the address stays in logs',
          },
        );
    }
    if (!/^https?:\/\//.test(this.baseUrl))
      throw new KiteError(
        'INVALID_ARGUMENT',
        `the ${options.service} address '${options.baseUrl}' is not an http(s) URL`,
        {
          hint: 'e.g. --host https://kubeflow.example.com/pipeline or http://localhost:8080',
        },
      );
    // Read CA files now, so a wrong path fails before any request.
    this.tls = tlsConnectOptions(options.tls);
    this.log = options.logger ?? silentLogger;
    this.redactor = options.auth?.redactor ?? new Redactor();
  }

  /** The full URL of a path with a query. */
  url(path: string, query?: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') params.set(k, String(v));
    const q = params.toString();
    return `${this.baseUrl}${path}${q ? `?${q}` : ''}`;
  }

  /** Sends one request and parses the JSON answer (`{}` for an empty body). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const attempts = options.retry === false ? 1 : (this.options.retry?.attempts ?? 5);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.send(method, url, options);
      } catch (err) {
        if (err instanceof KiteError) throw err;
        if (this.options.signal?.aborted)
          throw new KiteError('CANCELED', `${method} ${path}: canceled`, { cause: err });
        const reason = this.redactor.text(describeNetworkError(err));
        if (attempt + 1 < attempts && !isCertificateError(err)) {
          const wait = backoffDelay(attempt, this.options.retry);
          this.log.warn(`${method} ${path}: ${reason}; retrying in ${Math.round(wait)} ms`);
          await sleep(wait, this.options.signal);
          continue;
        }
        throw new KiteError('REMOTE', `cannot reach ${this.options.service} at ${this.baseUrl}: ${reason}`, {
          cause: { status: undefined, body: reason },
          hint: 'check the address (--host), the network, and TLS options (--ca-file, --insecure)',
        });
      }
      const text = await response.text();
      if (response.status >= 300 && response.status < 400) throw this.redirected(method, path, response);
      if (response.ok) return this.parse<T>(method, path, response, text);
      if (response.status === 401 && !refreshed && this.options.auth?.refresh()) {
        refreshed = true;
        attempt--;
        this.log.info(`${method} ${path}: 401, token file re-read; trying again`);
        continue;
      }
      if (isRetryableStatus(response.status) && attempt + 1 < attempts) {
        const wait = backoffDelay(attempt, this.options.retry, response.headers.get('retry-after'));
        this.log.warn(`${method} ${path}: HTTP ${response.status}; retrying in ${Math.round(wait)} ms`);
        await sleep(wait, this.options.signal);
        continue;
      }
      throw this.failure(method, path, response.status, text, options);
    }
  }

  private async send(method: string, url: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(this.options.auth?.headers() ?? {}),
    };
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      body = JSON.stringify(options.body);
    }
    const signals = [AbortSignal.timeout(this.options.timeoutMs ?? 30_000)];
    if (this.options.signal) signals.push(this.options.signal);
    const init: RequestInit & { dispatcher?: unknown } = {
      // A gateway answers unauthenticated calls with a redirect to its login page: report it.
      redirect: 'manual',
      method,
      headers,
      signal: AbortSignal.any(signals),
    };
    if (body !== undefined) init.body = body;
    if (this.tls) {
      this.dispatcher ??= tlsDispatcher(this.tls);
      (init as { dispatcher?: unknown }).dispatcher = await this.dispatcher;
    }
    this.log.debug(`${method} ${this.redactor.text(url)}`);
    return fetch(url, init);
  }

  private parse<T>(method: string, path: string, response: Response, text: string): T {
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new KiteError(
        'REMOTE',
        `${method} ${path}: expected JSON from ${this.options.service}, got ${type}`,
        {
          cause: { status: response.status, body: this.redactor.text(text.slice(0, 500)) },
          hint: /html/.test(type)
            ? 'this looks like a web page: is the address the API (e.g. https://<kubeflow>/pipeline), and are you logged in?'
            : 'check the address',
        },
      );
    }
  }

  private redirected(method: string, path: string, response: Response): KiteError {
    const to = this.redactor.text(response.headers.get('location') ?? 'elsewhere');
    const login = /auth|login|dex|oauth|signin/i.test(to);
    return new KiteError(
      'REMOTE',
      `${method} ${path}: ${this.options.service} redirected to ${to}${login ? ` (a login page: the ${this.options.auth?.describe() ?? 'request'} did not authenticate)` : ''}`,
      {
        cause: { status: response.status, body: '' },
        hint: login
          ? 'pass a token the gateway accepts (--token) or a fresh session cookie (--cookie oauth2_proxy_kubeflow=…)'
          : 'use the address it redirects to as --host',
      },
    );
  }

  private failure(
    method: string,
    path: string,
    status: number,
    body: string,
    options: RequestOptions,
  ): KiteError {
    const said = this.redactor.text(serverMessage(body));
    const cause: HttpFailure = { status, body: this.redactor.text(body) };
    const where = `${method} ${path}`;
    const credential = this.options.auth?.describe() ?? 'no credentials';
    if (status === 401 || status === 403) {
      return new KiteError(
        'REMOTE',
        `${this.options.service} ${status === 401 ? 'did not accept the credentials' : 'denied access'} (${credential}): ${said}`,
        {
          cause,
          hint:
            status === 401
              ? 'pass a service-account token with audience pipelines.kubeflow.org (--token, $KF_PIPELINES_TOKEN, $KF_PIPELINES_SA_TOKEN_PATH) or a fresh session cookie (--cookie)'
              : 'the identity lacks access to this namespace: check the profile / RoleBinding, or --namespace',
        },
      );
    }
    if (status === 404)
      return new KiteError(
        'NOT_FOUND',
        `${options.what ?? where} not found on ${this.options.service}: ${said}`,
        { cause },
      );
    if (status === 409)
      return new KiteError('ALREADY_EXISTS', `${options.what ?? where} already exists: ${said}`, { cause });
    if (status === 400 || status === 422)
      return new KiteError(
        options.badRequest ?? 'INVALID_ARGUMENT',
        `${this.options.service} rejected ${where}: ${said}`,
        { cause },
      );
    return new KiteError('REMOTE', `${where} failed with HTTP ${status}: ${said}`, { cause });
  }
}

/** TLS verification failures: retrying cannot help. */
function isCertificateError(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const code = e?.cause?.code;
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  return code && !detail.includes(code) ? `${code} ${detail}` : detail;
}
