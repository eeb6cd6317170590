/**
 * Runs one attempt in this process through the executor entry point (`executeComponent`), the
 * same code `kite execute` runs in a container. CPU time is this process's CPU time during the
 * attempt and peak RSS the larger of the RSS before and after: exact when tasks run one at a
 * time, an over-estimate when several run at once (use `--isolation process` for exact costs).
 */
import { createLogger, formatLogRecord, KiteError } from '../core/index.js';
import type { AnyComponent } from '../dsl/index.js';
import { executeComponent } from '../executor/index.js';
import type { ExecutorInput, ExecutorOutput } from '../ir/index.js';
import type { AttemptIo, Usage } from './attempt-io.js';

/**
 * Runs the component; resolves with its usage and executor output, rejects with its error
 * (CANCELED on abort). The output files are not written: the returned `ExecutorOutput` is what
 * `output_metadata.json` would hold.
 */
export async function runInProcess(
  component: AnyComponent,
  input: ExecutorInput,
  io: AttemptIo,
): Promise<Usage & { output?: ExecutorOutput }> {
  const cpu0 = process.cpuUsage();
  const rss0 = process.memoryUsage.rss();
  const log = createLogger((r) => io.log('log', formatLogRecord(r)), 'debug');
  io.signal.throwIfAborted();
  const run = executeComponent(component, input, {
    signal: io.signal,
    log,
    onReport: (step, metrics) => io.report(step, metrics),
    onProgress: (done, total) => io.progress(done, total),
    task: io.task,
    writeOutputFiles: false,
  });
  // A component that ignores its signal cannot be stopped in-process: stop waiting for it, so
  // that the run ends CANCELED; whatever it writes later stays in a scratch area nobody commits.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new KiteError('CANCELED', 'canceled'));
    io.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  let output: ExecutorOutput;
  try {
    output = await Promise.race([run, aborted]);
  } finally {
    if (onAbort) io.signal.removeEventListener('abort', onAbort);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: Math.max(rss0, process.memoryUsage.rss()),
    output,
  };
}
