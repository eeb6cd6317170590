/**
 * Parsing of the check kinds whose configuration is structured: schema validations and the
 * inner checks of `group by`; plus the shared `warn:`/`fail:` reader and the parser context.
 */
import { isMap, isSeq } from 'yaml';
import {
  type GroupByInner,
  type Location,
  SCHEMA_CHANGES,
  type SchemaChange,
  type SchemaRules,
} from './model.js';
import { didYouMean } from './suggest.js';
import { parseThreshold, parseWhen, type Threshold } from './threshold.js';
import { pairsOf, plain, scalarText } from './yaml-nodes.js';

/** What the section around a check tells it. */
export interface CheckContext {
  table?: string;
  partition?: string;
  header: string;
  location: Location;
  baseDir: string;
  /** Reports a problem at a node (or at the check when node is undefined). */
  report: (message: string, node?: unknown, severity?: 'error' | 'warning') => void;
}

/** Reads a `warn:`/`fail:` value (`when <threshold>`), reporting a malformed one. */
export function when(ctx: CheckContext, key: string, value: unknown, node: unknown): Threshold | undefined {
  const text = typeof value === 'number' ? undefined : typeof value === 'string' ? value : undefined;
  const t = text === undefined ? undefined : parseWhen(text);
  if (!t) ctx.report(`'${key}' must read 'when <threshold>', e.g. '${key}: when > 10'`, node);
  return t;
}

/** Reads one level (`warn:`/`fail:`) of schema validations. */
export function schemaRules(ctx: CheckContext, node: unknown): SchemaRules | undefined {
  if (!isMap(node)) {
    ctx.report('schema warn/fail must be a map of validations', node);
    return undefined;
  }
  const rules: SchemaRules = {};
  const keys = [
    'when required column missing',
    'when forbidden column present',
    'when wrong column type',
    'when wrong column index',
    'when mismatching columns',
    'with optional columns',
    'when schema changes',
  ];
  for (const pair of pairsOf(node)) {
    const key = scalarText(pair.key) ?? '';
    const value = plain(pair.value);
    const list = Array.isArray(value) ? value.map(String) : undefined;
    const dict =
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    if (key === 'when required column missing' && list) rules.requiredColumns = list;
    else if (key === 'when forbidden column present' && list) rules.forbiddenColumns = list;
    else if (key === 'with optional columns' && list) rules.optionalColumns = list;
    else if (key === 'when wrong column type' && dict)
      rules.columnTypes = Object.fromEntries(
        Object.entries(dict).map(([k, v]) => [k, v == null ? null : String(v)]),
      );
    else if (key === 'when mismatching columns' && dict)
      rules.mismatchingColumns = Object.fromEntries(
        Object.entries(dict).map(([k, v]) => [k, v == null ? null : String(v)]),
      );
    else if (
      key === 'when wrong column index' &&
      dict &&
      Object.values(dict).every((v) => Number.isInteger(v))
    )
      rules.columnIndexes = dict as Record<string, number>;
    else if (key === 'when schema changes') {
      const changes = value === 'any' ? [...SCHEMA_CHANGES] : list;
      const bad = changes?.filter((c) => !(SCHEMA_CHANGES as readonly string[]).includes(c)) ?? [];
      if (!changes || bad.length) {
        ctx.report(
          `'when schema changes' must be 'any' or a list of: ${SCHEMA_CHANGES.join(', ')}${bad.length ? ` (got ${bad.join(', ')})` : ''}`,
          pair.value,
        );
      } else rules.forbiddenChanges = changes as SchemaChange[];
    } else if (keys.includes(key))
      ctx.report(`schema validation '${key}' has the wrong value type`, pair.value);
    else ctx.report(`unknown schema validation '${key}'.${didYouMean(key, keys)}`, pair.key);
  }
  if (rules.optionalColumns && !rules.mismatchingColumns) {
    ctx.report("'with optional columns' is only allowed together with 'when mismatching columns'", node);
  }
  return rules;
}

/** Reads the inner checks of `group by`. */
export function groupByChecks(ctx: CheckContext, node: unknown): GroupByInner[] {
  const out: GroupByInner[] = [];
  if (!isSeq(node)) {
    ctx.report('group by checks must be a list', node);
    return out;
  }
  for (const item of node.items) {
    const pair = pairsOf(item)[0];
    const line = pair ? scalarText(pair.key) : scalarText(item);
    if (!line) continue;
    const [metric, ...rest] = line.split(' ');
    const threshold = rest.length ? parseThreshold(rest.join(' ')) : undefined;
    const cfg = (pair ? plain(pair.value) : {}) as Record<string, unknown> | null;
    const inner: GroupByInner = { metric: metric!, name: String(cfg?.name ?? '') };
    if (!inner.name) ctx.report(`group by check '${line}' needs a 'name'`, item);
    if (threshold) inner.threshold = threshold;
    if (cfg?.warn !== undefined) inner.warn = when(ctx, 'warn', cfg.warn, item);
    if (cfg?.fail !== undefined) inner.fail = when(ctx, 'fail', cfg.fail, item);
    out.push(inner);
  }
  return out;
}
