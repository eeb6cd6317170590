import { describe, expect, it } from 'vitest';
import { commentMarker, upsertComment } from './comment.js';

/** A fetch that answers like GitHub's issue-comments endpoints, from memory. */
function fakeFetch(existing: { id: number; body: string }[], status = 200) {
  const calls: { method: string; url: string; body?: string; auth?: string }[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ method: init.method ?? 'GET', url, body: init.body as string, auth: headers.authorization });
    if (status !== 200)
      return new Response(JSON.stringify({ message: 'Resource not accessible by integration' }), { status });
    if (init.method === 'GET') {
      const page = Number(new URL(url).searchParams.get('page'));
      return new Response(JSON.stringify(existing.slice((page - 1) * 100, page * 100)));
    }
    return new Response(JSON.stringify({ id: 99, body: JSON.parse(init.body as string).body }), {
      status: init.method === 'POST' ? 201 : 200,
    });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

const target = (f: typeof fetch) => ({
  apiUrl: 'https://ghe.example.com/api/v3/',
  repository: 'acme/models',
  pullNumber: 7,
  token: 'tok',
  fetch: f,
});

describe('upsertComment', () => {
  const marker = commentMarker('.:pipelines/train.ts:');

  it('is a hidden, stable marker per pipeline', () => {
    expect(marker).toMatch(/^<!-- kite-action:[0-9a-f]{16} -->$/);
    expect(commentMarker('.:pipelines/train.ts:')).toBe(marker);
    expect(commentMarker('.:pipelines/other.ts:')).not.toBe(marker);
  });

  it('creates the comment when none carries the marker', async () => {
    const { impl, calls } = fakeFetch([{ id: 1, body: 'LGTM' }]);
    expect(await upsertComment(target(impl), marker, '# report')).toEqual({ id: 99, created: true });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET https://ghe.example.com/api/v3/repos/acme/models/issues/7/comments?per_page=100&page=1',
      'POST https://ghe.example.com/api/v3/repos/acme/models/issues/7/comments',
    ]);
    expect(JSON.parse(calls[1]?.body ?? '')).toEqual({ body: `${marker}\n# report` });
    expect(calls[0]?.auth).toBe('Bearer tok');
  });

  it('updates the marked comment, looking through every page', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      body: i === 120 ? `${marker}\nold` : 'hi',
    }));
    const { impl, calls } = fakeFetch(many);
    expect(await upsertComment(target(impl), marker, 'new')).toEqual({ id: 121, created: false });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'GET', 'PATCH']);
    expect(calls[2]?.url).toBe('https://ghe.example.com/api/v3/repos/acme/models/issues/comments/121');
  });

  it('says which permission is missing on 403', async () => {
    const { impl } = fakeFetch([], 403);
    await expect(upsertComment(target(impl), marker, 'x')).rejects.toMatchObject({
      code: 'REMOTE',
      hint: expect.stringContaining('pull-requests: write'),
    });
  });
});
