/**
 * # quality (layer 3)
 *
 * SodaCL data-quality checks as Soda Core v3 implements them, compiled to SQL and run on an
 * embedded DuckDB or on PostgreSQL. Same check files, same outcomes, same scan-result JSON and
 * exit codes as `soda scan`.
 *
 * ## Flow
 * `parseChecks(text)` (`parse.ts`, `parse-check.ts`, `check-line.ts`, `threshold.ts`) → a typed
 * {@link ChecksFile} with `file:line:col` on every check and every problem as an `Issue` →
 * `scan(file, { dataSource })` (`scan.ts`) binds checks to datasets (`for each dataset`,
 * `${VAR}`: environment first, then scan variables, plus `NOW`), validates tables/columns
 * against information_schema (typos get "Did you mean"), lets every check register its simple
 * metrics in its dataset/filter {@link Partition} and runs ONE aggregation query per partition
 * (`scan-run.ts`; if it fails, each expression is retried alone so that only the culprit
 * errors), then finishes each check (`check-*.ts`), running separate queries only where Soda
 * does (duplicates, references, schema, user queries, failed-rows samples, group by).
 * → {@link ScanResult} (`result.ts`, Soda's shape) → `exitCodeOf` (0/1/2/3),
 * `formatScan` (console like `soda scan`), `formatScanMarkdown`.
 *
 * The pipeline gate: `runGate` (`gate.ts`) scans one dataset file and decides (failures close
 * it; unevaluated checks and errors too unless `failOnNotEvaluated: false`; warnings only with
 * `failOnWarnings`). `checkData` (`components.ts`, the only file importing `dsl`) wraps it as
 * the `check-data` component: Dataset in → `checked` (same data), `scan` JSON, `report` Markdown.
 *
 * ## Main types and extension points
 * - {@link Check} (`model.ts`): a union of check kinds. Add a kind: a variant, a case in
 *   `parse-check.ts`, a `prepare*` returning a `Finisher` (`bound-check.ts`), a case in `scan.ts`.
 * - {@link DataSource} + {@link Dialect}: an engine is a `query`/`listTables`/`close` object
 *   plus the SQL differences (regex, text→number cast, percentile, information_schema).
 *   {@link DuckDbSource} (files become views; `.duckdb` attached read-only), {@link PostgresSource}.
 * - {@link MetricHistory}: past metric values for `change ... for` checks and the previous
 *   schema for `when schema changes` (Soda keeps both in Soda Cloud); {@link KvHistory}
 *   keeps them in Kite's metadata store, {@link MemoryHistory} / {@link JsonFileHistory} elsewhere.
 *
 * ## Semantics worth knowing (all from soda-core v3; see `../shared/notes/soda.md`)
 * missing = NULL unless configured (empty strings are not missing); invalid never counts
 * missing values; `invalid_count` without a valid/invalid spec counts 0 and warns; percents
 * are `round(count*100/row_count, 2)` and 0 on zero rows; `duplicate_count` = number of
 * distinct non-NULL values occurring more than once; a NULL metric is "not evaluated";
 * `warn:`/`fail:` `when` conditions are the zones themselves, inline thresholds state PASS.
 * Identifiers and SodaCL SQL fragments are passed through as written (like Soda); values from
 * configuration, data or paths are always quoted literals.
 *
 * ## Deliberate differences
 * Checks that were not evaluated stay in `checks[]` with `outcome: null` and `outcomeReasons`
 * (Soda drops them), and so do checks that could not be read at all (unknown metric, bad
 * grammar); a configuration error (unknown format/key) makes the check not evaluated
 * instead of running it without that configuration; group-by groups are sorted; `valid_percent`
 * exists (Soda has only missing/invalid/duplicate percents).
 *
 * ## Left to do
 * `freshness using` (deprecated syntax), group evolution, distribution and anomaly checks
 * (Soda Cloud / scientific), other
 * data sources in `row_count same as ... in ds`, Soda's check identities (v1–v4 hashes).
 * Samples: Kite samples only checks that warn or fail (Soda samples every count > 0), and
 * duplicate samples list the duplicated values with their frequency rather than the rows.
 */

export { formatDuration, parseTimestamp } from './check-freshness.js';
export { type CheckLine, parseCheckLine } from './check-line.js';
export { checkData } from './components.js';
export type { DataSource, QueryResult, SqlValue } from './data-source.js';
export {
  type Dialect,
  duckdbDialect,
  postgresDialect,
  quoteIdentifier,
  sqlLiteral,
  sqlString,
} from './dialect.js';
export { type DataFormat, DuckDbSource, detectFormat } from './duckdb-source.js';
export { FORMATS, NUMERIC_FORMATS } from './formats.js';
export { type GateOptions, type GateResult, runGate } from './gate.js';
export {
  JsonFileHistory,
  KvHistory,
  type Measurement,
  MemoryHistory,
  type MetricHistory,
  type SchemaMeasurement,
} from './history.js';
export { BUILTIN_METRICS } from './metrics.js';
export type * from './model.js';
export { type ParseOptions, type ParseResult, parseChecks } from './parse.js';
export { PostgresSource } from './postgres-source.js';
export { formatScan, formatScanMarkdown, summarize, summaryLine } from './report.js';
export {
  type CheckResult,
  type Diagnostics,
  exitCodeOf,
  type MetricResult,
  type Outcome,
  type QueryRecord,
  type ScanResult,
} from './result.js';
export { type ScanOptions, scan } from './scan.js';
export type { Partition } from './scan-run.js';
export {
  conditionZone,
  inverseZone,
  parseThreshold,
  parseWhen,
  type Threshold,
  type Zone,
  zoneContains,
} from './threshold.js';
