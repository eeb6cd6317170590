/**
 * Runs one executor task of a run: reuse (resume or cache), else attempts with retries. Each
 * attempt writes into a private staging area; outputs are committed (contents first, then one
 * metadata transaction) only when the attempt succeeded and every declared output was read back.
 */
import { KiteError } from '../core/index.js';
import type { AnyComponent } from '../dsl/index.js';
import type { ComponentSpec, PipelineTaskSpec } from '../ir/index.js';
import type { PortValues, TaskRecord } from '../store/index.js';
import { type AttemptOutcome, attemptOnce } from './attempt.js';
import { cacheKeyOf } from './cache-key.js';
import { kiteExecutorArgs } from './components.js';
import { errorInfo, type NodeResult, noOutputs, outputsOfTask, type RunCtx } from './context.js';
import type { ResolvedInputs } from './executor-io.js';
import { runImporter } from './importer.js';
import { retryDelayMs, sleep } from './retry.js';

function portValues(inputs: ResolvedInputs): PortValues {
  const artifacts: Record<string, number[]> = {};
  for (const [name, list] of Object.entries(inputs.artifacts)) artifacts[name] = list.map((a) => a.id);
  return { parameters: inputs.parameters, artifacts };
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
  // completed before a resume: reused as it is, its code is not even needed
  const done = ctx.completed.get(path);
  if (done) return finished(ctx, path, done, done.state === 'CACHED' ? 'CACHED' : 'SUCCEEDED');
  if (executor?.importer) {
    return runImporter(ctx, path, componentName, comp, executor.importer, inputs, portValues(inputs));
  }
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
    let outcome: AttemptOutcome;
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
