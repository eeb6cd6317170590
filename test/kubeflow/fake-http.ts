/**
 * The HTTP shell shared by the fakes: a real server on 127.0.0.1 with an ephemeral port,
 * request log, scripted faults (status codes, 429 with Retry-After, dropped connections before
 * or after the request takes effect, delays), and JSON bodies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One scripted fault, applied to the next `times` requests that match. */
export interface Fault {
  method?: string;
  path?: RegExp;
  /** Answer with this status (500, 503, 429, …) without doing anything. */
  status?: number;
  retryAfter?: string;
  /** Extra response headers (e.g. `location` of a redirect). */
  headers?: Record<string, string>;
  /** A raw response body instead of a JSON error (e.g. an HTML login page). */
  text?: string;
  /** Close the connection without an answer, before the request takes effect. */
  drop?: boolean;
  /** Do the request, then close the connection without an answer (the client cannot know). */
  dropAfter?: boolean;
  /** Wait this long before handling. */
  delayMs?: number;
  times?: number;
}

/** What a handler sees of a request. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: Buffer;
}

/** What a handler answers. */
export interface FakeResponse {
  status: number;
  body?: unknown;
}

export type Handler = (req: FakeRequest) => Promise<FakeResponse> | FakeResponse;

/** A logged request. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  body: string;
  status: number | 'dropped';
}

export class FakeHttpServer {
  readonly requests: LoggedRequest[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly handler: Handler,
    private readonly tls?: { key: string; cert: string },
  ) {}

  /** Adds a fault. */
  fault(f: Fault): void {
    this.faults.push({ times: 1, ...f });
  }

  async start(): Promise<string> {
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      void this.handle(req, res);
    };
    this.server = this.tls ? createTlsServer(this.tls, listener) : createServer(listener);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests other than GET, for assertions. */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    if (i < 0) return undefined;
    const f = this.faults[i] as Fault;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const log: LoggedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      headers: req.headers,
      body: raw.toString('utf8'),
      status: 'dropped',
    };
    this.requests.push(log);
    const fault = this.takeFault(method, url.pathname);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      log.status = fault.status;
      const headers: Record<string, string> = {
        'content-type': fault.text === undefined ? 'application/json' : 'text/html',
        ...(fault.headers ?? {}),
      };
      if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers);
      const error = {
        code: fault.status === 429 ? 8 : 14,
        message: `injected HTTP ${fault.status}`,
        details: [],
      };
      res.end(fault.text ?? JSON.stringify(error));
      return;
    }
    let answer: FakeResponse;
    try {
      answer = await this.handler({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw,
      });
    } catch (err) {
      answer = {
        status: 500,
        body: { code: 13, message: `fake server bug: ${(err as Error).stack}`, details: [] },
      };
    }
    if (fault?.dropAfter) {
      req.socket.destroy();
      return;
    }
    log.status = answer.status;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body === undefined ? '{}' : JSON.stringify(answer.body));
  }
}

/** A `googleRpcStatus` error answer. */
export function rpcError(status: number, message: string): FakeResponse {
  const code: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 500: 13 };
  return { status, body: { code: code[status] ?? 2, message, details: [] } };
}
