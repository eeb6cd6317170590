/**
 * Runs one executor task of a run: reuse (resume or cache), else attempts with retries. Each
 * attempt writes into a private staging area; outputs are committed (contents first, then one
 * metadata transaction) only when the attempt succeeded and every declared output was read back.
 */
import { performance } from 'node:perf_hooks';
import { isKiteError, KiteError, UserCodeError } from '../core/index.js';
import type { AnyComponent } from '../dsl/index.js';
import {
  type ComponentSpec,
  type ExecutorInput,
  type ExecutorOutput,
  type PipelineTaskSpec,
  resolveCommandLine,
} from '../ir/index.js';
import type {
  ArtifactRecord,
  ErrorInfo,
  LogLineInput,
  PortValues,
  StagingArea,
  TaskRecord,
} from '../store/index.js';
import type { AttemptIo, Usage } from './attempt-io.js';
import { cacheKeyOf } from './cache-key.js';
import { kiteExecutorArgs } from './components.js';
import { errorInfo, type NodeResult, noOutputs, outputsOfTask, type RunCtx } from './context.js';
import {
  buildExecutorInput,
  prepareOutputFolders,
  type ResolvedInputs,
  readExecutorOutputs,
} from './executor-io.js';
import { retryDelayMs, sleep } from './retry.js';
import { runInProcess } from './run-in-process.js';
import { kiteCliCommand, runInSubprocess } from './run-in-subprocess.js';

const LOG_FLUSH_LINES = 200;
const LOG_FLUSH_MS = 1000;

function portValues(inputs: ResolvedInputs): PortValues {
  const artifacts: Record<string, number[]> = {};
  for (const [name, list] of Object.entries(inputs.artifacts)) artifacts[name] = list.map((a) => a.id);
  return { parameters: inputs.parameters, artifacts };
}

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

function finished(ctx: RunCtx, path: string, task: TaskRecord, state: 'SUCCEEDED' | 'CACHED'): NodeResult {
  const durationMs = task.startedAt && task.finishedAt ? task.finishedAt - task.startedAt : 0;
  ctx.emit({ type: 'task', path, state, attempt: task.attempts, durationMs });
  return { state: 'SUCCEEDED', outputs: outputsOfTask(ctx.store, task) };
}

/** Fails a task before any attempt could start (bad spec, missing code). */
export function failBeforeStart(
  ctx: RunCtx,
  path: string,
  componentName: string,
  error: unknown,
): NodeResult {
  const record = ctx.store.meta.ensureTask(ctx.runId, { path, componentName });
  const info = errorInfo(error);
  const { attempt } = ctx.store.meta.startAttempt(record.id, {});
  ctx.store.meta.failAttempt(record.id, attempt, { error: info });
  ctx.emit({ type: 'task', path, state: 'FAILED', attempt, error: info });
  return { state: 'FAILED', outputs: noOutputs(), error: info, failedPath: path };
}

/** Runs the executor task at `path` with resolved `inputs`. */
export async function runExecutorTask(
  ctx: RunCtx,
  path: string,
  task: PipelineTaskSpec,
  componentName: string,
  comp: ComponentSpec,
  inputs: ResolvedInputs,
): Promise<NodeResult> {
  const executor = ctx.spec.deploymentSpec?.executors?.[comp.executorLabel ?? ''];
  const container = executor?.container;
  if (!container) {
    const what = executor
      ? `an executor kind Kite does not run locally (${Object.keys(executor).join(', ')})`
      : 'no executor';
    return failBeforeStart(
      ctx,
      path,
      componentName,
      new KiteError('UNSUPPORTED', `${componentName} has ${what}`),
    );
  }
  const args = kiteExecutorArgs(container);
  let component: AnyComponent | undefined;
  try {
    if (args) component = await ctx.source.resolve(args);
  } catch (e) {
    return failBeforeStart(ctx, path, componentName, e);
  }
  const meta = ctx.store.meta;
  const record = meta.ensureTask(ctx.runId, { path, componentName });
  const done = ctx.completed.get(path);
  if (done) return finished(ctx, path, done, done.state === 'CACHED' ? 'CACHED' : 'SUCCEEDED');

  const ports = portValues(inputs);
  const cacheKey = cacheKeyOf(
    comp,
    container,
    inputs,
    component ? ctx.source.digestOf(component) : undefined,
  );
  if (!ctx.noCache && task.cachingOptions?.enableCache === true) {
    const hit = await ctx.store.findCached(cacheKey);
    if (hit)
      return finished(ctx, path, meta.markCached(record.id, hit, { inputs: ports, cacheKey }), 'CACHED');
  }

  const maxRetries = task.retryPolicy?.maxRetryCount ?? 0;
  const cancel = (): NodeResult => {
    const now = meta.getTaskById(record.id);
    if (now?.state === 'PENDING') meta.markTask(record.id, 'CANCELED');
    ctx.emit({ type: 'task', path, state: 'CANCELED', attempt: now?.attempts ?? 0 });
    return { state: 'CANCELED', outputs: noOutputs() };
  };
  for (;;) {
    if (ctx.signal.aborted) return cancel();
    const release = await ctx.slots.acquire();
    if (ctx.signal.aborted) {
      release();
      return cancel();
    }
    let outcome:
      | { result: NodeResult }
      | { error: ErrorInfo; retry: boolean; attempt: number; canceled: boolean };
    try {
      outcome = await attemptOnce(
        ctx,
        path,
        record.id,
        comp,
        container,
        component,
        inputs,
        ports,
        cacheKey,
        maxRetries,
      );
    } finally {
      release();
    }
    if ('result' in outcome) return outcome.result;
    if (!outcome.retry) {
      const state = outcome.canceled ? 'CANCELED' : 'FAILED';
      ctx.emit({ type: 'task', path, state, attempt: outcome.attempt, error: outcome.error });
      return state === 'CANCELED'
        ? { state, outputs: noOutputs() }
        : { state, outputs: noOutputs(), error: outcome.error, failedPath: path };
    }
    const delayMs = retryDelayMs(task.retryPolicy, outcome.attempt) * ctx.backoffScale;
    ctx.emit({ type: 'retry', path, attempt: outcome.attempt, delayMs, error: outcome.error });
    await sleep(delayMs, ctx.signal);
  }
}

async function attemptOnce(
  ctx: RunCtx,
  path: string,
  taskId: number,
  comp: ComponentSpec,
  container: NonNullable<Parameters<typeof cacheKeyOf>[1]>,
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
  container: NonNullable<Parameters<typeof cacheKeyOf>[1]>,
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
