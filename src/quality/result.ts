/**
 * The scan result, shaped as Soda Core v3's `scan.get_scan_results()` / `soda scan -srf`.
 */
import type { Zone } from './threshold.js';

/** A check outcome; `null` when the check was not evaluated. */
export type Outcome = 'pass' | 'warn' | 'fail';

/** Soda's check diagnostics: value plus fail/warn zones, and kind-specific fields. */
export interface Diagnostics {
  blocks: unknown[];
  value?: number | null;
  fail?: Record<string, number>;
  warn?: Record<string, number>;
  [key: string]: unknown;
}

/** One check in a scan result. */
export interface CheckResult {
  identity: string;
  name: string;
  type: 'generic';
  definition: string;
  resourceAttributes: unknown[];
  location: { filePath: string; line: number; col: number };
  dataSource: string;
  table: string | null;
  filter: string | null;
  column: string | null;
  metrics: string[];
  /** `null`: not evaluated (Soda omits these; Kite keeps them with `outcomeReasons`). */
  outcome: Outcome | null;
  outcomeReasons: { code: string; message: string; severity: 'error' | 'warning' | 'info' }[];
  diagnostics: Diagnostics;
  source: 'kite';
}

/** One computed metric (`metrics[]`). */
export interface MetricResult {
  identity: string;
  metricName: string;
  value: number | string | null;
}

/** One query the scan ran (`queries[]`), with its exception when it failed. */
export interface QueryRecord {
  name: string;
  dataSource: string;
  table: string | null;
  partition: string | null;
  column: string | null;
  sql: string;
  exception?: string;
}

/** One scan log line (`logs[]`); errors make the exit code 3. */
export interface LogRecord {
  level: 'debug' | 'info' | 'warning' | 'error';
  message: string;
  timestamp: string;
  index: number;
  location?: { filePath: string; line: number; col: number };
}

/** The whole scan result (`--json`). */
export interface ScanResult {
  definitionName: string;
  defaultDataSource: string;
  dataTimestamp: string;
  scanStartTimestamp: string;
  scanEndTimestamp: string;
  hasErrors: boolean;
  hasWarnings: boolean;
  hasFailures: boolean;
  metrics: MetricResult[];
  checks: CheckResult[];
  queries: QueryRecord[];
  automatedMonitoringChecks: unknown[];
  profiling: unknown[];
  metadata: unknown[];
  logs: LogRecord[];
  sourceOwner: 'kite';
}

/** Soda Core v3 exit code: 3 errors, 2 failures, 1 warnings, 0 otherwise (not-evaluated is 0). */
export function exitCodeOf(result: ScanResult): 0 | 1 | 2 | 3 {
  if (result.hasErrors) return 3;
  if (result.hasFailures) return 2;
  if (result.hasWarnings) return 1;
  return 0;
}

/** Soda-style JSON of a zone: bounds only. */
export function zoneToJson(zone: Zone | undefined): Record<string, number> | undefined {
  if (!zone) return undefined;
  const out: Record<string, number> = {};
  if (zone.greaterThan !== undefined) out.greaterThan = zone.greaterThan;
  if (zone.greaterThanOrEqual !== undefined) out.greaterThanOrEqual = zone.greaterThanOrEqual;
  if (zone.lessThan !== undefined) out.lessThan = zone.lessThan;
  if (zone.lessThanOrEqual !== undefined) out.lessThanOrEqual = zone.lessThanOrEqual;
  return out;
}
