/**
 * Validation findings are data: validators return every issue at once, and the edge (the
 * CLI, a public `compile()` call) throws a single {@link KiteError} holding them all.
 */
import { type ErrorCode, KiteError } from './errors.js';

export type IssueSeverity = 'error' | 'warning';

/** One finding. `path` says where (pipeline/task/port, a YAML path, file:line:column). */
export interface Issue {
  code: string;
  path: string;
  message: string;
  severity?: IssueSeverity;
}

export type Result<T> =
  | { ok: true; value: T; issues: readonly Issue[] }
  | { ok: false; issues: readonly Issue[] };

export function ok<T>(value: T, issues: readonly Issue[] = []): Result<T> {
  return { ok: true, value, issues };
}

export function fail<T = never>(issues: readonly Issue[]): Result<T> {
  return { ok: false, issues };
}

/** Errors only (warnings are informative). */
export function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => (i.severity ?? 'error') === 'error');
}

/** One line per issue, as the CLI prints them. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => `  ${(i.severity ?? 'error') === 'error' ? '✖' : '!'} ${i.path}: ${i.message} [${i.code}]`)
    .join('\n');
}

/** Throws a KiteError listing every error in `issues`, if there is any. */
export function throwIfErrors(code: ErrorCode, what: string, issues: readonly Issue[]): void {
  const errors = errorsOf(issues);
  if (errors.length === 0) return;
  const noun = errors.length === 1 ? 'problem' : 'problems';
  throw new KiteError(code, `${what}: ${errors.length} ${noun}\n${formatIssues(errors)}`, { issues: errors });
}
