/**
 * The data-quality gate: scan a dataset file against a checks file and decide whether the
 * pipeline may go on. Used by the `check-data` pipeline component; usable on its own.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { KiteError, messageOf } from '../core/index.js';
import { type DataFormat, DuckDbSource } from './duckdb-source.js';
import type { MetricHistory } from './history.js';
import { parseChecks } from './parse.js';
import { formatScanMarkdown, summarize, summaryLine } from './report.js';
import type { ScanResult } from './result.js';
import { scan } from './scan.js';

/** Options of {@link runGate}. */
export interface GateOptions {
  /** The dataset file (CSV, Parquet, JSON/NDJSON, a Parquet directory or a .duckdb file). */
  dataPath: string;
  /** Table name the checks use (`checks for <table>`). */
  table: string;
  /** SodaCL text, or a path to a `.yml`/`.yaml` checks file. */
  checks: string;
  format?: DataFormat;
  variables?: Record<string, string>;
  env?: Record<string, string | undefined>;
  history?: MetricHistory;
  /** Also fail the gate on warnings (default false). */
  failOnWarnings?: boolean;
  /** Fail the gate when a check could not be evaluated, errors included (default true). */
  failOnNotEvaluated?: boolean;
}

/** The gate's verdict plus the scan result and its Markdown report. */
export interface GateResult {
  passed: boolean;
  /** Why the gate closed (empty when it passed). */
  reasons: string[];
  result: ScanResult;
  markdown: string;
}

function checksText(checks: string): { text: string; file: string } {
  const isPath = !checks.includes('\n') && /\.ya?ml$/i.test(checks.trim());
  if (!isPath) return { text: checks, file: 'checks.yml' };
  if (!existsSync(checks)) {
    throw new KiteError('NOT_FOUND', `checks file not found: ${checks}`, {
      hint: 'pass SodaCL text or a path to a .yml file that exists where the task runs',
    });
  }
  return { text: readFileSync(checks, 'utf8'), file: checks };
}

/**
 * Scans the dataset and decides. Not-evaluated checks and errors close the gate by default:
 * an ML gate that lets an unevaluated check pass is not a gate.
 *
 * @example
 * ```ts
 * const gate = await runGate({ dataPath: 'train.csv', table: 'train', checks: 'checks.yml' });
 * if (!gate.passed) console.error(gate.reasons.join('\n'));
 * ```
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const { text, file } = checksText(options.checks);
  const parsed = parseChecks(text, { file });
  const db = await DuckDbSource.open();
  let result: ScanResult;
  try {
    await db.register(options.table, options.dataPath, options.format);
    result = await scan(parsed.checks, {
      dataSource: db,
      parseIssues: parsed.issues,
      ...(options.variables ? { variables: options.variables } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.history ? { history: options.history } : {}),
    });
  } catch (error) {
    throw error instanceof KiteError
      ? error
      : new KiteError('INVALID_DATA', `data-quality scan failed: ${messageOf(error)}`, { cause: error });
  } finally {
    await db.close();
  }
  const s = summarize(result);
  const reasons: string[] = [];
  if (s.fail > 0) reasons.push(`${s.fail} check(s) failed`);
  if (options.failOnWarnings && s.warn > 0) reasons.push(`${s.warn} check(s) warned (failOnWarnings)`);
  if ((options.failOnNotEvaluated ?? true) && (s.notEvaluated > 0 || s.errors > 0)) {
    reasons.push(`${s.notEvaluated} check(s) not evaluated, ${s.errors} error(s)`);
  }
  if (result.checks.length === 0 && (options.failOnNotEvaluated ?? true)) reasons.push('no checks were run');
  return { passed: reasons.length === 0, reasons, result, markdown: formatScanMarkdown(result) };
}

/** Copies the dataset through (file or directory), for a gate that outputs the checked data. */
export function copyDataset(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

export { summaryLine };
