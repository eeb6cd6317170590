/**
 * Katib's metrics collectors for local trials (`pkg/metricscollector/v1beta1/file-metricscollector`):
 * text logs parsed with the default `name=value` filter or custom filters, JSON-lines files,
 * and the observation Katib derives from a log (min / max / latest per metric, `unavailable`
 * when the objective never appeared).
 */
import { KiteError } from '../core/index.js';
import type { Metric } from './types.js';

/** Katib's `DefaultFilter`: `loss=0.3`, `accuracy = .98`, `Score=-7.53e-05`. */
export const DEFAULT_FILTER = String.raw`([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)`;
/** Katib's `UnavailableMetricValue`. */
export const UNAVAILABLE = 'unavailable';
const ZERO_TIME = '0001-01-01T00:00:00Z';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface MetricLog {
  timestamp: string;
  name: string;
  value: string;
  /** The step given to `ctx.report` (in-process trials only). */
  step?: number;
}

/** Compiles filters (default when none); each must have two capture groups. */
export function compileFilters(filters: readonly string[] = []): RegExp[] {
  const list = filters.length > 0 ? filters : [DEFAULT_FILTER];
  return list.map((f) => new RegExp(f, 'g'));
}

/**
 * Parses one text line as Katib does: lines that contain none of the metric names are
 * skipped; a leading RFC 3339 token becomes the timestamp; every match of every filter whose
 * name is a wanted metric is taken.
 */
export function parseTextLine(
  line: string,
  metrics: readonly string[],
  filters: readonly RegExp[],
): MetricLog[] {
  if (!metrics.some((m) => line.includes(m))) return [];
  const sp = line.indexOf(' ');
  const head = sp >= 0 ? line.slice(0, sp) : '';
  const timestamp = RFC3339.test(head) ? head : ZERO_TIME;
  const out: MetricLog[] = [];
  for (const re of filters) {
    re.lastIndex = 0;
    for (const m of line.matchAll(re)) {
      if (m.length < 3) continue;
      const name = (m[1] ?? '').trim();
      const value = (m[2] ?? '').trim();
      if (metrics.includes(name)) out.push({ timestamp, name, value });
    }
  }
  return out;
}

/**
 * Parses one JSON line (`{"loss": "0.3", "timestamp": ...}`); metric values must be strings,
 * as in Katib. Throws `INVALID_DATA` for a line that is not a JSON object.
 */
export function parseJsonLine(line: string, metrics: readonly string[]): MetricLog[] {
  if (line.trim() === '') return [];
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    throw new KiteError('INVALID_DATA', `failed to parse metrics line as JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw new KiteError('INVALID_DATA', 'failed to parse metrics line as JSON: not an object');
  const o = obj as Record<string, unknown>;
  const ts = o.timestamp;
  const timestamp =
    typeof ts === 'string' && RFC3339.test(ts)
      ? ts
      : typeof ts === 'number'
        ? new Date(ts * 1000).toISOString()
        : ZERO_TIME;
  const out: MetricLog[] = [];
  for (const m of metrics) {
    const v = o[m];
    if (typeof v === 'string') out.push({ timestamp, name: m, value: v });
  }
  return out;
}

/**
 * The observation of a trial from its metric log: per metric min, max and latest (strings);
 * a metric without any numeric value is `unavailable` for min/max. Metrics in `names` order.
 */
export function observationOf(logs: readonly MetricLog[], names: readonly string[]): Metric[] {
  const out: Metric[] = [];
  for (const name of names) {
    const mine = logs.filter((l) => l.name === name);
    if (mine.length === 0) {
      out.push({ name, min: UNAVAILABLE, max: UNAVAILABLE, latest: UNAVAILABLE });
      continue;
    }
    const nums = mine
      .filter((l) => l.value.trim() !== '')
      .map((l) => Number(l.value))
      .filter(Number.isFinite);
    const latest = mine[mine.length - 1]?.value ?? UNAVAILABLE;
    out.push({
      name,
      min: nums.length ? String(Math.min(...nums)) : UNAVAILABLE,
      max: nums.length ? String(Math.max(...nums)) : UNAVAILABLE,
      latest,
    });
  }
  return out;
}

/** The objective value per its metric strategy (Katib's `getObjectiveMetricValue`), or undefined. */
export function objectiveValue(
  metrics: readonly Metric[],
  name: string,
  strategy: string,
): number | undefined {
  const m = metrics.find((x) => x.name === name);
  if (!m) return undefined;
  let s = m.latest;
  if (strategy === 'min') s = m.min === UNAVAILABLE ? m.latest : m.min;
  else if (strategy === 'max') s = m.max === UNAVAILABLE ? m.latest : m.max;
  if (s === UNAVAILABLE || s.trim() === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}
