/**
 * Walks a DAG component of the compiled spec: every task starts when its upstream tasks have
 * ended; a task whose upstream did not succeed is SKIPPED (unless its trigger strategy is
 * `ALL_UPSTREAM_TASKS_COMPLETED`, as exit tasks are); a task whose `triggerPolicy.condition` is
 * false is SKIPPED with everything inside it; sub-DAGs run recursively, loops once per item
 * (`iteration-<i>`) with their parallelism limit; DAG outputs come from `dag.outputs`.
 */
import { KiteError } from '../core/index.js';
import type { ComponentSpec, DagOutputsSpec, JsonValue, PipelineTaskSpec } from '../ir/index.js';
import type { ArtifactRecord } from '../store/index.js';
import { evaluateCondition } from './cel.js';
import {
  type DagScope,
  errorInfo,
  type NodeResult,
  type NodeState,
  noOutputs,
  type RunCtx,
} from './context.js';
import { Limiter } from './limiter.js';
import { resolveInputs } from './resolve-inputs.js';
import { failBeforeStart, runExecutorTask } from './run-task.js';
import type { TaskOutputs } from './types.js';

function componentOf(ctx: RunCtx, task: PipelineTaskSpec, taskId: string): [string, ComponentSpec] {
  const name = task.componentRef?.name ?? '';
  const comp = ctx.spec.components?.[name];
  if (!comp) throw new KiteError('INVALID_SPEC', `task '${taskId}' refers to unknown component '${name}'`);
  return [name, comp];
}

/** Marks every executor task under a node that will not run (SKIPPED or CANCELED). */
function markNotRun(
  ctx: RunCtx,
  comp: ComponentSpec,
  name: string,
  path: string,
  state: 'SKIPPED' | 'CANCELED',
): void {
  if (comp.dag) {
    for (const [id, t] of Object.entries(comp.dag.tasks ?? {})) {
      if (t.parameterIterator) continue; // iterations are unknown until the loop runs
      const child = ctx.spec.components?.[t.componentRef?.name ?? ''];
      if (child) markNotRun(ctx, child, t.componentRef?.name ?? '', `${path}/${id}`, state);
    }
    return;
  }
  if (ctx.completed.has(path)) return;
  const record = ctx.store.meta.ensureTask(ctx.runId, { path, componentName: name });
  if (record.state === 'PENDING') ctx.store.meta.markTask(record.id, state);
  ctx.emit({ type: 'task', path, state, attempt: record.attempts });
}

/** The state of a group from its children: FAILED wins, then CANCELED, else SUCCEEDED. */
function combine(results: Iterable<NodeResult>): Pick<NodeResult, 'state' | 'error' | 'failedPath'> {
  let canceled = false;
  for (const r of results) {
    if (r.state === 'FAILED') {
      const out: Pick<NodeResult, 'state' | 'error' | 'failedPath'> = { state: 'FAILED' };
      if (r.error) out.error = r.error;
      if (r.failedPath) out.failedPath = r.failedPath;
      return out;
    }
    if (r.state === 'CANCELED') canceled = true;
  }
  return { state: canceled ? 'CANCELED' : 'SUCCEEDED' };
}

function dagOutputs(
  outputs: DagOutputsSpec | undefined,
  results: ReadonlyMap<string, NodeResult>,
): TaskOutputs {
  const out = noOutputs();
  for (const [name, spec] of Object.entries(outputs?.parameters ?? {})) {
    const selectors = spec.valueFromParameter
      ? [spec.valueFromParameter]
      : (spec.valueFromOneof?.parameterSelectors ?? []);
    for (const s of selectors) {
      const v = results.get(s.producerSubtask ?? '')?.outputs.parameters[s.outputParameterKey ?? ''];
      if (v !== undefined) {
        out.parameters[name] = v;
        break;
      }
    }
  }
  for (const [name, spec] of Object.entries(outputs?.artifacts ?? {})) {
    const list: ArtifactRecord[] = [];
    for (const s of spec.artifactSelectors ?? []) {
      list.push(
        ...(results.get(s.producerSubtask ?? '')?.outputs.artifacts[s.outputArtifactKey ?? ''] ?? []),
      );
    }
    if (list.length > 0) out.artifacts[name] = list;
  }
  return out;
}

