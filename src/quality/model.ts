/**
 * The typed check model that the parser produces and the scanner consumes.
 */
import type { Threshold } from './threshold.js';

/** Where something was written: the checks file, 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

/** Missing/valid/invalid configuration of a column (SodaCL `missing values`, `valid format`, ...). */
export interface ValidityConfig {
  missingValues?: (string | number)[];
  missingFormat?: string;
  missingRegex?: string;
  validValues?: (string | number)[];
  validFormat?: string;
  validRegex?: string;
  validLength?: number;
  validMinLength?: number;
  validMaxLength?: number;
  validMin?: number;
  validMax?: number;
  invalidValues?: (string | number)[];
  invalidFormat?: string;
  invalidRegex?: string;
  includeNull?: boolean;
}

/** `change [avg|min|max last N | same day last week] [percent] for ...`. */
export interface ChangeSpec {
  aggregate: 'min' | 'avg' | 'max' | 'same day last week';
  last: number;
  percent: boolean;
}

interface CheckBase {
  /** The check line as written (the YAML key), e.g. `missing_count(id) = 0`. */
  source: string;
  /** The `name:` configured, before variable resolution. */
  name?: string;
  /** Dataset (table) name as written; undefined for data-source-level `checks:`. */
  table?: string;
  /** Named dataset filter (`checks for T [daily]`). */
  partition?: string;
  location: Location;
  /** The section header plus the check, Soda's `definition`. */
  definition: string;
  /** `warn: when ...` condition. */
  warn?: Threshold;
  /** `fail: when ...` condition. */
  fail?: Threshold;
  /** Raw `warn:`/`fail:` texts, for the default check name. */
  warnText?: string;
  failText?: string;
  /** `samples limit` (default 100). */
  samplesLimit?: number;
  /** Configuration errors found by the parser: the check is reported, not evaluated. */
  errors?: string[];
}

/** A numeric metric check (built-in or user-defined). */
export interface MetricCheck extends CheckBase {
  kind: 'metric';
  metric: string;
  args: string[];
  threshold?: Threshold;
  change?: ChangeSpec;
  /** SQL boolean applied inside the aggregate. */
  filter?: string;
  validity: ValidityConfig;
  /** `<metric> expression:` (user-defined aggregate). */
  expression?: string;
  /** `<metric> query:` (user-defined query, first column of first row). */
  query?: string;
  /** `failed rows query:` — only feeds samples of a user-defined metric check. */
  failedRowsQuery?: string;
}

/** `freshness(col[, VAR]) < 1d` or with `warn`/`fail` conditions. */
export interface FreshnessCheck extends CheckBase {
  kind: 'freshness';
  column: string;
  nowVariable: string;
  threshold?: Threshold;
  filter?: string;
}

/** Schema validations of one level (`warn:` or `fail:`). */
export interface SchemaRules {
  requiredColumns?: string[];
  forbiddenColumns?: string[];
  columnTypes?: Record<string, string | null>;
  columnIndexes?: Record<string, number>;
  mismatchingColumns?: Record<string, string | null>;
  optionalColumns?: string[];
  /** `when schema changes`: the changes (against the previous scan's schema) that violate. */
  forbiddenChanges?: SchemaChange[];
}

/** The values of `when schema changes` (`any` means all four). */
export const SCHEMA_CHANGES = [
  'column add',
  'column delete',
  'column type change',
  'column index change',
] as const;
/** One kind of schema change. */
export type SchemaChange = (typeof SCHEMA_CHANGES)[number];

/** `schema` with `warn:`/`fail:` validations. */
export interface SchemaCheck extends CheckBase {
  kind: 'schema';
  warnRules?: SchemaRules;
  failRules?: SchemaRules;
}

/** `values in (a) must [not] exist in other (x)`. */
export interface ReferenceCheck extends CheckBase {
  kind: 'reference';
  columns: string[];
  target: string;
  targetColumns: string[];
  mustNotExist: boolean;
}

/** `row_count same as other [partition]`. */
export interface RowCountComparisonCheck extends CheckBase {
  kind: 'row_count_comparison';
  other: string;
  otherPartition?: string;
  otherDataSource?: string;
}

/** `failed rows` with `fail condition` or `fail query`. */
export interface FailedRowsCheck extends CheckBase {
  kind: 'failed_rows';
  condition?: string;
  query?: string;
}

/** One check inside `group by`: a metric column of the query with warn/fail conditions. */
export interface GroupByInner {
  metric: string;
  name: string;
  threshold?: Threshold;
  warn?: Threshold;
  fail?: Threshold;
}

/** `group by` with a query, group fields and inner checks. */
export interface GroupByCheck extends CheckBase {
  kind: 'group_by';
  query: string;
  fields: string[];
  checks: GroupByInner[];
  groupLimit: number;
}

/** A check that could not be read: kept so that results list it as not evaluated, with `errors`. */
export interface InvalidCheck extends CheckBase {
  kind: 'invalid';
  errors: string[];
}

/** Every check kind. */
export type Check =
  | MetricCheck
  | FreshnessCheck
  | SchemaCheck
  | ReferenceCheck
  | RowCountComparisonCheck
  | FailedRowsCheck
  | GroupByCheck
  | InvalidCheck;

/** `for each dataset D:` with its dataset patterns and check templates. */
export interface ForEachDataset {
  alias: string;
  include: string[];
  exclude: string[];
  /** Checks parsed with table `${alias}`; expanded per matching dataset at scan time. */
  checks: Check[];
  location: Location;
}

/** A parsed checks file. */
export interface ChecksFile {
  file: string;
  checks: Check[];
  /** `filter T [name]: where: SQL`, keyed `T [name]`. */
  filters: Record<string, string>;
  /** `configurations for T`, keyed by table then column. */
  configurations: Record<string, Record<string, ValidityConfig>>;
  variables: Record<string, string>;
  forEach: ForEachDataset[];
}
