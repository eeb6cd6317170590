/**
 * Freshness checks: `now - MAX(column)`, with `now` from a variable (default `NOW`, the scan
 * start). Naive timestamps are UTC; a DATE counts as the end of its day (as Soda does).
 */
import { type BoundCheck, errorResult, type Finisher, makeResult, resolveText } from './bound-check.js';
import type { FreshnessCheck } from './model.js';
import type { CheckResult } from './result.js';
import { resolveThreshold, type Threshold } from './threshold.js';

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an ISO-8601 date/time (Python `fromisoformat` style); no offset means UTC. */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', tz] = m;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.padEnd(3, '0').slice(0, 3)),
  );
  if (tz && tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return new Date(ms);
}

/** MAX(column) as a time: a DATE counts as its last moment (Soda: `datetime.max.time()`). */
function parseMaxValue(text: string): Date | undefined {
  const t = parseTimestamp(text);
  return t && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? new Date(t.getTime() + 86_399_999) : t;
}

/** Python `timedelta` text: `1 day, 0:55:50`, `23:55:50`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const frac = rest % 1000;
  const time = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${frac ? `.${String(frac * 1000).padStart(6, '0')}` : ''}`;
  return `${sign}${days ? `${days} day${days === 1 ? '' : 's'}, ` : ''}${time}`;
}

/** The limit (ms) above which freshness is bad, from a `<`-type inline or `>`-type when condition. */
function limitOf(bc: BoundCheck, t: Threshold | undefined, inline: boolean): number | undefined | string {
  if (!t) return undefined;
  const r = resolveThreshold(t, bc.lookup);
  if (typeof r === 'string') return r;
  if (r.kind !== 'compare') return 'freshness thresholds are written "< 1d" or "when > 6h"';
  const ok = inline ? r.op === '<' || r.op === '<=' : r.op === '>' || r.op === '>=';
  if (!ok) {
    bc.run.log(
      'warning',
      `freshness condition '${r.op}' is ignored: use ${inline ? "'<'" : "'when >'"}`,
      bc.check.location,
    );
    return undefined;
  }
  return r.value;
}

/** Prepares a freshness check. */
export function prepareFreshness(bc: BoundCheck, c: FreshnessCheck): Finisher {
  const filter = c.filter === undefined ? undefined : resolveText(bc, c.filter);
  const key = bc.partition!.add(bc.run, {
    metric: 'freshness',
    column: c.column,
    ...(filter !== undefined ? { filter } : {}),
    validity: {},
  });
  return async (): Promise<CheckResult[]> => {
    const r = bc.partition!.result(key);
    if (r.error !== undefined) return [errorResult(bc, r.error, c.column)];
    const failLimit = c.threshold ? limitOf(bc, c.threshold, true) : limitOf(bc, c.fail, false);
    const warnLimit = c.threshold ? undefined : limitOf(bc, c.warn, false);
    for (const l of [failLimit, warnLimit]) if (typeof l === 'string') return [errorResult(bc, l, c.column)];
    if (failLimit === undefined && warnLimit === undefined) {
      return [
        errorResult(
          bc,
          `No threshold specified for '${c.source}': write e.g. 'freshness(${c.column}) < 1d'`,
          c.column,
        ),
      ];
    }
    const nowText = bc.lookup(c.nowVariable);
    const now = nowText === undefined ? undefined : parseTimestamp(nowText);
    const column = { column: c.column };
    if (now === undefined) {
      const message =
        nowText === undefined
          ? `variable not found: ${c.nowVariable} (pass it with --var ${c.nowVariable}=2024-01-01T00:00:00Z)`
          : `variable ${c.nowVariable} = '${nowText}' is not an ISO-8601 timestamp`;
      bc.run.log('error', message, c.location);
      return [
        makeResult(bc, { outcome: 'fail', ...column, reason: { code: 'error', message, severity: 'error' } }),
      ];
    }
    const max =
      r.value instanceof Date ? r.value : typeof r.value === 'string' ? parseMaxValue(r.value) : undefined;
    if (r.value !== null && max === undefined) {
      const message = `freshness needs a date or timestamp column: MAX(${c.column}) is '${String(r.value)}', not a time`;
      return [errorResult(bc, message, c.column)];
    }
    const base = {
      max_column_timestamp: r.value instanceof Date ? r.value.toISOString() : r.value,
      max_column_timestamp_utc: max?.toISOString() ?? null,
      now_variable_name: c.nowVariable,
      now_timestamp: nowText,
      now_timestamp_utc: now.toISOString(),
    };
    if (max === undefined) {
      return [
        makeResult(bc, {
          outcome: 'fail',
          value: null,
          ...column,
          diagnostics: { ...base, freshness: null },
        }),
      ];
    }
    const freshness = now.getTime() - max.getTime();
    const outcome =
      failLimit !== undefined && freshness > (failLimit as number)
        ? 'fail'
        : warnLimit !== undefined && freshness > (warnLimit as number)
          ? 'warn'
          : 'pass';
    return [
      makeResult(bc, {
        outcome,
        value: freshness,
        ...column,
        diagnostics: { ...base, freshness: formatDuration(freshness), measure: 'time' },
      }),
    ];
  };
}
