/**
 * Runs one attempt as a subprocess: a Kite executor as `node <kite cli> execute ...` (the same
 * entry point a Kubeflow container runs), any other container command as it is. Output lines
 * become logs; `kite:report` / `kite:progress` lines become metrics and progress; the child's
 * own `kite:usage` line (printed by `usage-preload`) gives its CPU time and peak RSS.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KiteError, UserCodeError } from '../core/index.js';
import type { AttemptIo, Usage } from './attempt-io.js';

const here = (name: string): string | undefined => {
  for (const ext of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`${name}${ext}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
};

let cached: string[] | undefined;

/**
 * How to start Kite's CLI in a child process: `node <kite>/dist/cli/main.js` when this module
 * runs from the build, else `node --import tsx <kite>/src/cli/main.ts` (from the sources).
 * Both preload `usage-preload` to report the child's resource usage.
 */
export function kiteCliCommand(): string[] {
  if (cached) return cached;
  const main = here('../cli/main');
  const preload = here('./usage-preload');
  if (!main || !preload)
    throw new KiteError('INTERNAL', 'cannot find the Kite CLI entry point next to the orchestrator');
  const ts = main.endsWith('.ts');
  cached = [
    process.execPath,
    ...(ts ? ['--import', import.meta.resolve('tsx')] : []),
    '--import',
    preload,
    main,
  ];
  return cached;
}

const GRACE_MS = 2000;

/** Where the error of a failed child is: `kite execute: ...` lines and what follows, else the last lines. */
function errorOf(stderr: string[], code: number | null, signal: string | null): string {
  const at = stderr.findLastIndex(
    (l) => l.startsWith('kite execute: ') && !l.startsWith('kite execute: warning:'),
  );
  if (at >= 0) {
    return stderr
      .slice(at)
      .filter((l) => !l.startsWith('  hint:'))
      .join('\n')
      .replace(/^kite execute: /, '')
      .trim();
  }
  const tail = stderr.slice(-5).join('\n').trim();
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return tail ? `the process ${how}:\n${tail}` : `the process ${how}`;
}

/** Runs `argv` with `env`; resolves with the child's usage, rejects when it fails. */
export function runInSubprocess(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  io: AttemptIo,
  componentName: string,
): Promise<Usage> {
  io.signal.throwIfAborted();
  const [file, ...args] = argv;
  if (!file) throw new KiteError('INVALID_SPEC', `executor of '${componentName}' has an empty command`);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    let usage: Usage | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
    };
    io.signal.addEventListener('abort', onAbort, { once: true });
    const lines = (stream: 'stdout' | 'stderr', onLine: (line: string) => void) => {
      let rest = '';
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const p of parts) onLine(p);
      });
      child[stream].on('end', () => {
        if (rest) onLine(rest);
      });
    };
    lines('stdout', (l) => io.log('stdout', l));
    lines('stderr', (l) => {
      try {
        if (l.startsWith('kite:report ')) {
          const r = JSON.parse(l.slice(12)) as { step: number; metrics: Record<string, number> };
          io.report(r.step, r.metrics);
          return;
        }
        if (l.startsWith('kite:progress ')) {
          const p = JSON.parse(l.slice(14)) as { done: number; total: number };
          io.progress(p.done, p.total);
          return;
        }
        if (l.startsWith('kite:usage ')) {
          usage = JSON.parse(l.slice(11)) as Usage;
          return;
        }
      } catch {
        // not one of ours after all: keep it as a log line
      }
      stderr.push(l);
      if (stderr.length > 200) stderr.shift();
      io.log('stderr', l);
    });
    child.on('error', (e) => {
      io.signal.removeEventListener('abort', onAbort);
      reject(new KiteError('IO', `cannot start '${file}': ${e.message}`, { cause: e }));
    });
    child.on('close', (code, signal) => {
      io.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (io.signal.aborted) return reject(new KiteError('CANCELED', 'canceled'));
      if (code === 0) return resolve(usage ?? { cpuMs: 0, peakRssBytes: 0 });
      reject(
        new UserCodeError(errorOf(stderr, code, signal), {
          task: io.task.task,
          component: componentName,
          attempt: io.task.attempt,
          cause: undefined,
        }),
      );
    });
  });
}
