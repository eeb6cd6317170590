/**
 * `kite check`: SodaCL data-quality checks on files (embedded DuckDB) or PostgreSQL, with
 * Soda Core v3 console output, JSON scan results and exit codes.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isKiteError, KiteError, messageOf } from '../../core/index.js';
import {
  type DataSource,
  DuckDbSource,
  exitCodeOf,
  formatScan,
  formatScanMarkdown,
  KvHistory,
  type MetricHistory,
  PostgresSource,
  parseChecks,
  scan,
} from '../../quality/index.js';
import { openStore } from '../../store/index.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';

const USAGE = `Usage: kite check <checks.yml> --data <table>=<file> [--data ...] [options]
       kite check <checks.yml> --postgres <url> [options]

Runs SodaCL checks (Soda Core v3 syntax and semantics).

Options:
  --data <table>=<file>   make a CSV, Parquet, JSON/NDJSON file queryable as <table> (DuckDB);
                          <file>.duckdb alone opens that database
  --postgres <url>        run on PostgreSQL (postgres://user:password@host:5432/db)
  -v, --var <K=V>         scan variable for \${K} (repeatable; the environment wins, as in Soda)
  --json <file|->         write the scan result (Soda's JSON shape) to a file or stdout
  --markdown <file>       append a Markdown report (e.g. --markdown "$GITHUB_STEP_SUMMARY")
  --root <dir>            Kite root holding the metric history for change-over-time (default .kite)
  --no-history            neither read nor record metric history
  --verbose               print diagnostics and SQL of every check

Exit codes: 0 all pass, 1 warnings, 2 failures, 3 errors (Soda Core v3).
`;

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function parsePairs(values: string[], option: string): [string, string][] {
  return values.map((v) => {
    const i = v.indexOf('=');
    if (i <= 0) {
      throw new KiteError('INVALID_ARGUMENT', `--${option} '${v}' must be written <name>=<value>`, {
        hint:
          option === 'data'
            ? 'e.g. --data customers=data/customers.csv'
            : 'e.g. --var NOW=2024-01-01T00:00:00Z',
      });
    }
    return [v.slice(0, i), v.slice(i + 1)];
  });
}

async function openDataSource(args: ParsedArgs, io: CliIo): Promise<DataSource> {
  const postgres = args.values.postgres;
  const data = list(args.values.data);
  if (typeof postgres === 'string') {
    if (data.length) throw new KiteError('INVALID_ARGUMENT', 'use either --data or --postgres, not both');
    return PostgresSource.connect(postgres);
  }
  const database = data.find((d) => !d.includes('=') && /\.(duckdb|db)$/i.test(d));
  const db = await DuckDbSource.open(database ? resolve(io.cwd, database) : undefined);
  try {
    for (const [name, file] of parsePairs(
      data.filter((d) => d !== database),
      'data',
    )) {
      await db.register(name, resolve(io.cwd, file));
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** `kite check` — register in `commands/index.ts`. */
export const checkCommand: Command = {
  name: ['check'],
  summary: 'run SodaCL data-quality checks on files or PostgreSQL',
  usage: USAGE,
  options: {
    data: { type: 'string', multiple: true },
    postgres: { type: 'string' },
    var: { type: 'string', multiple: true, short: 'v' },
    markdown: { type: 'string' },
    json: { type: 'string' },
    root: { type: 'string' },
    'no-history': { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  async run(args, io) {
    const [checksPath, ...extra] = args.positionals;
    if (!checksPath || extra.length) {
      throw new KiteError('INVALID_ARGUMENT', 'expected exactly one checks file', {
        hint: USAGE.split('\n')[0],
      });
    }
    const path = resolve(io.cwd, checksPath);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new KiteError('NOT_FOUND', `cannot read checks file ${checksPath}: ${messageOf(error)}`);
    }
    if (!args.values.data && !args.values.postgres) {
      throw new KiteError('INVALID_ARGUMENT', 'no data: pass --data <table>=<file> or --postgres <url>');
    }
    const variables = Object.fromEntries(parsePairs(list(args.values.var), 'var'));
    const parsed = parseChecks(text, { file: basename(checksPath), baseDir: dirname(path) });
    let dataSource: DataSource;
    try {
      dataSource = await openDataSource(args, io);
    } catch (error) {
      // A data problem is a scan error: exit 3 as Soda does, with the message.
      if (!isKiteError(error) || error.code === 'INVALID_ARGUMENT') throw error;
      io.stderr(`kite check: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
      return 3;
    }
    const store = args.values['no-history']
      ? undefined
      : openStore(resolve(io.cwd, String(args.values.root ?? '.kite')));
    try {
      const history: MetricHistory | undefined = store ? new KvHistory(store.meta) : undefined;
      const result = await scan(parsed.checks, {
        dataSource,
        variables,
        env: io.env,
        parseIssues: parsed.issues,
        definitionName: basename(checksPath),
        ...(history ? { history } : {}),
      });
      const json = args.values.json;
      const jsonText = `${JSON.stringify(result, null, 2)}\n`;
      // With --json - stdout carries only the JSON; the console text goes to stderr.
      const text = formatScan(result, { verbose: args.values.verbose === true });
      if (json === '-') {
        io.stderr(text);
        io.stdout(jsonText);
      } else {
        io.stdout(text);
        if (typeof json === 'string') writeFileSync(resolve(io.cwd, json), jsonText);
      }
      if (typeof args.values.markdown === 'string') {
        appendFileSync(
          resolve(io.cwd, args.values.markdown),
          formatScanMarkdown(result, `Data quality: ${basename(checksPath)}`),
        );
      }
      if (args.values.verbose) for (const q of result.queries) io.stderr(`-- ${q.name}\n${q.sql}\n`);
      return exitCodeOf(result);
    } finally {
      store?.close();
      await dataSource.close();
    }
  },
};
