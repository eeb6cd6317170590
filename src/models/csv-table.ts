/**
 * CSV tables for tabular classification and regression: RFC 4180 parsing (quoted fields,
 * doubled quotes, CRLF), numeric features, a target column. Missing values, NaN and
 * non-numbers are errors that name `file:line` and the column — a model must never be fitted
 * on silently wrong numbers.
 */
import { readFile } from 'node:fs/promises';
import { type Issue, KiteError } from '../core/index.js';
import { type Dataset, fromArray } from './dataset.js';

/** One row: features in `featureNames` order and the target (class index or value). */
export interface TableRow {
  features: Float32Array;
  target: number;
}

export interface CsvTableOptions {
  /** Name of the target column. */
  target: string;
  task: 'classification' | 'regression';
  /** Feature columns (default: every column but the target). */
  features?: readonly string[];
  /** Field separator; default `,`. */
  delimiter?: string;
  /** Class names in label order (classification; default the sorted distinct values). */
  classes?: readonly string[];
}

export interface TableDataset extends Dataset<TableRow> {
  readonly featureNames: readonly string[];
  readonly rows: readonly TableRow[];
}

/** Splits CSV text into records of fields, with the 1-based line where each record starts. */
export function parseCsv(text: string, delimiter = ','): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * Parses a CSV table into a dataset. All problems are reported at once.
 *
 * @example
 * ```ts
 * const ds = parseCsvTable(text, 'houses.csv', { target: 'price', task: 'regression' });
 * ds.featureNames; // ['rooms', 'area', ...]
 * ```
 */
export function parseCsvTable(text: string, where: string, options: CsvTableOptions): TableDataset {
  const records = parseCsv(text, options.delimiter ?? ',');
  const head = records[0];
  if (!head) throw new KiteError('INVALID_DATA', `${where}: the file is empty (no header line)`);
  const header = head.fields.map((h) => h.trim());
  const issues: Issue[] = [];
  const col = (name: string): number => {
    const k = header.indexOf(name);
    if (k < 0)
      issues.push({
        code: 'no-column',
        path: `${where}:1`,
        message: `no column '${name}' (columns: ${header.join(', ')})`,
      });
    return k;
  };
  const targetCol = col(options.target);
  const featureNames = options.features ? [...options.features] : header.filter((h) => h !== options.target);
  const featureCols = featureNames.map(col);
  if (issues.length > 0)
    throw new KiteError('INVALID_DATA', `${where}: the header does not match`, { issues });
  const rawTargets: string[] = [];
  const features: Float32Array[] = [];
  for (const rec of records.slice(1)) {
    const at = `${where}:${rec.line}`;
    if (rec.fields.length !== header.length) {
      issues.push({
        code: 'field-count',
        path: at,
        message: `${rec.fields.length} fields, but the header has ${header.length}`,
      });
      continue;
    }
    const row = new Float32Array(featureCols.length);
    featureCols.forEach((k, j) => {
      const raw = rec.fields[k]!.trim();
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v)) {
        const what = raw === '' ? 'is empty (missing value)' : `is '${raw}', not a finite number`;
        issues.push({
          code: 'not-a-number',
          path: `${at}:${featureNames[j]}`,
          message: `column '${featureNames[j]}' ${what}`,
        });
      }
      row[j] = v;
    });
    const t = rec.fields[targetCol]!.trim();
    if (t === '')
      issues.push({ code: 'no-target', path: `${at}:${options.target}`, message: 'the target is empty' });
    rawTargets.push(t);
    features.push(row);
  }
  if (features.length === 0 && issues.length === 0) {
    issues.push({ code: 'empty', path: where, message: 'the table has a header but no rows' });
  }
  let classes: readonly string[] | undefined;
  let targets: number[] = [];
  if (options.task === 'classification') {
    classes = options.classes ?? [...new Set(rawTargets)].filter((t) => t !== '').sort();
    targets = rawTargets.map((t, i) => {
      const k = classes!.indexOf(t);
      if (k < 0 && t !== '')
        issues.push({
          code: 'bad-class',
          path: `${where}: row ${i + 1}`,
          message: `class '${t}' is not among ${classes!.join(', ')}`,
        });
      return k;
    });
  } else {
    targets = rawTargets.map((t, i) => {
      const v = Number(t);
      if (t !== '' && !Number.isFinite(v)) {
        issues.push({
          code: 'not-a-number',
          path: `${where}: row ${i + 1}:${options.target}`,
          message: `target '${t}' is not a finite number`,
        });
      }
      return v;
    });
  }
  if (issues.length > 0) {
    throw new KiteError('INVALID_DATA', `${where}: ${issues.length} problem(s) in the table`, {
      issues: issues.slice(0, 50),
      hint: `fix or impute these values before training${issues.length > 50 ? ` (first 50 of ${issues.length} shown)` : ''}`,
    });
  }
  const rows = features.map((f, i) => ({ features: f, target: targets[i]! }));
  const ds = fromArray(rows, classes ? { labelOf: (r: TableRow) => r.target, classes } : {});
  return { ...ds, featureNames, rows };
}

/** Reads a CSV table from a file (see {@link parseCsvTable}). */
export async function loadCsvTable(path: string, options: CsvTableOptions): Promise<TableDataset> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new KiteError('NOT_FOUND', `CSV file not found: ${path} (${e.message})`, { cause: e });
  });
  return parseCsvTable(text, path, options);
}
