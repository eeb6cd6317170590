/**
 * Numeric metric checks: built-in aggregates, percents, duplicates, user-defined expressions
 * and queries, and change-over-time against the metric history.
 */
import {
  type BoundCheck,
  errorResult,
  type Finisher,
  judge,
  makeResult,
  resolveText,
} from './bound-check.js';
import type { MetricHistory } from './history.js';
import { duplicateCountSql } from './metric-sql.js';
import { PERCENT_METRICS } from './metrics.js';
import type { MetricCheck, ValidityConfig } from './model.js';
import { hasValiditySpec, mergeValidity } from './parse-config.js';
import type { CheckResult } from './result.js';
import { countSamplesSql, duplicateSamplesSql, type SampleBlock, sampleBlock } from './samples.js';
import { toNumber } from './scan-run.js';
import { zoneJson } from './threshold.js';

type Value = { value: number | null; error?: string; extra?: Record<string, number | null> };

/** Soda's percent: `round(count * 100 / row_count, 2)`, 0 when either is 0 or missing. */
export function percentOf(count: number | null, rowCount: number | null): number {
  if (!count || !rowCount) return 0;
  // Python's round(x, 2): ties go to the even digit (1/800 → 0.12, not 0.13).
  const v = ((count * 100) / rowCount) * 100;
  const floor = Math.floor(v);
  const diff = v - floor;
  const r = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return r / 100;
}

/** Prepares a metric check: registers its aggregates and returns the finisher. */
export function prepareMetric(bc: BoundCheck, c: MetricCheck, history: MetricHistory | undefined): Finisher {
  const run = bc.run;
  const column = c.args[0];
  const filter = c.filter === undefined ? undefined : resolveText(bc, c.filter);
  const validity: ValidityConfig =
    column === undefined ? c.validity : mergeValidity(bc.columnConfig[column], c.validity);
  const identity = run.metricIdentity(bc.table, bc.partition?.name, column, c.metric, {
    args: c.args.slice(1),
    filter,
    validity,
    expression: c.expression,
    query: c.query,
  });
  let compute: () => Promise<Value>;
  const partition = bc.partition;
  const aggregate = (metric: string, extra: Partial<{ expression: string; fraction: number }> = {}) => {
    const key = partition!.add(run, {
      metric,
      ...(column !== undefined ? { column } : {}),
      ...(filter !== undefined ? { filter } : {}),
      validity,
      ...extra,
    });
    return (): Value => {
      const r = partition!.result(key);
      if (r.error !== undefined) return { value: null, error: r.error };
      const value = toNumber(r.value);
      if (value === null && r.value !== null) {
        const hint = validity.validFormat
          ? ' Is your column text based? The valid format config only works on text columns.'
          : typeof r.value === 'string'
            ? ` '${metric}' of a text column is not a number: add a numeric 'valid format' (e.g. decimal) to read text as numbers.`
            : '';
        return {
          value: null,
          error: `Cannot evaluate check: Expected a numeric value, but was ${String(r.value)}.${hint}`,
        };
      }
      return { value };
    };
  };
  if (c.query !== undefined) {
    const sql = resolveText(bc, c.query);
    compute = async () => {
      const r = await run.query(`${run.dataSource.name}.${bc.table ?? ''}.${c.metric}.query`, sql, {
        table: bc.table ?? null,
      });
      if ('error' in r) return { value: null, error: r.error };
      const v = toNumber(r.rows[0]?.[0]);
      if (v === null)
        return { value: null, error: `Metric ${c.metric} was not computed: the query returned no number` };
      return { value: v };
    };
  } else if (c.expression !== undefined) {
    if (filter !== undefined) {
      run.log(
        'error',
        `Filter (${filter}) can't be applied in combination with a custom metric aggregation expression: put the condition inside '${c.metric} expression'`,
        c.location,
      );
    }
    const get = aggregate(c.metric, { expression: resolveText(bc, c.expression) });
    compute = async () => get();
  } else if (c.metric === 'duplicate_count' || c.metric === 'duplicate_percent') {
    const sql = duplicateCountSql(bc.table!, c.args, [partition?.where, filter]);
    const rowCount = c.metric === 'duplicate_percent' ? aggregate('row_count') : undefined;
    compute = async () => {
      const r = await run.query(
        `${run.dataSource.name}.${bc.table}.${c.args.join('-')}.duplicate_count`,
        sql,
        {
          table: bc.table ?? null,
          partition: partition?.name ?? null,
          column: column ?? null,
        },
      );
      if ('error' in r) return { value: null, error: r.error };
      const count = toNumber(r.rows[0]?.[0]) ?? 0;
      if (!rowCount) return { value: count };
      const rc = rowCount();
      if (rc.error) return rc;
      return { value: percentOf(count, rc.value), extra: { duplicate_count: count, row_count: rc.value } };
    };
  } else if (c.metric in PERCENT_METRICS) {
    const countName = PERCENT_METRICS[c.metric]!;
    const count = aggregate(countName);
    const rowCount = aggregate('row_count');
    compute = async () => {
      const n = count();
      const rc = rowCount();
      if (n.error) return n;
      if (rc.error) return rc;
      return { value: percentOf(n.value, rc.value), extra: { [countName]: n.value, row_count: rc.value } };
    };
  } else {
    const fraction = c.args[1] === undefined ? undefined : Number(c.args[1]);
    if (fraction !== undefined && !(fraction >= 0 && fraction <= 1)) {
      return async () => [
        errorResult(bc, `percentile fraction must be a number between 0 and 1, got '${c.args[1]}'`),
      ];
    }
    if (c.metric === 'invalid_count' && !hasValiditySpec(validity)) {
      run.log(
        'warning',
        `Counting invalid without valid or invalid specification does not make sense. (${c.source}): add e.g. 'valid format: ...' or 'valid values: [...]'`,
        c.location,
      );
    }
    const get = aggregate(c.metric, fraction !== undefined ? { fraction } : {});
    compute = async () => get();
  }

  return async (): Promise<CheckResult[]> => {
    const base = await compute();
    const col = column !== undefined ? { column } : {};
    if (base.error !== undefined) return [errorResult(bc, base.error, column)];
    run.addMetric(identity, c.metric, base.value);
    let value = base.value;
    const diagnostics: Record<string, unknown> = { ...base.extra };
    if (c.change) {
      if (!history) {
        return [
          makeResult(bc, {
            outcome: null,
            ...col,
            metrics: [identity],
            reason: {
              code: 'notEnoughHistory',
              message: 'no metric history store configured',
              severity: 'warning',
            },
          }),
        ];
      }
      const change = await changeValue(value, identity, c, history, run.now);
      if (typeof change === 'string') {
        run.log('warning', change, c.location);
        return [
          makeResult(bc, {
            outcome: null,
            ...col,
            metrics: [identity],
            reason: { code: 'notEnoughHistory', message: change, severity: 'warning' },
          }),
        ];
      }
      diagnostics.historic_value = change.previous;
      diagnostics.metric_value = value;
      value = change.value;
    }
    if (value === null) {
      return [makeResult(bc, { outcome: null, value: null, ...col, metrics: [identity], diagnostics })];
    }
    const j = judge(value, bc.lookup, { inline: c.threshold, warn: c.warn, fail: c.fail });
    if ('error' in j) return [errorResult(bc, j.error, column)];
    if (j.outcome !== 'pass' && !c.change) {
      const block = await samplesOf(bc, c, validity, filter, base);
      if (block) diagnostics.blocks = [block];
    }
    return [
      makeResult(bc, {
        outcome: j.outcome,
        value,
        ...col,
        metrics: [identity],
        diagnostics: {
          ...diagnostics,
          ...(j.failZone ? { fail: zoneJson(j.failZone) } : {}),
          ...(j.warnZone ? { warn: zoneJson(j.warnZone) } : {}),
        },
      }),
    ];
  };
}

