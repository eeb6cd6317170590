/**
 * Builds one typed {@link Check} from a check line and its configuration map.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Pair } from 'yaml';
import type { CheckLine } from './check-line.js';
import { BUILTIN_METRICS, metricArity } from './metrics.js';
import type { Check, ValidityConfig } from './model.js';
import { setValidityKey, VALIDITY_KEYS } from './parse-config.js';
import { type CheckContext, groupByChecks, schemaRules, when } from './parse-structured.js';
import { didYouMean } from './suggest.js';
import { plain, scalarText } from './yaml-nodes.js';

export type { CheckContext };

const COMMON = ['name', 'identity', 'attributes', 'warn', 'fail'];
const KNOWN_KEYS = [
  ...Object.keys(VALIDITY_KEYS),
  'filter',
  'samples limit',
  'fail condition',
  'fail query',
  'query',
  'fields',
  'checks',
  'group_limit',
];
const IGNORED_CLOUD = [
  'method',
  'distribution reference file',
  'sample',
  'model',
  'training_dataset_parameters',
  'severity_level_parameters',
  'take_over_existing_anomaly_score_check',
  'warn_only',
  'samples columns',
];

function readSql(ctx: CheckContext, path: unknown, node: unknown): string | undefined {
  if (typeof path !== 'string') {
    ctx.report('sql_file must be a path', node);
    return undefined;
  }
  try {
    return readFileSync(isAbsolute(path) ? path : join(ctx.baseDir, path), 'utf8');
  } catch {
    ctx.report(`cannot read sql_file '${path}' (relative to the checks file)`, node);
    return undefined;
  }
}

/**
 * Reads the configuration `pairs` of the check written as `source` and parsed as `line`.
 * Problems are reported through `ctx.report`; returns undefined when the check cannot run.
 */
export function buildCheck(
  source: string,
  line: CheckLine,
  pairs: Pair[],
  ctx: CheckContext,
): Check | undefined {
  const base = {
    source,
    location: ctx.location,
    definition: `${ctx.header}:\n  - ${source}`,
    ...(ctx.table !== undefined ? { table: ctx.table } : {}),
    ...(ctx.partition !== undefined ? { partition: ctx.partition } : {}),
  };
  const cfg: Record<string, { value: unknown; node: Pair }> = {};
  for (const pair of pairs) cfg[scalarText(pair.key) ?? ''] = { value: plain(pair.value), node: pair };
  const used = new Set<string>(COMMON);
  const name = cfg.name?.value;
  const common = {
    ...base,
    ...(typeof name === 'string' ? { name } : {}),
    ...(cfg.warn && line.kind !== 'schema'
      ? { warn: when(ctx, 'warn', cfg.warn.value, cfg.warn.node), warnText: String(cfg.warn.value) }
      : {}),
    ...(cfg.fail && line.kind !== 'schema'
      ? { fail: when(ctx, 'fail', cfg.fail.value, cfg.fail.node), failText: String(cfg.fail.value) }
      : {}),
    ...(typeof cfg['samples limit']?.value === 'number'
      ? { samplesLimit: cfg['samples limit'].value as number }
      : {}),
  };
  const str = (key: string): string | undefined => {
    used.add(key);
    const v = cfg[key]?.value;
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      ctx.report(`'${key}' must be a string`, cfg[key]?.node);
      return undefined;
    }
    return v;
  };
  let check: Check | undefined;
  const valid = (allowed: string[]): void => {
    for (const key of Object.keys(cfg)) {
      if (used.has(key) || allowed.includes(key)) continue;
      if (IGNORED_CLOUD.includes(key))
        ctx.report(`configuration '${key}' is ignored by Kite`, cfg[key]?.node.key, 'warning');
      else
        ctx.report(
          `Skipping unsupported check configuration: '${key}'.${didYouMean(key, [...used, ...allowed, ...KNOWN_KEYS])}`,
          cfg[key]?.node.key,
        );
    }
  };
  switch (line.kind) {
    case 'schema': {
      const warnRules = cfg.warn ? schemaRules(ctx, cfg.warn.node.value) : undefined;
      const failRules = cfg.fail ? schemaRules(ctx, cfg.fail.node.value) : undefined;
      check = {
        ...common,
        kind: 'schema',
        ...(warnRules ? { warnRules } : {}),
        ...(failRules ? { failRules } : {}),
      };
      valid([]);
      break;
    }
    case 'failed_rows': {
      const condition = str('fail condition');
      let query = str('fail query');
      if (cfg['fail sql_file']) query = readSql(ctx, cfg['fail sql_file'].value, cfg['fail sql_file'].node);
      used.add('fail sql_file').add('samples limit');
      if (!condition && !query) ctx.report("failed rows needs 'fail condition' or 'fail query'");
      if (condition && ctx.table === undefined)
        ctx.report("'fail condition' is only allowed in 'checks for <dataset>'");
      check = {
        ...common,
        kind: 'failed_rows',
        ...(condition ? { condition } : {}),
        ...(query ? { query } : {}),
      };
      valid([]);
      if (!condition && !query) return undefined;
      break;
    }
    case 'group_by': {
      const query = str('query');
      const fields = cfg.fields?.value;
      used.add('fields').add('checks').add('group_limit');
      if (!query) ctx.report("group by needs a 'query'");
      if (!Array.isArray(fields)) ctx.report("group by needs 'fields: [column, ...]'");
      const checks = groupByChecks(ctx, cfg.checks?.node.value);
      const limit = cfg.group_limit?.value;
      valid([]);
      if (!query || !Array.isArray(fields)) return undefined;
      check = {
        ...common,
        kind: 'group_by',
        query,
        fields: fields.map(String),
        checks,
        groupLimit: typeof limit === 'number' ? limit : 1000,
      };
      break;
    }
    case 'reference':
    case 'row_count_comparison': {
      const { kind: _k, ...rest } = line;
      check = { ...common, ...rest, kind: line.kind } as Check;
      valid(['samples limit']);
      break;
    }
    case 'metric':
      check = buildMetricCheck(line, common, cfg, used, ctx);
      valid(['samples limit']);
      break;
  }
  return check;
}

