import { describe, expect, it } from 'vitest';
import * as quality from './index.js';

describe('kite/quality public surface', () => {
  it('exports exactly these runtime names', () => {
    expect(Object.keys(quality).sort()).toMatchInlineSnapshot(`
      [
        "BUILTIN_METRICS",
        "DuckDbSource",
        "FORMATS",
        "JsonFileHistory",
        "KvHistory",
        "MemoryHistory",
        "NUMERIC_FORMATS",
        "PostgresSource",
        "checkData",
        "conditionZone",
        "detectFormat",
        "duckdbDialect",
        "exitCodeOf",
        "formatDuration",
        "formatScan",
        "formatScanMarkdown",
        "inverseZone",
        "parseCheckLine",
        "parseChecks",
        "parseThreshold",
        "parseTimestamp",
        "parseWhen",
        "postgresDialect",
        "quoteIdentifier",
        "runGate",
        "scan",
        "sqlLiteral",
        "sqlString",
        "summarize",
        "summaryLine",
        "zoneContains",
      ]
    `);
  });
});
