import { runCli } from './app.js';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  isTty?: boolean;
}

/**
 * Runs the CLI in this process with its output captured — for tests and for programs that
 * drive Kite's commands.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCliCaptured(['compile', 'pipeline.ts'], { cwd: repo });
 * ```
 */
export async function runCliCaptured(
  argv: readonly string[],
  options: CaptureOptions = {},
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTty: options.isTty ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}
