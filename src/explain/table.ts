/**
 * Reads a numeric table for the pipeline components: CSV with a header row, or JSON (an array
 * of rows, an array of objects, or `{ columns, rows }`).
 */
import { readFileSync } from 'node:fs';
import { KiteError } from '../core/index.js';

/** A numeric table with column names. */
export interface Table {
  columns: string[];
  rows: number[][];
}

/** Parses table text; `source` names the file in error messages. */
export function parseTable(text: string, source = 'table'): Table {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return fromJson(JSON.parse(trimmed), source);
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  const columns = (lines[0] ?? '').split(',').map((c) => c.trim());
  const rows = lines.slice(1).map((l, i) => {
    const cells = l.split(',');
    if (cells.length !== columns.length) {
      throw new KiteError(
        'INVALID_DATA',
        `${source}:${i + 2}: ${cells.length} cells, the header has ${columns.length}`,
      );
    }
    return cells.map((c, j) => {
      const v = Number(c.trim());
      if (c.trim() === '' || Number.isNaN(v)) {
        throw new KiteError(
          'INVALID_DATA',
          `${source}:${i + 2}:${j + 1}: '${c.trim()}' in column '${columns[j]}' is not a number`,
          {
            hint: 'explainers need numeric features; encode categories first',
          },
        );
      }
      return v;
    });
  });
  return { columns, rows };
}

function fromJson(v: unknown, source: string): Table {
  if (Array.isArray(v)) {
    if (v.length > 0 && !Array.isArray(v[0]) && typeof v[0] === 'object' && v[0] !== null) {
      const columns = Object.keys(v[0] as object);
      return { columns, rows: v.map((r) => columns.map((c) => Number((r as Record<string, unknown>)[c]))) };
    }
    const rows = v as number[][];
    return { columns: (rows[0] ?? []).map((_, j) => `Feature ${j}`), rows };
  }
  const t = v as Partial<Table>;
  if (!Array.isArray(t.rows))
    throw new KiteError(
      'INVALID_DATA',
      `${source}: expected rows, an array of objects, or { columns, rows }`,
    );
  return { columns: t.columns ?? (t.rows[0] ?? []).map((_, j) => `Feature ${j}`), rows: t.rows };
}

/** Reads a table file. */
export function readTable(path: string): Table {
  return parseTable(readFileSync(path, 'utf8'), path);
}