/** Runs the DAG of `comp` with `scope` as its inputs; `prefix` is its path ('' for the root). */
export async function runDag(
  ctx: RunCtx,
  comp: ComponentSpec,
  prefix: string,
  scope: DagScope,
): Promise<NodeResult> {
  const tasks = comp.dag?.tasks ?? {};
  const results = new Map<string, NodeResult>();
  const running = new Map<string, Promise<NodeResult>>();
  const visit = (id: string, trail: readonly string[]): Promise<NodeResult> => {
    if (trail.includes(id))
      throw new KiteError('INVALID_SPEC', `dependency cycle: ${[...trail, id].join(' → ')}`);
    let p = running.get(id);
    if (!p) {
      p = runNode(id, [...trail, id]).then((r) => {
        results.set(id, r);
        return r;
      });
      running.set(id, p);
    }
    return p;
  };
  const runNode = async (id: string, trail: readonly string[]): Promise<NodeResult> => {
    const task = tasks[id];
    if (!task) throw new KiteError('INVALID_SPEC', `${prefix || 'root'}: no task '${id}'`);
    const path = `${prefix}${id}`;
    const upstream = new Set(task.dependentTasks ?? []);
    for (const p of Object.values(task.inputs?.parameters ?? {})) {
      const producer = p.taskOutputParameter?.producerTask ?? p.taskFinalStatus?.producerTask;
      if (producer) upstream.add(producer);
    }
    for (const a of Object.values(task.inputs?.artifacts ?? {})) {
      if (a.taskOutputArtifact?.producerTask) upstream.add(a.taskOutputArtifact.producerTask);
    }
    const deps = await Promise.all([...upstream].map((u) => visit(u, trail)));
    const [name, child] = componentOf(ctx, task, id);
    const notRun = (state: 'SKIPPED' | 'CANCELED'): NodeResult => {
      markNotRun(ctx, child, name, path, state);
      return { state, outputs: noOutputs() };
    };
    if (ctx.signal.aborted) return notRun('CANCELED');
    const always = task.triggerPolicy?.strategy === 'ALL_UPSTREAM_TASKS_COMPLETED';
    if (!always && deps.some((d) => d.state !== 'SUCCEEDED')) return notRun('SKIPPED');
    try {
      const inputs = resolveInputs(ctx, id, task, scope, results);
      const condition = task.triggerPolicy?.condition;
      if (condition && !evaluateCondition(condition, inputs.parameters)) return notRun('SKIPPED');
      if (task.artifactIterator) {
        throw new KiteError(
          'UNSUPPORTED',
          `task '${id}': artifactIterator loops are not supported locally yet`,
        );
      }
      if (child.dag) {
        return task.parameterIterator
          ? await runLoop(ctx, id, task, child, path, inputs)
          : await runDag(ctx, child, `${path}/`, inputs);
      }
      return await runExecutorTask(ctx, path, task, name, child, inputs);
    } catch (e) {
      if (child.dag) {
        const error = errorInfo(e);
        ctx.emit({ type: 'task', path, state: 'FAILED', attempt: 0, error });
        return { state: 'FAILED', outputs: noOutputs(), error, failedPath: path };
      }
      return failBeforeStart(ctx, path, name, e);
    }
  };
  const all = await Promise.all(Object.keys(tasks).map((id) => visit(id, [])));
  return { ...combine(all), outputs: dagOutputs(comp.dag?.outputs, results) };
}

function loopItems(task: PipelineTaskSpec, inputs: DagScope, taskId: string): JsonValue[] {
  const it = task.parameterIterator;
  const raw = it?.items?.raw;
  let items: unknown;
  if (raw !== undefined) items = JSON.parse(raw);
  else {
    const name = it?.items?.inputParameter ?? '';
    items = inputs.parameters[name];
    if (typeof items === 'string') items = JSON.parse(items);
  }
  if (!Array.isArray(items)) {
    throw new KiteError(
      'INVALID_DATA',
      `loop '${taskId}': the items are not a list (${JSON.stringify(items)?.slice(0, 80)})`,
    );
  }
  return items as JsonValue[];
}

async function runLoop(
  ctx: RunCtx,
  taskId: string,
  task: PipelineTaskSpec,
  body: ComponentSpec,
  path: string,
  inputs: DagScope,
): Promise<NodeResult> {
  const items = loopItems(task, inputs, taskId);
  const itemInput = task.parameterIterator?.itemInput ?? '';
  const limiter = new Limiter(task.iteratorPolicy?.parallelismLimit ?? 0);
  const results = await Promise.all(
    items.map((item, i) =>
      limiter.run(() =>
        runDag(ctx, body, `${path}/iteration-${i}/`, {
          parameters: { ...inputs.parameters, [itemInput]: item },
          artifacts: inputs.artifacts,
        }),
      ),
    ),
  );
  return { ...combine(results), outputs: collected(body.dag?.outputs, results) };
}

/** A loop's outputs (`collect()`): each output gathered over the iterations, in item order. */
function collected(outputs: DagOutputsSpec | undefined, iterations: readonly NodeResult[]): TaskOutputs {
  const out = noOutputs();
  for (const name of Object.keys(outputs?.parameters ?? {})) {
    out.parameters[name] = iterations.flatMap((r) => {
      const v = r.outputs.parameters[name];
      return v === undefined ? [] : [v];
    });
  }
  for (const name of Object.keys(outputs?.artifacts ?? {})) {
    out.artifacts[name] = iterations.flatMap((r) => r.outputs.artifacts[name] ?? []);
  }
  return out;
}

export type { NodeState };
