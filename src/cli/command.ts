import type { ParseArgsConfig } from 'node:util';

/** Where a command writes. Tests pass buffers; the real CLI passes the process streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (live progress, colours). */
  isTty: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * One CLI command. Each lives in its own file under `commands/` and is listed in
 * `commands/index.ts`. `run` returns the exit code; user mistakes are thrown as `KiteError`
 * and printed by `main` without a stack trace.
 */
export interface Command {
  /** Words that select it, e.g. `['compile']` or `['runs', 'list']`. */
  name: readonly string[];
  summary: string;
  /** Usage line(s) and option descriptions, printed by `--help`. */
  usage: string;
  options: OptionSpec;
  /** Allow any number of positionals (default true). */
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
