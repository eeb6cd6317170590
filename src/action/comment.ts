/**
 * One pull-request comment per pipeline, updated on every push instead of a new comment per
 * commit: the comment carries a hidden marker, found again through the REST API
 * (`GET …/issues/{n}/comments`, then `PATCH …/issues/comments/{id}` or `POST …/comments`).
 */
import { KiteError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';

/** Where to post and with what credentials. */
export interface CommentTarget {
  /** `https://api.github.com` or `$GITHUB_API_URL` (GitHub Enterprise, a test fake). */
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  pullNumber: number;
  token: string;
  fetch?: typeof fetch;
}

/** The hidden marker of the comment for one pipeline of one working directory. */
export function commentMarker(key: string): string {
  return `<!-- kite-action:${sha256(key).slice(0, 16)} -->`;
}

interface IssueComment {
  id: number;
  body?: string;
}

async function call(target: CommentTarget, method: string, path: string, body?: unknown): Promise<unknown> {
  const doFetch = target.fetch ?? fetch;
  const url = `${target.apiUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await doFetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${target.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'kite-action',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new KiteError('REMOTE', `GitHub API ${method} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {}
    throw new KiteError('REMOTE', `GitHub API ${method} ${path} answered ${response.status}: ${message}`, {
      hint:
        response.status === 403 || response.status === 404
          ? 'the job needs `permissions: pull-requests: write` (a fork pull request gets a read-only token)'
          : 'see the GitHub API status',
    });
  }
  return text ? JSON.parse(text) : undefined;
}

/** Creates the marked comment, or updates it when an earlier run made one. */
export async function upsertComment(
  target: CommentTarget,
  marker: string,
  markdown: string,
): Promise<{ id: number; created: boolean }> {
  const [owner, repo] = target.repository.split('/');
  if (!owner || !repo)
    throw new KiteError('INVALID_ARGUMENT', `GITHUB_REPOSITORY '${target.repository}' is not owner/name`);
  const base = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues`;
  const body = `${marker}\n${markdown}`;
  for (let page = 1; page <= 50; page++) {
    const list = (await call(
      target,
      'GET',
      `${base}/${target.pullNumber}/comments?per_page=100&page=${page}`,
    )) as IssueComment[] | undefined;
    const found = list?.find((c) => c.body?.includes(marker));
    if (found) {
      await call(target, 'PATCH', `${base}/comments/${found.id}`, { body });
      return { id: found.id, created: false };
    }
    if (!list || list.length < 100) break;
  }
  const created = (await call(target, 'POST', `${base}/${target.pullNumber}/comments`, {
    body,
  })) as IssueComment;
  return { id: created.id, created: true };
}
