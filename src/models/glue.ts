/**
 * GLUE tasks from their TSV files: single sentences (SST-2, CoLA) and sentence pairs (MRPC,
 * RTE, QNLI, WNLI, STS-B, MNLI, QQP). Columns are found by the header names GLUE uses; fields are split
 * on tabs only (GLUE's files are not quoted: `"` is ordinary text). Test files without a label
 * column give unlabelled examples.
 */
import { readFile } from 'node:fs/promises';
import { type Issue, KiteError } from '../core/index.js';
import { type Dataset, fromArray } from './dataset.js';

/** One text example; `label` is the class index (or the score, for STS-B). */
export interface TextExample {
  text: string;
  /** The second sentence of a pair task. */
  textPair?: string;
  /** Absent for unlabelled (test) files. */
  label?: number;
}

interface GlueTask {
  /** Header names of the text column(s). */
  text: readonly string[];
  /** Header name of the label column. */
  label: string;
  /** Label values in class order; absent for regression. */
  classes?: readonly string[];
  /** Column positions for the original header-less files (CoLA). */
  headerless?: { text: readonly number[]; label: number; columns: number };
}

/** The GLUE tasks Kite reads, by lower-case name. */
export const GLUE_TASKS = {
  'sst-2': { text: ['sentence'], label: 'label', classes: ['0', '1'] },
  cola: {
    text: ['sentence'],
    label: 'label',
    classes: ['0', '1'],
    headerless: { text: [3], label: 1, columns: 4 },
  },
  mrpc: { text: ['#1 String', '#2 String'], label: 'Quality', classes: ['0', '1'] },
  rte: { text: ['sentence1', 'sentence2'], label: 'label', classes: ['entailment', 'not_entailment'] },
  qnli: { text: ['question', 'sentence'], label: 'label', classes: ['entailment', 'not_entailment'] },
  wnli: { text: ['sentence1', 'sentence2'], label: 'label', classes: ['0', '1'] },
  // MNLI's files carry parses and per-annotator labels too; the text is sentence1/sentence2 and
  // the label gold_label (dev and test come as *_matched / *_mismatched). Class order as Hugging
  // Face's glue loader (datasets/glue/glue.py).
  mnli: {
    text: ['sentence1', 'sentence2'],
    label: 'gold_label',
    classes: ['entailment', 'neutral', 'contradiction'],
  },
  qqp: { text: ['question1', 'question2'], label: 'is_duplicate', classes: ['0', '1'] },
  'sts-b': { text: ['sentence1', 'sentence2'], label: 'score' },
} as const satisfies Record<string, GlueTask>;

export type GlueTaskName = keyof typeof GLUE_TASKS;

export interface GlueDataset extends Dataset<TextExample> {
  readonly examples: readonly TextExample[];
  /** Whether the file had labels. */
  readonly labelled: boolean;
}

/**
 * Parses the text of a GLUE TSV file. All problems are collected and thrown together, each
 * with its `file:line`.
 */
export function parseGlueTsv(text: string, taskName: GlueTaskName, where: string): GlueDataset {
  const task: GlueTask = GLUE_TASKS[taskName];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = (lines[0] ?? '').split('\t');
  let textCols: number[];
  let labelCol: number;
  let start = 1;
  if (task.text.every((name) => header.includes(name))) {
    textCols = task.text.map((name) => header.indexOf(name));
    labelCol = header.indexOf(task.label);
  } else if (task.headerless && header.length === task.headerless.columns) {
    textCols = [...task.headerless.text];
    labelCol = task.headerless.label;
    start = 0;
  } else {
    throw new KiteError(
      'INVALID_DATA',
      `${where}:1: header '${header.join('\\t')}' lacks the ${taskName} column(s) ${task.text.join(', ')}`,
      {
        hint: `is this the ${taskName} file? GLUE headers are tab-separated`,
      },
    );
  }
  const issues: Issue[] = [];
  const examples: TextExample[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = line.split('\t');
    const at = `${where}:${i + 1}`;
    const needed = Math.max(...textCols, labelCol) + 1;
    if (fields.length < needed) {
      issues.push({
        code: 'short-line',
        path: at,
        message: `expected at least ${needed} tab-separated fields, got ${fields.length}`,
      });
      continue;
    }
    const example: TextExample = { text: fields[textCols[0]!]!.trim() };
    if (textCols.length > 1) example.textPair = fields[textCols[1]!]!.trim();
    if (labelCol >= 0) {
      const raw = fields[labelCol]!.trim();
      if (task.classes) {
        const label = task.classes.indexOf(raw);
        if (label < 0) {
          issues.push({
            code: 'bad-label',
            path: at,
            message: `label '${raw}' is not one of ${task.classes.join(', ')}`,
          });
          continue;
        }
        example.label = label;
      } else {
        const score = Number(raw);
        if (raw === '' || !Number.isFinite(score)) {
          issues.push({ code: 'bad-label', path: at, message: `score '${raw}' is not a number` });
          continue;
        }
        example.label = score;
      }
    }
    examples.push(example);
  }
  if (examples.length === 0 && issues.length === 0) {
    issues.push({ code: 'empty', path: where, message: 'the file holds no examples' });
  }
  if (issues.length > 0) {
    throw new KiteError('INVALID_DATA', `${where}: ${issues.length} problem(s) reading GLUE ${taskName}`, {
      issues: issues.slice(0, 50),
      hint: issues.length > 50 ? `(first 50 of ${issues.length} shown)` : undefined,
    });
  }
  const labelled = labelCol >= 0;
  const ds = fromArray(examples, {
    ...(labelled && task.classes ? { labelOf: (e: TextExample) => e.label!, classes: task.classes } : {}),
  });
  return { ...ds, examples, labelled };
}

/**
 * Reads a GLUE TSV file.
 *
 * @example
 * ```ts
 * const dev = await loadGlue(`${dataDir}/glue/SST-2/dev.tsv`, 'sst-2');
 * dev.examples[0]; // { text: "it 's a charming and often affecting journey .", label: 1 }
 * ```
 */
export async function loadGlue(path: string, task: GlueTaskName): Promise<GlueDataset> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new KiteError('NOT_FOUND', `GLUE file not found: ${path} (${e.message})`, { cause: e });
  });
  return parseGlueTsv(text, task, path);
}
