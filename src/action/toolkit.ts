/**
 * The few pieces of the GitHub Actions toolkit the action needs, written against the runner's
 * file and stdout protocols (no `@actions/*` dependency): inputs from `INPUT_<NAME>`, outputs
 * and the job summary appended to the files `$GITHUB_OUTPUT` / `$GITHUB_STEP_SUMMARY` name,
 * workflow commands (`::error file=…,line=…::`, `::add-mask::`, groups) on stdout.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { KiteError } from '../core/errors.js';

/** Where the action writes and what it reads: the process in production, buffers in tests. */
export interface ActionIo {
  env: Record<string, string | undefined>;
  /** Writes to stdout (the runner parses workflow commands from it). */
  write(text: string): void;
}

/** The process's own {@link ActionIo}. */
export function processIo(): ActionIo {
  return { env: process.env, write: (t) => void process.stdout.write(t) };
}

/** Location of an annotation (paths relative to the repository root). */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
}

/** Annotation levels the runner knows. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Escapes a workflow command's message (as the runner un-escapes it). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error file=a.ts,line=3::message`. */
export function workflowCommand(name: string, properties: Record<string, string | number>, message: string) {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/**
 * The value of input `name` (`INPUT_<NAME>`: upper-cased, spaces as `_`, hyphens kept, as the
 * runner sets it), trimmed; `undefined` when empty. The runner does not enforce `required:`.
 */
export function getInput(io: ActionIo, name: string): string | undefined {
  const value = io.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** A YAML 1.2 core-schema boolean input (as `core.getBooleanInput`), or `fallback` when unset. */
export function getBooleanInput(io: ActionIo, name: string, fallback: boolean): boolean {
  const value = getInput(io, name);
  if (value === undefined) return fallback;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new KiteError('INVALID_ARGUMENT', `input '${name}' must be true or false, got '${value}'`);
}

/** Registers a secret with the runner so that it is masked in every later log line. */
export function mask(io: ActionIo, secret: string | undefined): void {
  if (!secret) return;
  // The runner masks line by line: a multi-line secret needs each line registered.
  for (const line of secret.split(/\r?\n/)) if (line.trim()) io.write(`::add-mask::${line}\n`);
}

/** An annotation on the run (and on the file's diff when `file` is given). */
export function annotate(
  io: ActionIo,
  level: AnnotationLevel,
  message: string,
  props: AnnotationProperties = {},
): void {
  const p: Record<string, string | number> = {};
  if (props.title) p.title = props.title;
  if (props.file) p.file = props.file;
  if (props.line !== undefined) p.line = props.line;
  if (props.endLine !== undefined) p.endLine = props.endLine;
  if (props.col !== undefined) p.col = props.col;
  io.write(workflowCommand(level, p, message));
}

/** Appends `name=value` to `$GITHUB_OUTPUT` (heredoc form, safe for any value). */
export function setOutput(io: ActionIo, name: string, value: string): void {
  const file = io.env.GITHUB_OUTPUT;
  if (!file) {
    io.write(`output ${name}=${value}\n`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Appends Markdown to the job summary (`$GITHUB_STEP_SUMMARY`); a no-op outside Actions. */
export function appendSummary(io: ActionIo, markdown: string): void {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** Runs `fn` inside a collapsible log group. */
export async function group<T>(io: ActionIo, title: string, fn: () => Promise<T>): Promise<T> {
  io.write(`::group::${escapeData(title)}\n`);
  try {
    return await fn();
  } finally {
    io.write('::endgroup::\n');
  }
}
