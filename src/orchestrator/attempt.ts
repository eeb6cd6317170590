/**
 * One attempt of an executor task: open the attempt, stage, build the executor input, run it
 * (in-process or as a subprocess), read the outputs back, commit — or record the failure and
 * discard the staging area, so that nothing half written becomes an output.
 */
import { performance } from 'node:perf_hooks';
import { isKiteError, UserCodeError } from '../core/index.js';
import type { AnyComponent } from '../dsl/index.js';
import {
  type ComponentSpec,
  type ExecutorInput,
  type ExecutorOutput,
  type PipelineContainerSpec,
  resolveCommandLine,
} from '../ir/index.js';
import type { ArtifactRecord, ErrorInfo, LogLineInput, PortValues, StagingArea } from '../store/index.js';
import type { AttemptIo, Usage } from './attempt-io.js';
import { errorInfo, type NodeResult, outputsOfTask, type RunCtx } from './context.js';
import {
  buildExecutorInput,
  prepareOutputFolders,
  type ResolvedInputs,
  readExecutorOutputs,
} from './executor-io.js';
import { runInProcess } from './run-in-process.js';
import { kiteCliCommand, runInSubprocess } from './run-in-subprocess.js';

const LOG_FLUSH_LINES = 200;
const LOG_FLUSH_MS = 1000;

/** How an attempt ended: a result, or a failure and whether a retry follows. */
export type AttemptOutcome =
  | { result: NodeResult }
  | { error: ErrorInfo; retry: boolean; attempt: number; canceled: boolean };

/** Buffers log lines of one attempt and writes them in batches. */
function logBuffer(ctx: RunCtx, taskId: number, attempt: number) {
  let lines: LogLineInput[] = [];
  let last = Date.now();
  const flush = (): void => {
    if (lines.length === 0) return;
    ctx.store.meta.appendLogs(taskId, attempt, lines);
    lines = [];
    last = Date.now();
  };
  return {
    add(stream: LogLineInput['stream'], line: string) {
      lines.push({ stream, line });
      if (lines.length >= LOG_FLUSH_LINES || Date.now() - last > LOG_FLUSH_MS) flush();
    },
    flush,
  };
}

/** One attempt: stage, execute, read outputs back, commit — or fail it (and say whether to retry). */
export async function attemptOnce(
  ctx: RunCtx,
  path: string,
  taskId: number,
  comp: ComponentSpec,
  container: PipelineContainerSpec,
  component: AnyComponent | undefined,
  inputs: ResolvedInputs,
  ports: PortValues,
  cacheKey: string,
  maxRetries: number,
): Promise<
  { result: NodeResult } | { error: ErrorInfo; retry: boolean; attempt: number; canceled: boolean }
> {
  const meta = ctx.store.meta;
  const { attempt } = meta.startAttempt(taskId, { inputs: ports, cacheKey });
  ctx.emit({ type: 'task', path, state: 'RUNNING', attempt });
  const logs = logBuffer(ctx, taskId, attempt);
  const t0 = performance.now();
  let area: StagingArea | undefined;
  let usage: Usage = { cpuMs: 0, peakRssBytes: 0 };
  try {
    area = await ctx.store.artifacts.stage({
      pipelineName: ctx.pipelineName,
      runId: ctx.runId,
      taskPath: path,
    });
    const input = buildExecutorInput(comp, inputs, area);
    const io: AttemptIo = {
      signal: ctx.signal,
      log: (stream, line) => logs.add(stream, line),
      report: (step, metrics) => meta.recordMetrics(ctx.runId, taskId, metrics, step),
      progress: (done, total) => ctx.emit({ type: 'progress', path, done, total }),
      task: { pipeline: ctx.pipelineName, runId: ctx.runId, task: path, attempt },
    };
    const { output, ...cost } = await execute(ctx, comp, container, component, input, io);
    usage = cost;
    const outs = readExecutorOutputs(comp, input, output);
    const outputs: Record<
      string,
      { typeTitle: string; metadata: Record<string, unknown>; allowMissing: true }
    > = {};
    for (const [name, a] of Object.entries(outs.artifacts)) {
      outputs[name] = {
        typeTitle: a.type?.schemaTitle ?? 'system.Artifact',
        metadata: a.metadata ?? {},
        allowMissing: true,
      };
    }
    logs.flush();
    const wallMs = performance.now() - t0;
    const record = await ctx.store.commitTask(taskId, attempt, {
      area,
      outputs,
      parameters: outs.parameters,
      usage: { ...usage, wallMs },
    });
    recordFinalMetrics(ctx, taskId, outputsOfTask(ctx.store, record).artifacts);
    ctx.emit({ type: 'task', path, state: 'SUCCEEDED', attempt, durationMs: wallMs });
    return { result: { state: 'SUCCEEDED', outputs: outputsOfTask(ctx.store, record) } };
  } catch (e) {
    logs.flush();
    const canceled = ctx.signal.aborted || (isKiteError(e) && e.code === 'CANCELED');
    const retryable = !(e instanceof UserCodeError && !e.retryable);
    const retry = !canceled && retryable && attempt <= maxRetries;
    const error = errorInfo(e);
    meta.failAttempt(taskId, attempt, {
      error,
      usage: { ...usage, wallMs: performance.now() - t0 },
      retrying: retry,
      canceled,
    });
    if (area) await ctx.store.artifacts.discard(area);
    return { error, retry, attempt, canceled };
  }
}

function execute(
  ctx: RunCtx,
  comp: ComponentSpec,
  container: PipelineContainerSpec,
  component: AnyComponent | undefined,
  input: ExecutorInput,
  io: AttemptIo,
): Promise<Usage & { output?: ExecutorOutput }> {
  if (component && ctx.isolation === 'inprocess') return runInProcess(component, input, io);
  prepareOutputFolders(input);
  const argv = resolveCommandLine([...(container.command ?? []), ...(container.args ?? [])], input);
  const kite = argv[0] === 'kite' && argv[1] === 'execute';
  const full = kite ? [...kiteCliCommand(), ...argv.slice(1)] : argv;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KITE_PIPELINE: io.task.pipeline,
    KITE_RUN_ID: io.task.runId,
    KITE_TASK: io.task.task,
    KITE_ATTEMPT: String(io.task.attempt),
  };
  for (const e of container.env ?? []) if (e.name) env[e.name] = e.value ?? '';
  return runInSubprocess(full, env, ctx.cwd, io, comp.executorLabel ?? 'component');
}

/** Numbers in the metadata of `system.Metrics` outputs become the task's final metrics. */
function recordFinalMetrics(ctx: RunCtx, taskId: number, artifacts: Record<string, ArtifactRecord[]>): void {
  const values: Record<string, number> = {};
  for (const list of Object.values(artifacts)) {
    for (const a of list) {
      if (a.typeTitle !== 'system.Metrics') continue;
      for (const [k, v] of Object.entries(a.metadata))
        if (typeof v === 'number' && Number.isFinite(v)) values[k] = v;
    }
  }
  if (Object.keys(values).length > 0) ctx.store.meta.recordMetrics(ctx.runId, taskId, values, null);
}
