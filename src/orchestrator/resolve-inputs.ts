/**
 * Resolves a DAG task's inputs as KFP's driver does: constants, the parent DAG's inputs
 * (`componentInputParameter` / `componentInputArtifact`), sibling outputs
 * (`taskOutputParameter` / `taskOutputArtifact`), an upstream's final status
 * (`taskFinalStatus`), each parameter optionally through its `parameterExpressionSelector`.
 */
import { KiteError } from '../core/index.js';
import type { JsonValue, PipelineTaskSpec } from '../ir/index.js';
import type { ArtifactRecord } from '../store/index.js';
import { applySelector } from './cel.js';
import type { DagScope, NodeResult, RunCtx } from './context.js';
import type { ResolvedInputs } from './executor-io.js';

/** The `PipelineTaskFinalStatus` value an exit task receives about `producer`. */
export function finalStatus(ctx: RunCtx, producer: string, result: NodeResult): JsonValue {
  const state = result.state === 'SKIPPED' ? 'SUCCEEDED' : result.state;
  const status: Record<string, JsonValue> = {
    state,
    pipelineJobResourceName: `runs/${ctx.runId}`,
    pipelineTaskName: producer,
  };
  if (result.error) {
    const where = result.failedPath ? `task ${result.failedPath}: ` : '';
    status.error = { code: state === 'CANCELED' ? 1 : 2, message: `${where}${result.error.message}` };
  }
  return status;
}

/** Pipeline placeholders a constant may be (`{{$.pipeline_job_name}}`, ...), as the driver resolves them. */
function runtimePlaceholder(ctx: RunCtx, taskId: string, value: JsonValue): JsonValue {
  if (typeof value !== 'string' || !value.startsWith('{{$.pipeline_')) return value;
  const run = ctx.store.meta.getRun(ctx.runId);
  const created = new Date(run?.createdAt ?? Date.now()).toISOString();
  const table: Record<string, string> = {
    '{{$.pipeline_job_name}}': ctx.pipelineName,
    '{{$.pipeline_job_resource_name}}': `runs/${ctx.runId}`,
    '{{$.pipeline_job_uuid}}': ctx.runId,
    '{{$.pipeline_task_name}}': taskId,
    '{{$.pipeline_task_uuid}}': `${ctx.runId}/${taskId}`,
    '{{$.pipeline_job_create_time_utc}}': created,
    '{{$.pipeline_job_schedule_time_utc}}': created,
    '{{$.pipeline_root}}': ctx.store.root,
  };
  return table[value] ?? value;
}

/** Resolves every input of `task` from `scope` and the finished `siblings`. */
export function resolveInputs(
  ctx: RunCtx,
  taskId: string,
  task: PipelineTaskSpec,
  scope: DagScope,
  siblings: ReadonlyMap<string, NodeResult>,
): ResolvedInputs {
  const parameters: Record<string, JsonValue> = {};
  const artifacts: Record<string, ArtifactRecord[]> = {};
  const problems: string[] = [];
  const sibling = (name: string, producer: string): NodeResult | undefined => {
    const r = siblings.get(producer);
    if (!r) problems.push(`input '${name}': producer task '${producer}' has not run`);
    return r;
  };
  for (const [name, spec] of Object.entries(task.inputs?.parameters ?? {})) {
    let value: JsonValue | undefined;
    if (spec.runtimeValue) value = runtimePlaceholder(ctx, taskId, spec.runtimeValue.constant as JsonValue);
    else if (spec.componentInputParameter !== undefined) {
      value = scope.parameters[spec.componentInputParameter];
      if (value === undefined) continue; // optional input without a value: the component default applies
    } else if (spec.taskOutputParameter) {
      const { producerTask = '', outputParameterKey = '' } = spec.taskOutputParameter;
      const r = sibling(name, producerTask);
      value = r?.outputs.parameters[outputParameterKey];
      if (r && value === undefined)
        problems.push(`input '${name}': task '${producerTask}' has no output '${outputParameterKey}'`);
    } else if (spec.taskFinalStatus) {
      const producer = spec.taskFinalStatus.producerTask ?? '';
      const r = sibling(name, producer);
      if (r) value = finalStatus(ctx, producer, r);
    } else problems.push(`input '${name}': no value source`);
    if (value === undefined) continue;
    if (spec.parameterExpressionSelector) {
      try {
        value = applySelector(spec.parameterExpressionSelector, value) as JsonValue;
      } catch (e) {
        problems.push(`input '${name}': ${(e as Error).message}`);
        continue;
      }
    }
    parameters[name] = value;
  }
  for (const [name, spec] of Object.entries(task.inputs?.artifacts ?? {})) {
    if (spec.componentInputArtifact !== undefined) {
      const list = scope.artifacts[spec.componentInputArtifact];
      if (list) artifacts[name] = list;
    } else if (spec.taskOutputArtifact) {
      const { producerTask = '', outputArtifactKey = '' } = spec.taskOutputArtifact;
      const list = sibling(name, producerTask)?.outputs.artifacts[outputArtifactKey];
      if (list) artifacts[name] = list;
      else if (siblings.has(producerTask))
        problems.push(
          `input '${name}': task '${producerTask}' has no output artifact '${outputArtifactKey}'`,
        );
    } else problems.push(`input artifact '${name}': no value source`);
  }
  if (problems.length > 0) {
    throw new KiteError('INVALID_SPEC', `task '${taskId}': ${problems.join('; ')}`);
  }
  return { parameters, artifacts };
}
