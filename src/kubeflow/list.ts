/**
 * Pagination shared by every `List…` endpoint: query parameters in KFP's spelling, one page,
 * or all pages through `next_page_token`.
 */
import type { HttpTransport } from './http.js';
import type { ListOptions, Page } from './types.js';

/** Query parameters of a list call. */
export function listQuery(options: ListOptions, extra: Record<string, string | undefined> = {}) {
  return {
    page_size: options.pageSize,
    page_token: options.pageToken,
    sort_by: options.sortBy,
    filter: options.filter ? JSON.stringify(options.filter) : undefined,
    namespace: options.namespace,
    ...extra,
  };
}

/** Fetches one page; `key` is the list field of the response (`runs`, `recurringRuns`, …). */
export async function listPage<T>(
  http: HttpTransport,
  path: string,
  key: string,
  options: ListOptions,
  extra: Record<string, string | undefined> = {},
): Promise<Page<T>> {
  const res = await http.request<Record<string, unknown>>('GET', path, { query: listQuery(options, extra) });
  const page: Page<T> = {
    items: (res[key] as T[] | undefined) ?? [],
    totalSize: Number(res.total_size ?? 0),
  };
  if (typeof res.next_page_token === 'string' && res.next_page_token !== '')
    page.nextPageToken = res.next_page_token;
  return page;
}

/** Every item of every page, in order. */
export async function* listAll<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(token);
    yield* page.items;
    token = page.nextPageToken;
    // A server that hands out the same token again would loop forever.
    if (token !== undefined && seen.has(token)) return;
    if (token !== undefined) seen.add(token);
  } while (token);
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
