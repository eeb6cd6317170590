/**
 * Human-readable scan results: console text like `soda scan` prints it, and Markdown (for the
 * pipeline artifact and GitHub job summaries).
 */
import type { CheckResult, ScanResult } from './result.js';

const LABELS = [
  ['pass', 'PASSED'],
  ['warn', 'WARNED'],
  ['fail', 'FAILED'],
  [null, 'NOT EVALUATED'],
] as const;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Counts per outcome (`errors` = error logs, as Soda counts them). */
export function summarize(result: ScanResult): {
  pass: number;
  warn: number;
  fail: number;
  notEvaluated: number;
  errors: number;
} {
  return {
    pass: result.checks.filter((c) => c.outcome === 'pass').length,
    warn: result.checks.filter((c) => c.outcome === 'warn').length,
    fail: result.checks.filter((c) => c.outcome === 'fail').length,
    notEvaluated: result.checks.filter((c) => c.outcome === null).length,
    errors: result.logs.filter((l) => l.level === 'error').length,
  };
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `key: value` diagnostic lines for a check that did not pass. */
function diagnosticLines(c: CheckResult): string[] {
  const d = c.diagnostics;
  const lines: string[] = [];
  if (typeof d.freshness === 'string' || d.now_timestamp !== undefined) {
    for (const k of [
      'max_column_timestamp',
      'max_column_timestamp_utc',
      'now_variable_name',
      'now_timestamp',
      'now_timestamp_utc',
      'freshness',
    ]) {
      lines.push(`${k}: ${formatValue(d[k])}`);
    }
  } else if (d.value !== undefined && d.value !== null) {
    lines.push(`check_value: ${formatValue(d.value)}`);
  }
  for (const k of [
    'row_count',
    'missing_count',
    'invalid_count',
    'valid_count',
    'duplicate_count',
    'historic_value',
    'metric_value',
    'other_row_count',
  ]) {
    if (d[k] !== undefined) lines.push(`${k}: ${formatValue(d[k])}`);
  }
  for (const level of ['fail_result', 'warn_result'] as const) {
    const v = d[level] as Record<string, unknown> | undefined;
    if (!v) continue;
    for (const [k, val] of Object.entries(v)) {
      if ((Array.isArray(val) && val.length) || (!Array.isArray(val) && Object.keys(val as object).length)) {
        lines.push(`${k}: ${formatValue(val)}`);
      }
    }
  }
  for (const r of c.outcomeReasons)
    lines.push(`${r.severity === 'error' ? 'error' : 'reason'}: ${r.message}`);
  return lines;
}

/** The closing line of `soda scan`. */
export function summaryLine(result: ScanResult): string {
  const s = summarize(result);
  const f = plural(s.fail, 'failure');
  const w = plural(s.warn, 'warning');
  const e = plural(s.errors, 'error');
  if (s.errors > 0) return `Oops! ${e}. ${f}. ${w}. ${s.pass} pass.`;
  if (s.fail > 0) return `Oops! ${f}. ${w}. ${e}. ${s.pass} pass.`;
  if (s.warn > 0) return `Only ${w}. ${f}. ${e}. ${s.pass} pass.`;
  if (s.notEvaluated > 0) {
    return `${s.notEvaluated} checks not evaluated.\nApart from the checks that have not been evaluated, no failures, no warnings and no errors.`;
  }
  return 'All is good. No failures. No warnings. No errors.';
}

/**
 * Console text like `soda scan`: checks grouped by outcome and dataset, diagnostics of
 * non-passing checks (of all checks with `verbose`), the summary line, then the errors.
 */
export function formatScan(result: ScanResult, options: { verbose?: boolean } = {}): string {
  const out: string[] = ['Scan summary:'];
  const total = result.checks.length;
  for (const [outcome, label] of LABELS) {
    const checks = result.checks.filter((c) => c.outcome === outcome);
    if (checks.length === 0) continue;
    out.push(`${checks.length}/${total} check${total === 1 ? '' : 's'} ${label}: `);
    const byDataset = new Map<string, CheckResult[]>();
    for (const c of checks) {
      const key = `${c.table ?? c.dataSource}${c.filter ? ` [${c.filter}]` : ''} in ${c.dataSource}`;
      byDataset.set(key, [...(byDataset.get(key) ?? []), c]);
    }
    for (const [dataset, list] of byDataset) {
      out.push(`    ${dataset}`);
      for (const c of list) {
        out.push(`      ${c.name} [${label}]`);
        if (outcome !== 'pass' || options.verbose)
          for (const line of diagnosticLines(c)) out.push(`        ${line}`);
      }
    }
  }
  out.push(summaryLine(result));
  const errors = result.logs.filter((l) => l.level === 'error');
  if (errors.length) {
    out.push('ERRORS:');
    for (const e of errors) {
      out.push(e.message);
      if (e.location)
        out.push(`  +-> line=${e.location.line},col=${e.location.col} in ${e.location.filePath}`);
    }
  }
  const warnings = result.logs.filter((l) => l.level === 'warning');
  if (warnings.length && options.verbose) {
    out.push('WARNINGS:');
    for (const w of warnings) out.push(w.message);
  }
  return `${out.join('\n')}\n`;
}

/** Rows of each sample shown in Markdown (the JSON keeps up to `samples limit`). */
const MARKDOWN_SAMPLE_ROWS = 10;

const ICONS: Record<string, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail' };

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A Markdown report: summary line and one table row per check. */
export function formatScanMarkdown(result: ScanResult, title = 'Data quality'): string {
  const lines = [`## ${title}`, '', summaryLine(result).replace('\n', ' '), ''];
  lines.push('| Outcome | Dataset | Check | Value | Location |', '|---|---|---|---|---|');
  for (const c of result.checks) {
    const outcome = c.outcome ? ICONS[c.outcome]! : '⛔ not evaluated';
    const value = c.diagnostics.freshness ?? c.diagnostics.value;
    const dataset = `${c.table ?? ''}${c.filter ? ` [${c.filter}]` : ''}`;
    const note = c.outcomeReasons.map((r) => r.message).join('; ');
    lines.push(
      `| ${outcome} | ${cell(dataset)} | ${cell(c.name)}${note ? ` — ${cell(note)}` : ''} | ${cell(formatValue(value ?? ''))} | ${c.location.filePath}:${c.location.line} |`,
    );
  }
  const sampled = result.checks.filter((c) => c.outcome !== 'pass' && c.diagnostics.blocks.length > 0);
  if (sampled.length) lines.push('', '### Samples', '');
  for (const c of sampled) {
    const b = c.diagnostics.blocks[0] as {
      title?: string;
      totalFailingRows?: number;
      columns?: string[];
      rows?: unknown[][];
    };
    if (!b.columns || !b.rows) continue;
    lines.push(
      `<details><summary>${b.title ?? 'Rows'}: ${b.totalFailingRows ?? b.rows.length} row(s) — ${cell(c.name)}</summary>`,
      '',
    );
    lines.push(`| ${b.columns.map(cell).join(' | ')} |`, `|${b.columns.map(() => '---').join('|')}|`);
    for (const row of b.rows.slice(0, MARKDOWN_SAMPLE_ROWS))
      lines.push(`| ${row.map((v) => cell(formatValue(v))).join(' | ')} |`);
    lines.push('', '</details>', '');
  }
  const errors = result.logs.filter((l) => l.level === 'error');
  if (errors.length) {
    lines.push('', '### Errors', '');
    for (const e of errors) lines.push(`- ${cell(e.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