function buildMetricCheck(
  line: Extract<CheckLine, { kind: 'metric' }>,
  common: Omit<Extract<Check, { kind: 'metric' }>, 'kind' | 'metric' | 'args' | 'validity'>,
  cfg: Record<string, { value: unknown; node: Pair }>,
  used: Set<string>,
  ctx: CheckContext,
): Check | undefined {
  const { metric, args } = line;
  const text = (key: string): string | undefined => {
    used.add(key);
    const v = cfg[key]?.value;
    return typeof v === 'string' ? v : undefined;
  };
  const filter = text('filter');
  const expression = text(`${metric} expression`);
  let query = text(`${metric} query`);
  if (cfg[`${metric} sql_file`]) {
    used.add(`${metric} sql_file`);
    query = readSql(ctx, cfg[`${metric} sql_file`]!.value, cfg[`${metric} sql_file`]!.node);
  }
  let failedRowsQuery = text('failed rows query');
  if (cfg['failed rows sql_file']) {
    used.add('failed rows sql_file');
    failedRowsQuery = readSql(ctx, cfg['failed rows sql_file'].value, cfg['failed rows sql_file'].node);
  }
  if (!line.threshold && !common.warn && !common.fail) {
    ctx.report(
      `No threshold specified for check '${common.source}': write e.g. '${metric}${args.length ? `(${args.join(', ')})` : ''} > 0' or add 'fail: when ...'`,
    );
    return undefined;
  }
  const builtin = BUILTIN_METRICS.includes(metric);
  if (!builtin && expression === undefined && query === undefined) {
    ctx.report(
      `unknown metric '${metric}'.${didYouMean(metric, BUILTIN_METRICS)} For a user-defined metric add '${metric} expression: <SQL aggregate>' or '${metric} query: <SQL>'.`,
    );
    return undefined;
  }
  if (builtin && expression === undefined && query === undefined) {
    const [min, max] = metricArity(metric);
    if (args.length < min || args.length > max) {
      ctx.report(
        `metric '${metric}' takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}`,
      );
      return undefined;
    }
  }
  if (ctx.table === undefined && query === undefined) {
    ctx.report(
      `data-source level 'checks:' only allow '<metric> query:' metric checks; put '${common.source}' under 'checks for <dataset>'`,
    );
    return undefined;
  }
  const validity: ValidityConfig = {};
  for (const key of Object.keys(VALIDITY_KEYS)) {
    if (!(key in cfg)) continue;
    used.add(key);
    const problem = setValidityKey(validity, key, cfg[key]!.value);
    if (problem) ctx.report(problem, cfg[key]!.node.value);
  }
  if (metric === 'freshness') {
    return {
      ...common,
      kind: 'freshness',
      column: args[0]!,
      nowVariable: args[1] ?? 'NOW',
      ...(line.threshold ? { threshold: line.threshold } : {}),
      ...(filter ? { filter } : {}),
    };
  }
  return {
    ...common,
    kind: 'metric',
    metric,
    args,
    validity,
    ...(line.threshold ? { threshold: line.threshold } : {}),
    ...(line.change ? { change: line.change } : {}),
    ...(filter ? { filter } : {}),
    ...(expression !== undefined ? { expression } : {}),
    ...(query !== undefined ? { query } : {}),
    ...(failedRowsQuery !== undefined ? { failedRowsQuery } : {}),
  };
}
