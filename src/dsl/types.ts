/**
 * Type-level machinery: from port specs to the types of task arguments, run-function inputs,
 * outputs and pipeline outputs. Everything here is erased at run time.
 */
import type { Logger } from '../core/index.js';
import type { JsonValue } from './json.js';
import type { ArtifactPort, ArtifactSchema, ParamPort, ParamType, Port, Ports } from './ports.js';
import type { ArtifactRef, ParamRef, RefType } from './refs.js';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Reference types a parameter port of type `K` accepts (an integer widens to a number). */
type AcceptedRef<K extends ParamType> = K extends 'NUMBER_DOUBLE'
  ? ParamRef<'NUMBER_DOUBLE' | 'NUMBER_INTEGER'> | ParamRef<'ANY'>
  : ParamRef<K> | ParamRef<'ANY'>;

/** Artifact references an artifact port accepts: `system.Artifact` takes any artifact. */
type AcceptedArtifact<S extends ArtifactSchema, L extends boolean> = L extends true
  ?
      | ArtifactRef<S extends 'system.Artifact' ? ArtifactSchema : S, true>
      | ArtifactRef<S extends 'system.Artifact' ? ArtifactSchema : S, false>[]
  : ArtifactRef<S extends 'system.Artifact' ? ArtifactSchema : S, false>;

/** What may be passed to one input port when wiring a task. */
export type ArgFor<P> =
  P extends ParamPort<infer K, infer T, boolean, boolean>
    ? T | AcceptedRef<K>
    : P extends ArtifactPort<infer S, boolean, infer L>
      ? AcceptedArtifact<S, L>
      : never;

type OmittableKeys<I extends Ports> = {
  [K in keyof I]: I[K] extends { readonly __omittable?: true } ? K : never;
}[keyof I];
type RequiredKeys<I extends Ports> = Exclude<keyof I, OmittableKeys<I>>;

/** The argument object of a task: required inputs must be given, unknown ones are rejected. */
export type TaskArgs<I extends Ports> = Simplify<
  { [K in RequiredKeys<I>]: ArgFor<I[K]> } & { [K in OmittableKeys<I>]?: ArgFor<I[K]> }
>;

/** An input artifact as the run function sees it. */
export interface InputArtifact {
  readonly name: string;
  readonly schemaTitle: string;
  readonly uri: string;
  /** Local path of the artifact's file or directory. */
  readonly path: string;
  readonly metadata: Readonly<Record<string, JsonValue>>;
}

/** An output artifact: write its file (or directory) at `path`, add `metadata` if you like. */
export interface OutputArtifact {
  readonly name: string;
  readonly schemaTitle: string;
  readonly uri: string;
  readonly path: string;
  readonly metadata: Record<string, JsonValue>;
}

type InputValue<P> =
  P extends ParamPort<ParamType, infer T, infer Om, infer Def>
    ? Def extends true
      ? T
      : Om extends true
        ? T | undefined
        : T
    : P extends ArtifactPort<ArtifactSchema, infer Om, infer L>
      ? L extends true
        ? InputArtifact[]
        : Om extends true
          ? InputArtifact | undefined
          : InputArtifact
      : never;

/** The first argument of a run function. */
export type RunInputs<I extends Ports> = Simplify<{ -readonly [K in keyof I]: InputValue<I[K]> }>;

type ParamKeys<O extends Ports> = { [K in keyof O]: O[K] extends ParamPort ? K : never }[keyof O];
type ArtifactKeys<O extends Ports> = { [K in keyof O]: O[K] extends ArtifactPort ? K : never }[keyof O];

/** The output artifacts a run function writes. */
export type RunOutputs<O extends Ports> = Simplify<{ readonly [K in ArtifactKeys<O>]: OutputArtifact }>;

/** What a run function returns: every parameter output. */
export type RunResult<O extends Ports> = [ParamKeys<O>] extends [never]
  ? // biome-ignore lint/suspicious/noConfusingVoidType: a run function without parameter outputs returns nothing
    void | Record<string, never>
  : Simplify<{ [K in ParamKeys<O>]: O[K] extends ParamPort<ParamType, infer T> ? T : never }>;

/** Facts about the task being run. */
export interface TaskInfo {
  readonly pipeline: string;
  readonly runId: string;
  readonly task: string;
  readonly attempt: number;
}

/** The second argument of a run function. */
export interface RunContext<O extends Ports = Ports> {
  readonly outputs: RunOutputs<O>;
  /** Aborted when the run is canceled: stop work and throw. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Reports intermediate metrics (for progress, AutoML early stopping and the store). */
  report(step: number, metrics: Record<string, number>): void;
  /** Reports progress of a long task, `done` of `total`. */
  progress(done: number, total: number): void;
  readonly task: TaskInfo;
}

export type RunFunction<I extends Ports, O extends Ports> = (
  inputs: RunInputs<I>,
  ctx: RunContext<O>,
) => RunResult<O> | Promise<RunResult<O>>;

/** The references a task's outputs give to downstream tasks. */
export type OutputRefs<O extends Ports> = Simplify<{
  readonly [K in keyof O]: O[K] extends ParamPort<infer Kind, infer T>
    ? ParamRef<Kind, T>
    : O[K] extends ArtifactPort<infer S, boolean, infer L>
      ? ArtifactRef<S, L>
      : never;
}>;

/** Pipeline inputs as `build` receives them. */
export type InputRefs<I extends Ports> = OutputRefs<I>;

/** The output port a reference becomes when a pipeline returns it. */
export type PortOf<R> =
  R extends ParamRef<infer K, infer T>
    ? ParamPort<K extends ParamType ? K : ParamType, T>
    : R extends ArtifactRef<infer S, infer L>
      ? ArtifactPort<S, false, L>
      : never;

/** Output ports of a pipeline, inferred from what its `build` returns. */
export type PortsOf<R> = R extends Record<string, unknown> ? { [K in keyof R]: PortOf<R[K]> } : {};

/** What `build` may return. */
// biome-ignore lint/suspicious/noConfusingVoidType: a build function may return nothing
export type BuildResult = Record<string, ParamRef<RefType> | ArtifactRef> | void;

/** Check that a port type is a port (helps error messages). */
export type IsPort<P> = P extends Port ? true : false;
