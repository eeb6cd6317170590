/**
 * SQuAD v1.1 / v2.0 JSON read into flat question-answering examples. Answer offsets are
 * checked against the context (a mismatch is reported with its question id), and v2.0's
 * unanswerable questions are kept with `isImpossible: true`.
 */
import { readFile } from 'node:fs/promises';
import { type Issue, KiteError } from '../core/index.js';
import { type Dataset, fromArray } from './dataset.js';

export interface SquadAnswer {
  text: string;
  /** Character offset of the answer in the context. */
  start: number;
}

export interface SquadExample {
  id: string;
  title: string;
  context: string;
  question: string;
  /** Gold answers (several in dev sets); empty for an unanswerable v2.0 question. */
  answers: SquadAnswer[];
  isImpossible: boolean;
}

export interface SquadDataset extends Dataset<SquadExample> {
  readonly version: string;
  readonly examples: readonly SquadExample[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parses SQuAD JSON text; every structural problem is reported at once with its JSON path.
 *
 * @example
 * ```ts
 * const dev = parseSquad(await readFile('dev-v2.0.json', 'utf8'), 'dev-v2.0.json');
 * dev.examples.filter((e) => e.isImpossible).length;
 * ```
 */
export function parseSquad(text: string, where: string): SquadDataset {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new KiteError('INVALID_DATA', `${where}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const issues: Issue[] = [];
  const bad = (path: string, message: string): void => {
    issues.push({ code: 'squad', path: `${where}:${path}`, message });
  };
  const examples: SquadExample[] = [];
  if (!isObject(doc) || !Array.isArray(doc.data)) {
    throw new KiteError('INVALID_DATA', `${where}: expected {"version", "data": [...]} (SQuAD JSON)`);
  }
  const version = typeof doc.version === 'string' ? doc.version : 'unknown';
  for (const [a, article] of (doc.data as unknown[]).entries()) {
    const ap = `data[${a}]`;
    if (!isObject(article) || !Array.isArray(article.paragraphs)) {
      bad(ap, 'expected {title, paragraphs: [...]}');
      continue;
    }
    const title = typeof article.title === 'string' ? article.title : '';
    for (const [p, para] of (article.paragraphs as unknown[]).entries()) {
      const pp = `${ap}.paragraphs[${p}]`;
      if (!isObject(para) || typeof para.context !== 'string' || !Array.isArray(para.qas)) {
        bad(pp, 'expected {context: string, qas: [...]}');
        continue;
      }
      for (const [q, qa] of (para.qas as unknown[]).entries()) {
        const example = readQuestion(qa, para.context, title, `${pp}.qas[${q}]`, bad);
        if (example) examples.push(example);
      }
    }
  }
  if (examples.length === 0 && issues.length === 0) bad('data', 'no questions in the file');
  if (issues.length > 0) {
    throw new KiteError('INVALID_DATA', `${where}: ${issues.length} problem(s) in the SQuAD file`, {
      issues: issues.slice(0, 50),
    });
  }
  return { ...fromArray(examples), version, examples };
}

function readQuestion(
  qa: unknown,
  context: string,
  title: string,
  qp: string,
  bad: (path: string, message: string) => void,
): SquadExample | undefined {
  if (!isObject(qa) || typeof qa.id !== 'string' || typeof qa.question !== 'string') {
    bad(qp, 'expected {id: string, question: string, answers: [...]}');
    return undefined;
  }
  const isImpossible = qa.is_impossible === true;
  const rawAnswers: unknown[] = Array.isArray(qa.answers) ? qa.answers : [];
  if (!isImpossible && rawAnswers.length === 0)
    bad(qp, `question ${qa.id} has no answers and is not marked is_impossible`);
  const answers: SquadAnswer[] = [];
  for (const [k, ans] of rawAnswers.entries()) {
    if (!isObject(ans) || typeof ans.text !== 'string' || typeof ans.answer_start !== 'number') {
      bad(`${qp}.answers[${k}]`, 'expected {text: string, answer_start: number}');
      continue;
    }
    if (context.slice(ans.answer_start, ans.answer_start + ans.text.length) !== ans.text) {
      bad(
        `${qp}.answers[${k}]`,
        `answer '${ans.text}' of ${qa.id} is not at offset ${ans.answer_start} of the context`,
      );
    }
    answers.push({ text: ans.text, start: ans.answer_start });
  }
  return { id: qa.id, title, context, question: qa.question, answers, isImpossible };
}

/** Reads a SQuAD JSON file (see {@link parseSquad}). */
export async function loadSquad(path: string): Promise<SquadDataset> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new KiteError('NOT_FOUND', `SQuAD file not found: ${path} (${e.message})`, { cause: e });
  });
  return parseSquad(text, path);
}