/** Samples of the rows behind a failing missing/invalid/duplicate metric. */
async function samplesOf(
  bc: BoundCheck,
  c: MetricCheck,
  validity: ValidityConfig,
  filter: string | undefined,
  base: Value,
): Promise<SampleBlock | undefined> {
  const column = c.args[0];
  if (c.failedRowsQuery !== undefined) {
    // The total is unknown without counting: report what the sample holds.
    const sql = `SELECT * FROM (\n${resolveText(bc, c.failedRowsQuery).trim().replace(/;\s*$/, '')}\n) kite_failed_rows`;
    const block = await sampleBlock(bc, 'Failed rows', sql, Number.POSITIVE_INFINITY);
    return block && { ...block, totalFailingRows: block.sampleRowCount };
  }
  if (column === undefined || c.expression !== undefined || c.query !== undefined) return undefined;
  const count = (name: string): number => base.extra?.[name] ?? base.value ?? 0;
  switch (c.metric) {
    case 'missing_count':
    case 'missing_percent':
      return sampleBlock(
        bc,
        'Missing values',
        countSamplesSql(bc, 'missing_count', column, validity, filter),
        count('missing_count'),
      );
    case 'invalid_count':
    case 'invalid_percent':
      return sampleBlock(
        bc,
        'Invalid values',
        countSamplesSql(bc, 'invalid_count', column, validity, filter),
        count('invalid_count'),
      );
    case 'duplicate_count':
    case 'duplicate_percent':
      return sampleBlock(
        bc,
        'Duplicate values',
        duplicateSamplesSql(bc, c.args, filter),
        count('duplicate_count'),
      );
    default:
      return undefined;
  }
}

async function changeValue(
  current: number | null,
  identity: string,
  c: MetricCheck,
  history: MetricHistory,
  now: Date,
): Promise<{ value: number | null; previous: number } | string> {
  const past = await history.measurements(identity);
  const spec = c.change!;
  let previous: number | undefined;
  if (spec.aggregate === 'same day last week') {
    const day = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    previous = past.find((m) => m.time.slice(0, 10) === day)?.value;
  } else {
    const values = past.slice(0, spec.last).map((m) => m.value);
    if (values.length >= spec.last && values.length > 0) {
      previous =
        spec.aggregate === 'avg'
          ? values.reduce((a, b) => a + b, 0) / values.length
          : spec.aggregate === 'max'
            ? Math.max(...values)
            : Math.min(...values);
    }
  }
  if (previous === undefined) return `No historic measurements for metric ${identity}: the check is skipped`;
  if (current === null) return { value: null, previous };
  const diff = current - previous;
  if (!spec.percent) return { value: diff, previous };
  if (previous === 0) return { value: current === 0 ? 0 : null, previous };
  return { value: (diff * 100) / previous, previous };
}
