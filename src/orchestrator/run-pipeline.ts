/**
 * `runPipeline`: one run of a compiled pipeline against a store — create (or resume) the run,
 * keep its heartbeat, walk the root DAG, end the run SUCCEEDED / FAILED / CANCELED.
 */
import { availableParallelism } from 'node:os';
import { KiteError } from '../core/index.js';
import type { JsonValue, PipelineSpec } from '../ir/index.js';
import type { ErrorInfo, TaskRecord } from '../store/index.js';
import { ComponentSource } from './components.js';
import { errorInfo, type RunCtx } from './context.js';
import { runDag } from './dag.js';
import { Limiter } from './limiter.js';
import { resolveParams } from './params.js';
import { summarizeTasks } from './summary.js';
import type { RunPipelineOptions, RunResult } from './types.js';

const HEARTBEAT_MS = 5000;

interface Started {
  runId: string;
  spec: PipelineSpec;
  params: Record<string, JsonValue>;
  completed: Map<string, TaskRecord>;
}

async function start(options: RunPipelineOptions): Promise<Started> {
  const { store } = options;
  if (options.resumeRunId) {
    const claim = await store.resumeRun(options.resumeRunId, options.force ? { force: true } : {});
    const spec = store.meta.getSpec(claim.run.specDigest) as PipelineSpec | undefined;
    if (!spec) throw new KiteError('NOT_FOUND', `run ${claim.run.id}: its compiled spec is not in the store`);
    return {
      runId: claim.run.id,
      spec,
      params: claim.run.params as Record<string, JsonValue>,
      completed: claim.completed,
    };
  }
  const spec = options.spec;
  const params = resolveParams(spec.root?.inputDefinitions, options.params ?? {});
  const run = store.meta.createRun({
    pipelineName: spec.pipelineInfo?.name ?? 'pipeline',
    spec,
    params,
    rootDir: store.root,
  });
  return { runId: run.id, spec, params, completed: new Map() };
}

/**
 * Runs (or resumes) a compiled pipeline to the end and returns what happened. A failing task
 * does not throw: the result says FAILED with the task's error. Throws only for problems before
 * the run exists (bad parameters, a run that is owned by a live process).
 *
 * @example
 * ```ts
 * const store = openStore('.kite');
 * const result = await runPipeline({ spec: compilePipeline(p), store, components: componentsOf(p) });
 * console.log(result.state, result.tasks.map((t) => `${t.path} ${t.state}`));
 * ```
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunResult> {
  const { store } = options;
  const started = await start(options);
  const { runId, spec } = started;
  const pipelineName = spec.pipelineInfo?.name ?? 'pipeline';
  const emit = options.onEvent ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const ctx: RunCtx = {
    spec,
    store,
    runId,
    pipelineName,
    source: new ComponentSource(options.components, options.cwd ?? process.cwd()),
    cwd: options.cwd ?? process.cwd(),
    isolation: options.isolation ?? 'inprocess',
    noCache: options.noCache ?? false,
    slots: new Limiter(options.concurrency ?? availableParallelism()),
    signal,
    completed: started.completed,
    backoffScale: options.backoffScale ?? 1,
    emit,
  };
  emit({ type: 'run', runId, pipelineName, resumed: options.resumeRunId !== undefined });
  const beat = setInterval(() => {
    try {
      store.meta.heartbeat(runId);
    } catch {
      // a busy database: the next beat tries again
    }
  }, HEARTBEAT_MS);
  beat.unref();
  let state: RunResult['state'];
  let error: ErrorInfo | null = null;
  let outputs: RunResult['outputs'] = { parameters: {}, artifacts: {} };
  try {
    const root = await runDag(ctx, spec.root, '', { parameters: started.params, artifacts: {} });
    outputs = root.outputs;
    state =
      signal.aborted || root.state === 'CANCELED'
        ? 'CANCELED'
        : root.state === 'FAILED'
          ? 'FAILED'
          : 'SUCCEEDED';
    if (state === 'FAILED' && root.error) {
      error = { ...root.error, message: `task ${root.failedPath ?? '?'} failed: ${root.error.message}` };
    } else if (state === 'CANCELED') error = { message: 'the run was canceled', code: 'CANCELED' };
  } catch (e) {
    state = 'FAILED';
    error = errorInfo(e);
  } finally {
    clearInterval(beat);
  }
  store.meta.finishRun(runId, state, error);
  return { runId, pipelineName, state, error, tasks: summarizeTasks(store, runId), outputs };
}
