/**
 * One error family for all of Kite. Every error carries a `code` from a closed union so that
 * callers (the CLI, the GitHub Action, the orchestrator) can decide what to do without
 * parsing messages.
 */
import type { Issue } from './issues.js';

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'INVALID_PIPELINE',
  'INVALID_SPEC',
  'INVALID_YAML',
  'INVALID_DATA',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'IO',
  'CONFLICT',
  'CANCELED',
  'TIMEOUT',
  'REMOTE',
  'UNSUPPORTED',
  'USER_CODE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface KiteErrorOptions {
  cause?: unknown;
  /** Validation findings behind this error, all of them. */
  issues?: readonly Issue[];
  /** What the user can do about it, when known. */
  hint?: string;
}

/**
 * Base error of Kite.
 *
 * @example
 * ```ts
 * throw new KiteError('NOT_FOUND', `no pipeline named 'train' in ${file}`, { hint: 'use --pipeline' });
 * ```
 */
export class KiteError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: KiteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KiteError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.hint = options.hint;
  }

  /** True for mistakes in user input (shown without a stack trace). */
  get isUserError(): boolean {
    return this.code !== 'INTERNAL';
  }
}

export interface UserCodeErrorOptions {
  task: string;
  component: string;
  attempt: number;
  retryable?: boolean;
  cause: unknown;
}

/**
 * A failure thrown by user code inside a component's `run` function. It keeps the original
 * error as `cause` so that the user's own stack frame is never lost.
 */
export class UserCodeError extends KiteError {
  readonly task: string;
  readonly component: string;
  readonly attempt: number;
  readonly retryable: boolean;

  constructor(message: string, options: UserCodeErrorOptions) {
    super('USER_CODE', message, { cause: options.cause });
    this.name = 'UserCodeError';
    this.task = options.task;
    this.component = options.component;
    this.attempt = options.attempt;
    this.retryable = options.retryable ?? true;
  }
}

/** Narrowing helper for `catch (e)` blocks. */
export function isKiteError(value: unknown): value is KiteError {
  if (value instanceof KiteError) return true;
  // A KiteError from another copy of Kite (a pipeline file loaded through a second install).
  const v = value as { name?: unknown; code?: unknown } | null;
  return (
    value instanceof Error &&
    (v?.name === 'KiteError' || v?.name === 'UserCodeError') &&
    (ERROR_CODES as readonly unknown[]).includes(v?.code)
  );
}

/** The message of any thrown value, without its stack. */
export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}

const KITE_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The first stack frame of an error that lies in the user's code — not in Kite itself, not in
 * `node_modules`, not in Node's internals. Used to point at the user's line without showing a
 * whole stack trace.
 */
export function userStackFrame(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const frame = line.trim();
    if (!frame.startsWith('at ')) continue;
    if (frame.includes('node:') || frame.includes('/node_modules/')) continue;
    if (frame.includes(`${KITE_ROOT}src/`) || frame.includes(`${KITE_ROOT}dist/`)) continue;
    return frame;
  }
  return undefined;
}
