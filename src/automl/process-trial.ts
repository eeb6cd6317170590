/**
 * Local process trials: the primary container's command from the trial template runs as a
 * process on this machine (the image is ignored), with `${trialParameters.X}` and trial
 * metadata substituted and `KATIB_TRIAL_NAME` set, as Katib's pod webhook does. Metrics come
 * from Katib's collectors: StdOut (stdout and stderr, like Katib's `2>&1` redirect) parsed line
 * by line as they arrive (so early stopping works), or File (TEXT or JSON) read when the
 * process ends. The File collector's path is mapped to a file in the trial's directory, and
 * every occurrence of that path in the command is rewritten to it.
 */
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KiteError } from '../core/index.js';
import { PBT_PARENT } from './algorithms/pbt.js';
import { compileFilters, type MetricLog, parseJsonLine, parseTextLine } from './metrics-collector.js';
import type { RunOutcome, TrialRunner } from './trial.js';
import { primaryCommand, renderTrialSpec } from './trial-template.js';
import type { Experiment } from './types.js';

export interface ProcessRunnerOptions {
  /** Working directory of trial processes. */
  cwd: string;
  /** Per-trial directories (output log, metrics file) go under it. */
  trialsDir: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds between SIGTERM and SIGKILL when a trial is stopped. */
  killGraceMs?: number;
}

/** Collector kinds a local process trial supports. */
export const LOCAL_COLLECTORS = ['StdOut', 'File'] as const;

/** Expands Kubernetes `$(VAR)` references from the container env (`$$` escapes). */
export function expandK8sVars(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) =>
    name === undefined ? '$' : (env[name] ?? m),
  );
}

/**
 * A runner that starts each trial as a local process.
 *
 * @throws KiteError `UNSUPPORTED` at creation for collectors other than StdOut/File.
 */
export function processRunner(e: Experiment, options: ProcessRunnerOptions): TrialRunner {
  const mc = e.spec.metricsCollectorSpec ?? {};
  const kind = mc.collector?.kind ?? 'StdOut';
  if (!(LOCAL_COLLECTORS as readonly string[]).includes(kind))
    throw new KiteError('UNSUPPORTED', `metrics collector ${kind} cannot run locally`, {
      hint: 'use StdOut or File (TEXT/JSON)',
    });
  const objective = e.spec.objective?.objectiveMetricName ?? '';
  const metricNames = [objective, ...(e.spec.objective?.additionalMetricNames ?? [])];
  const filters = compileFilters(mc.source?.filter?.metricsFormat ?? []);
  const fsPath = mc.source?.fileSystemPath;
  const json = kind === 'File' && fsPath?.format === 'JSON';
  // PBT: Katib mounts <experiment>/<trial> of the suggestion volume at suggestion_trial_dir and
  // copies the parent's folder into the child's before the trial starts; locally the folders
  // live next to the trial directories and the path is rewritten in the command.
  const pbtDir =
    e.spec.algorithm?.algorithmName === 'pbt'
      ? e.spec.algorithm.algorithmSettings?.find((s) => s.name === 'suggestion_trial_dir')?.value
      : undefined;
  return {
    async run(trial, _point, hooks): Promise<RunOutcome> {
      const dir = join(options.trialsDir, trial.name);
      mkdirSync(dir, { recursive: true });
      let cmd: ReturnType<typeof primaryCommand>;
      try {
        const rendered = renderTrialSpec(e, trial.parameterAssignments, {
          name: trial.name,
          namespace: e.metadata.namespace ?? 'default',
          labels: trial.labels,
        });
        cmd = primaryCommand(rendered, e.spec.trialTemplate?.primaryContainerName ?? '');
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      const localMetrics = kind === 'File' ? join(dir, basename(fsPath?.path ?? 'metrics.log')) : undefined;
      let checkpoints: string | undefined;
      if (pbtDir) {
        const root = join(dirname(options.trialsDir), 'checkpoints');
        checkpoints = join(root, trial.name);
        const parent = trial.labels[PBT_PARENT];
        if (parent && existsSync(join(root, parent)) && !existsSync(checkpoints))
          cpSync(join(root, parent), checkpoints, { recursive: true });
        mkdirSync(checkpoints, { recursive: true });
      }
      const argv = cmd.argv.map((a) => {
        let x = expandK8sVars(a, cmd.env);
        if (localMetrics && fsPath?.path) x = x.split(fsPath.path).join(localMetrics);
        if (pbtDir && checkpoints) x = x.split(pbtDir.replace(/\/+$/, '')).join(checkpoints);
        return x;
      });
      const out = createWriteStream(join(dir, 'output.log'));
      const [file, ...args] = argv;
      return await new Promise<RunOutcome>((resolve) => {
        let settled = false;
        const done = (r: RunOutcome): void => {
          if (settled) return;
          settled = true;
          out.end();
          resolve(r);
        };
        const child = spawn(file ?? '', args, {
          cwd: options.cwd,
          env: { ...(options.env ?? process.env), ...cmd.env, KATIB_TRIAL_NAME: trial.name },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const tail: string[] = [];
        let pending = '';
        const onText = (chunk: Buffer): void => {
          out.write(chunk);
          pending += chunk.toString('utf8');
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) handleLine(line);
        };
        const handleLine = (line: string): void => {
          tail.push(line);
          if (tail.length > 5) tail.shift();
          if (kind === 'StdOut') {
            const logs = parseTextLine(line, metricNames, filters);
            if (logs.length > 0) hooks.onLogs(logs);
          }
        };
        child.stdout?.on('data', onText);
        child.stderr?.on('data', onText);
        const stop = (): void => {
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? 2000).unref();
        };
        hooks.signal.addEventListener('abort', stop, { once: true });
        child.on('error', (err) => {
          hooks.signal.removeEventListener('abort', stop);
          done({ ok: false, message: `cannot start ${file}: ${err.message}` });
        });
        child.on('close', (code, signal) => {
          hooks.signal.removeEventListener('abort', stop);
          if (pending) handleLine(pending);
          if (localMetrics) {
            const r = readMetricsFile(localMetrics, json, metricNames, filters);
            if (r.error) return done({ ok: false, message: r.error });
            if (r.logs.length > 0) hooks.onLogs(r.logs);
          }
          if (code === 0) return done({ ok: true });
          const why = signal ? `killed by ${signal}` : `exit code ${code}`;
          done({
            ok: false,
            message: `${why}${tail.length ? `; last output: ${tail.join(' | ').slice(-400)}` : ''}`,
          });
        });
      });
    },
  };
}

function readMetricsFile(
  file: string,
  json: boolean,
  metrics: readonly string[],
  filters: readonly RegExp[],
): { logs: MetricLog[]; error?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { logs: [] }; // no file → objective unavailable
  }
  const logs: MetricLog[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    try {
      logs.push(...(json ? parseJsonLine(line, metrics) : parseTextLine(line, metrics, filters)));
    } catch (err) {
      return { logs, error: `${file}:${i + 1}: ${(err as Error).message}` };
    }
  }
  return { logs };
}
