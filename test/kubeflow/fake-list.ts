/**
 * List semantics of the fake KFP server: filter predicates (EQUALS, NOT_EQUALS, IN,
 * IS_SUBSTRING, comparisons), `sort_by`, `page_size` and opaque `page_token`s.
 */
import type { Filter, Predicate } from '../../src/kubeflow/types.js';

function predicateValue(p: Predicate): unknown {
  return (
    p.string_value ??
    p.int_value ??
    (p.long_value !== undefined ? Number(p.long_value) : undefined) ??
    p.timestamp_value ??
    p.string_values?.values ??
    p.int_values?.values ??
    p.long_values?.values
  );
}

function matches(item: Record<string, unknown>, p: Predicate): boolean {
  const actual = item[p.key];
  const want = predicateValue(p);
  switch (p.operation) {
    case 'EQUALS':
      return actual === want;
    case 'NOT_EQUALS':
      return actual !== want;
    case 'IN':
      return Array.isArray(want) && want.includes(actual);
    case 'IS_SUBSTRING':
      return typeof actual === 'string' && typeof want === 'string' && actual.includes(want);
    case 'GREATER_THAN':
      return String(actual) > String(want);
    case 'GREATER_THAN_EQUALS':
      return String(actual) >= String(want);
    case 'LESS_THAN':
      return String(actual) < String(want);
    case 'LESS_THAN_EQUALS':
      return String(actual) <= String(want);
    default:
      return false;
  }
}

/** Filters, sorts and pages `items`; returns the response body with `key` as the list field. */
export function applyList<T extends object>(
  items: T[],
  query: URLSearchParams,
  key: string,
): Record<string, unknown> {
  let out = items as unknown as Record<string, unknown>[];
  const ns = query.get('namespace');
  if (ns) out = out.filter((x) => x.namespace === undefined || x.namespace === ns);
  const f = query.get('filter');
  if (f) {
    const filter = JSON.parse(f) as Filter;
    out = out.filter((x) => filter.predicates.every((p) => matches(x, p)));
  }
  const sort = query.get('sort_by');
  if (sort) {
    const [field, dir] = sort.split(' ');
    out = [...out].sort((a, b) => {
      const c = String(a[field as string] ?? '').localeCompare(String(b[field as string] ?? ''));
      return dir === 'desc' ? -c : c;
    });
  }
  const size = Number(query.get('page_size') ?? '0') || out.length || 1;
  const start = Number(query.get('page_token') ?? '0');
  const page = out.slice(start, start + size);
  const body: Record<string, unknown> = { total_size: out.length };
  if (page.length > 0) body[key] = page;
  if (start + size < out.length) body.next_page_token = String(start + size);
  return body;
}
