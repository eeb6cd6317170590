/**
 * The SodaCL check-line grammar (soda-core `SodaCLAntlr.g4`, rule `check`), hand-written.
 * Whitespace is significant: tokens are separated by exactly one space, as in Soda.
 */
import type { ChangeSpec } from './model.js';
import { parseThreshold, type Threshold } from './threshold.js';

/** What a check line says, before its configuration is read. */
export type CheckLine =
  | { kind: 'schema' }
  | { kind: 'failed_rows' }
  | { kind: 'group_by' }
  | { kind: 'metric'; metric: string; args: string[]; threshold?: Threshold; change?: ChangeSpec }
  | { kind: 'reference'; columns: string[]; target: string; targetColumns: string[]; mustNotExist: boolean }
  | { kind: 'row_count_comparison'; other: string; otherPartition?: string; otherDataSource?: string };

/** Result of parsing one line: the line, or a message that says what is wrong. */
export type CheckLineResult = { ok: true; line: CheckLine } | { ok: false; message: string };

const IDENT = String.raw`(?:"(?:[^"]|\\")+"|\x60(?:[^\x60])+\x60|\[[A-Za-z_$][^\]]*\]|[A-Za-z0-9_$][^ <=>()[\],]*)`;
const ROW_COUNT_SAME = new RegExp(
  String.raw`^row_count same as (${IDENT})(?: \[([^\]]+)\])?(?: in (${IDENT}))?$`,
);
const REFERENCE_ONE = new RegExp(`^values in (${IDENT}) must (not )?exist in (${IDENT}) (${IDENT})$`);
const REFERENCE_MANY = new RegExp(
  String.raw`^values in \(([^()]+)\) must (not )?exist in (${IDENT}) \(([^()]+)\)$`,
);
const CHANGE = /^change (?:(avg|min|max) last (\d+) |(same day last week) )?(percent )?for (.*)$/;
const METRIC = new RegExp(String.raw`^(${IDENT}?)(?:\(([^()]*)\))?(?: (.*))?$`);

function splitArgs(text: string): string[] | undefined {
  const parts = text.split(', ');
  if (parts.some((p) => p === '' || p.includes(',') || p.startsWith(' ') || p.endsWith(' ')))
    return undefined;
  return parts;
}

/**
 * Parses a check line such as `missing_count(id) < 5`, `change percent for row_count < 10%`,
 * `values in (a, b) must exist in other (x, y)` or `row_count same as other [daily]`.
 *
 * @example
 * ```ts
 * parseCheckLine('duplicate_count(cat, country) = 0');
 * // {ok: true, line: {kind: 'metric', metric: 'duplicate_count', args: ['cat', 'country'], threshold: ...}}
 * ```
 */
export function parseCheckLine(text: string): CheckLineResult {
  if (text === 'schema') return { ok: true, line: { kind: 'schema' } };
  if (text === 'failed rows') return { ok: true, line: { kind: 'failed_rows' } };
  if (text === 'group by') return { ok: true, line: { kind: 'group_by' } };
  if (
    text === 'group evolution' ||
    text.startsWith('anomaly ') ||
    text.startsWith('distribution_difference')
  ) {
    return {
      ok: false,
      message: `'${text}' needs Soda Cloud or soda-scientific and is not supported by Kite`,
    };
  }
  if (text.startsWith('freshness using ')) {
    return {
      ok: false,
      message: `the deprecated 'freshness using' syntax is not supported`,
    };
  }
  let m = ROW_COUNT_SAME.exec(text);
  if (m) {
    return {
      ok: true,
      line: {
        kind: 'row_count_comparison',
        other: m[1]!,
        ...(m[2] ? { otherPartition: m[2] } : {}),
        ...(m[3] ? { otherDataSource: m[3] } : {}),
      },
    };
  }
  m = REFERENCE_ONE.exec(text) ?? REFERENCE_MANY.exec(text);
  if (m) {
    const columns = splitArgs(m[1]!);
    const targetColumns = splitArgs(m[4]!);
    if (!columns || !targetColumns || columns.length !== targetColumns.length) {
      return {
        ok: false,
        message: `reference check '${text}': list the same number of columns on both sides`,
      };
    }
    return {
      ok: true,
      line: { kind: 'reference', columns, target: m[3]!, targetColumns, mustNotExist: m[2] !== undefined },
    };
  }
  if (text.startsWith('values in ')) {
    return {
      ok: false,
      message: `invalid reference check '${text}'`,
    };
  }
  let change: ChangeSpec | undefined;
  let rest = text;
  const c = CHANGE.exec(text);
  if (c) {
    change = c[3]
      ? { aggregate: 'same day last week', last: 1, percent: c[4] !== undefined }
      : {
          aggregate: (c[1] as 'avg' | 'min' | 'max' | undefined) ?? 'min',
          last: c[2] ? Number(c[2]) : 1,
          percent: c[4] !== undefined,
        };
    rest = c[5]!;
  }
  m = METRIC.exec(rest);
  if (!m?.[1]) return { ok: false, message: `Invalid check '${text}'` };
  const metric = m[1];
  if (metric.startsWith('$')) return { ok: false, message: 'Soda Core does not support check templates' };
  const args = m[2] === undefined ? [] : splitArgs(m[2]);
  if (!args) {
    return {
      ok: false,
      message: `Invalid check '${text}': separate metric arguments with ', ' (comma, one space)`,
    };
  }
  let threshold: Threshold | undefined;
  if (m[3] !== undefined) {
    threshold = parseThreshold(m[3]);
    if (!threshold) return { ok: false, message: `Invalid check '${text}': cannot read threshold '${m[3]}'` };
  }
  return {
    ok: true,
    line: {
      kind: 'metric',
      metric,
      args,
      ...(threshold ? { threshold } : {}),
      ...(change ? { change } : {}),
    },
  };
}
