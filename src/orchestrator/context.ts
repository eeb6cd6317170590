/** The state one run shares between its DAG walker and its task runner. */
import { isKiteError, messageOf, UserCodeError } from '../core/index.js';
import type { JsonValue, PipelineSpec } from '../ir/index.js';
import type { ArtifactRecord, ErrorInfo, Store, TaskRecord } from '../store/index.js';
import type { ComponentSource } from './components.js';
import type { Limiter } from './limiter.js';
import type { Isolation, RunEvent, TaskOutputs } from './types.js';

/** Everything a running pipeline needs, built once per run. */
export interface RunCtx {
  readonly spec: PipelineSpec;
  readonly store: Store;
  readonly runId: string;
  readonly pipelineName: string;
  readonly source: ComponentSource;
  readonly cwd: string;
  readonly isolation: Isolation;
  readonly noCache: boolean;
  /** Slots for executor tasks (the run's concurrency). */
  readonly slots: Limiter;
  readonly signal: AbortSignal;
  /** Tasks a resumed run completed before, by path. */
  readonly completed: ReadonlyMap<string, TaskRecord>;
  readonly backoffScale: number;
  emit(event: RunEvent): void;
}

/** How a node of the DAG (an executor task or a sub-DAG) ended. */
export type NodeState = 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CANCELED';

/** The result of a node: its state, its outputs, and for a failure where and why. */
export interface NodeResult {
  state: NodeState;
  outputs: TaskOutputs;
  error?: ErrorInfo;
  /** Path of the executor task that failed first, for messages. */
  failedPath?: string;
}

/** Values visible inside a DAG: its input parameters and artifacts. */
export interface DagScope {
  parameters: Record<string, JsonValue>;
  artifacts: Record<string, ArtifactRecord[]>;
}

/** Empty outputs. */
export const noOutputs = (): TaskOutputs => ({ parameters: {}, artifacts: {} });

/** An error as the store keeps it: the message (with the user's frame) and the stack. */
export function errorInfo(error: unknown): ErrorInfo {
  const info: ErrorInfo = { message: messageOf(error) };
  const cause = error instanceof UserCodeError ? error.cause : error;
  if (cause instanceof Error && cause.stack) info.stack = cause.stack;
  if (isKiteError(error)) info.code = error.code;
  return info;
}

/** Outputs of a finished task, read from the store. */
export function outputsOfTask(store: Store, task: TaskRecord): TaskOutputs {
  const artifacts: Record<string, ArtifactRecord[]> = {};
  for (const [port, ids] of Object.entries(task.outputs?.artifacts ?? {})) {
    artifacts[port] = ids.map((id) => store.meta.getArtifact(id)).filter((a): a is ArtifactRecord => !!a);
  }
  return { parameters: (task.outputs?.parameters ?? {}) as Record<string, JsonValue>, artifacts };
}
