/**
 * The SQL differences between engines, behind one small interface. Everything else in the
 * compiled SQL is ANSI and shared.
 */

/** What differs between SQL engines. Add an engine by implementing this. */
export interface Dialect {
  readonly name: string;
  /** A boolean expression: does `expr` (cast to text) contain a match of `regex`? */
  regexMatch(expr: string, regex: string): string;
  /** Text → number, Soda's cast for numeric `valid format`s (strips all but digits, sign, separators). */
  numberFromText(expr: string): string;
  /** `PERCENTILE_DISC(fraction)` over `expr`. */
  percentileDisc(fraction: number, expr: string): string;
  /** An aggregate function call for the stddev/variance family (`name` is one of Soda's names). */
  statistic(name: string, expr: string): string;
  /** `SELECT column_name, data_type FROM information_schema.columns ...` ordered by position. */
  schemaQuery(schema: string | undefined, table: string, exact: boolean): string;
  /** Canonical type name → spellings that count as the same type in schema checks. */
  readonly typeAliases: Readonly<Record<string, readonly string[]>>;
}

/** `'text'` with quotes doubled: the only way a value from data or config reaches SQL. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A literal for a configured value: numbers bare, everything else a quoted string. */
export function sqlLiteral(value: string | number): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : sqlString(String(value));
}

/** `"name"` with quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A table reference for a name that came from data (catalog listings): bare when safe, else quoted. */
export function tableReference(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoteIdentifier(name);
}

function tableFilter(schema: string | undefined, table: string, exact: boolean): string {
  const t = exact
    ? `table_name = ${sqlString(table)}`
    : `lower(table_name) = ${sqlString(table.toLowerCase())}`;
  if (schema === undefined) return `${t} AND table_schema = current_schema()`;
  const s = exact
    ? `table_schema = ${sqlString(schema)}`
    : `lower(table_schema) = ${sqlString(schema.toLowerCase())}`;
  return `${t} AND ${s}`;
}

const STATISTICS: Readonly<Record<string, string>> = {
  stddev: 'STDDEV',
  stddev_pop: 'STDDEV_POP',
  stddev_samp: 'STDDEV_SAMP',
  variance: 'VARIANCE',
  var_pop: 'VAR_POP',
  var_samp: 'VAR_SAMP',
};

/** DuckDB: `REGEXP_MATCHES` (RE2, partial match), `DECIMAL(18,3)` for text numbers. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  regexMatch: (expr, regex) => `REGEXP_MATCHES(CAST(${expr} AS VARCHAR), ${sqlString(regex)})`,
  numberFromText: (expr) =>
    `CAST(NULLIF(REGEXP_REPLACE(REGEXP_REPLACE(CAST(${expr} AS VARCHAR), '[^-0-9\\.\\,]', '', 'g'), ',', '.', 'g'), '') AS DECIMAL(18,3))`,
  percentileDisc: (fraction, expr) => `PERCENTILE_DISC(${fraction}) WITHIN GROUP (ORDER BY ${expr})`,
  statistic: (name, expr) => `${STATISTICS[name] ?? name.toUpperCase()}(${expr})`,
  schemaQuery: (schema, table, exact) =>
    `SELECT column_name, lower(data_type) AS data_type FROM information_schema.columns WHERE ${tableFilter(schema, table, exact)} ORDER BY ordinal_position`,
  typeAliases: {
    varchar: ['character varying', 'text', 'string'],
    double: ['double precision', 'float8'],
    decimal: ['decimal(18,3)', 'numeric'],
    integer: ['int', 'int4'],
    bigint: ['int8'],
    timestamp: ['timestamp without time zone'],
    'timestamp with time zone': ['timestamptz'],
    boolean: ['bool'],
  },
};

/** PostgreSQL: `~` (ARE regex), `FLOAT` for text numbers. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  regexMatch: (expr, regex) => `(CAST(${expr} AS TEXT) ~ ${sqlString(regex)})`,
  numberFromText: (expr) =>
    `CAST(NULLIF(REGEXP_REPLACE(REGEXP_REPLACE(CAST(${expr} AS TEXT), '[^-0-9\\.\\,]', '', 'g'), ',', '.', 'g'), '') AS FLOAT)`,
  percentileDisc: (fraction, expr) => `PERCENTILE_DISC(${fraction}) WITHIN GROUP (ORDER BY ${expr})`,
  statistic: (name, expr) => `${STATISTICS[name] ?? name.toUpperCase()}(${expr})`,
  schemaQuery: (schema, table, exact) =>
    `SELECT column_name, data_type FROM information_schema.columns WHERE ${tableFilter(schema, table, exact)} ORDER BY ordinal_position`,
  typeAliases: {
    'character varying': ['varchar', 'text'],
    'double precision': ['decimal', 'numeric', 'float', 'float8'],
    integer: ['int', 'int4'],
    bigint: ['int8'],
    'timestamp without time zone': ['timestamp'],
    'timestamp with time zone': ['timestamptz'],
    boolean: ['bool'],
  },
};
