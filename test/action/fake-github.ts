/**
 * A fake GitHub REST API for the action's pull-request comment: list, create and update issue
 * comments, with bearer-token checks and GitHub's error shapes, on 127.0.0.1.
 */
import { FakeHttpServer, type FakeRequest, type FakeResponse } from '../kubeflow/fake-http.js';

/** One stored comment. */
export interface FakeComment {
  id: number;
  body: string;
  issue: number;
}

export class FakeGitHub extends FakeHttpServer {
  readonly comments: FakeComment[] = [];
  /** Accepted tokens; a request with another one gets 401. */
  token = 'ghs_test_token';
  /** Tokens that may read but not write (a fork's pull request): writes get 403. */
  readOnly = false;
  private next = 1000;

  constructor() {
    super((req) => this.route(req));
  }

  private route(req: FakeRequest): FakeResponse {
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return { status: 401, body: { message: 'Bad credentials' } };
    if (req.headers['x-github-api-version'] !== '2022-11-28')
      return { status: 400, body: { message: 'bad API version' } };
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(req.path);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(req.path);
    const body = () => JSON.parse(req.raw.toString('utf8')) as { body?: unknown };
    if (list && req.method === 'GET') {
      const per = Number(req.query.get('per_page') ?? 30);
      const page = Number(req.query.get('page') ?? 1);
      const all = this.comments.filter((c) => c.issue === Number(list[3]));
      return { status: 200, body: all.slice((page - 1) * per, page * per) };
    }
    if ((list && req.method === 'POST') || (one && req.method === 'PATCH')) {
      if (this.readOnly) return { status: 403, body: { message: 'Resource not accessible by integration' } };
      const text = body().body;
      if (typeof text !== 'string' || text.length > 65_536)
        return { status: 422, body: { message: 'Validation Failed', errors: [{ field: 'body' }] } };
      if (list) {
        const c = { id: this.next++, body: text, issue: Number(list[3]) };
        this.comments.push(c);
        return { status: 201, body: c };
      }
      const c = this.comments.find((x) => x.id === Number(one?.[3]));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      c.body = text;
      return { status: 200, body: c };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}
