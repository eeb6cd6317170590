/**
 * Wiring one task: turns the arguments of a component call into graph arguments, applies the
 * per-task options and registers the task in the current scope.
 */
import { KiteError } from '../core/index.js';
import {
  type Arg,
  type Callee,
  currentBuilder,
  type Resources,
  type RetryPolicy,
  type TaskNode,
} from './graph.js';
import type { JsonValue } from './json.js';
import type { Ports } from './ports.js';
import { ArtifactRef, isArtifactRef, isRef, ParamRef } from './refs.js';
import type { OutputRefs } from './types.js';

/** A duration: seconds as a number, or a string such as `'30s'`, `'5m'`, `'1h'`. */
export type Duration = number | `${number}${'s' | 'm' | 'h'}`;

export interface RetryOptions {
  /** How many times to retry after the first failure. */
  maxRetries: number;
  /** Wait before the first retry (default 0s). */
  backoff?: Duration;
  /** Multiplier of the wait per retry (default 2). */
  backoffFactor?: number;
  /** Longest wait (default 1h). */
  maxBackoff?: Duration;
}

/** Options of one task, given as the second argument of a component call. */
export interface TaskOptions {
  /** Retries: a count, or a policy with backoff. */
  retry?: number | RetryOptions;
  /** Reuse outputs of an identical earlier execution (default true). */
  cache?: boolean;
  /** Tasks that must finish first, beyond those whose outputs this task uses. */
  after?: Task | readonly Task[];
  /** The name shown in UIs (KFP `taskInfo.name`). */
  displayName?: string;
  /** Resource requests and limits (Kubernetes quantities such as `'500m'`, `'2Gi'`). */
  resources?: {
    cpuRequest?: string | number;
    cpuLimit?: string | number;
    memoryRequest?: string;
    memoryLimit?: string;
    accelerator?: { type: string; count: number };
  };
}

/** A wired task: its id and references to its outputs. */
export interface Task<O extends Ports = Ports> {
  readonly id: string;
  readonly outputs: OutputRefs<O>;
  /** The graph node (for the compiler). */
  readonly node: TaskNode;
}

/** Seconds of a {@link Duration}. */
export function durationSeconds(d: Duration, where: string): number {
  if (typeof d === 'number' && Number.isFinite(d) && d >= 0) return d;
  const m = typeof d === 'string' ? /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(d) : null;
  if (!m)
    throw new KiteError('INVALID_PIPELINE', `${where}: '${String(d)}' is not a duration`, {
      hint: "use seconds, or a string like '30s', '5m', '1h'",
    });
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}

function retryPolicy(retry: number | RetryOptions, where: string): RetryPolicy {
  const o = typeof retry === 'number' ? { maxRetries: retry } : retry;
  if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0) {
    throw new KiteError(
      'INVALID_PIPELINE',
      `${where}: retry count must be a whole number ≥ 0, got ${o.maxRetries}`,
    );
  }
  return {
    maxRetries: o.maxRetries,
    backoffSeconds: durationSeconds(o.backoff ?? 0, `${where} retry.backoff`),
    backoffFactor: o.backoffFactor ?? 2,
    backoffMaxSeconds: durationSeconds(o.maxBackoff ?? 3600, `${where} retry.maxBackoff`),
  };
}

function resources(r: NonNullable<TaskOptions['resources']>): Resources {
  const out: Resources = {};
  if (r.cpuRequest !== undefined) out.cpuRequest = String(r.cpuRequest);
  if (r.cpuLimit !== undefined) out.cpuLimit = String(r.cpuLimit);
  if (r.memoryRequest !== undefined) out.memoryRequest = r.memoryRequest;
  if (r.memoryLimit !== undefined) out.memoryLimit = r.memoryLimit;
  if (r.accelerator !== undefined) out.accelerator = { ...r.accelerator };
  return out;
}

function toArg(value: unknown): Arg {
  if (isRef(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isArtifactRef)) {
    return { kind: 'refList', refs: value as ArtifactRef[] };
  }
  return { kind: 'literal', value: value as JsonValue };
}

/** Creates output references for a task. */
export function outputRefs<O extends Ports>(outputs: O, task: { id: string }): OutputRefs<O> {
  const refs: Record<string, unknown> = {};
  for (const [key, port] of Object.entries(outputs)) {
    const source = { kind: 'taskOutput' as const, task, key };
    refs[key] =
      port.kind === 'param'
        ? new ParamRef(port.type, source)
        : new ArtifactRef(port.schemaTitle, source, port.list);
  }
  return Object.freeze(refs) as OutputRefs<O>;
}

/** Registers a call of `callee` in the pipeline being built and returns the task. */
export function wireTask<O extends Ports>(
  callee: Callee & { outputs: O },
  args: Record<string, unknown>,
  options: TaskOptions = {},
): Task<O> {
  const builder = currentBuilder(`${callee.kind} '${callee.name}'`);
  const id = builder.taskId(callee.name);
  const where = `pipeline '${builder.pipeline}', task '${id}'`;
  const node: TaskNode = {
    kind: 'task',
    id,
    callee,
    args: {},
    scope: builder.scope,
    after: [],
  };
  for (const [name, value] of Object.entries(args ?? {})) {
    if (value !== undefined) node.args[name] = toArg(value);
  }
  if (options.displayName !== undefined) node.displayName = options.displayName;
  if (options.retry !== undefined) node.retry = retryPolicy(options.retry, where);
  if (options.cache !== undefined) node.cache = options.cache;
  if (options.resources !== undefined) node.resources = resources(options.resources);
  const after =
    options.after === undefined ? [] : Array.isArray(options.after) ? options.after : [options.after];
  node.after.push(...(after as readonly Task[]).map((t) => t.node));
  builder.add(node);
  return { id, node, outputs: outputRefs(callee.outputs, node) };
}
