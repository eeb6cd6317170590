/**
 * # dsl (layer 2)
 *
 * The typed pipeline DSL. Port specs (`param.*`, `artifact.*`) are the single source of both
 * the static types and the IR.
 *
 * - `component({ name, inputs, outputs, run })` — a unit of work; `spec.run(inputs, ctx)` is a
 *   plain function. Calling the component inside `build` wires a task (`types.ts` turns the
 *   port specs into the argument, input, context and output types).
 * - `pipeline({ name, params, build })` — `build` runs once, synchronously, inside a
 *   `GraphBuilder` (`graph.ts`) and records tasks in nested scopes: root, `when` conditions
 *   (and `condition-branches` groups for `elseWhen`/`otherwise`), `forEach` loops, `onExit`
 *   exit handlers (`control.ts`). A pipeline is callable inside another pipeline.
 * - `validateGraph` (`rules.ts`) finds what types cannot: unknown/missing inputs, literal and
 *   reference type mismatches, references across scopes, dangling references, cycles.
 *
 * The compiler (layer 3) turns a `Graph` into KFP's PipelineSpec. Nothing here knows the IR.
 */

export { collect } from './collect.js';
export {
  type AnyComponent,
  type Component,
  type ComponentSpec,
  component,
  isComponent,
} from './component.js';
export { type Branches, type ForEachOptions, forEach, type ItemRef, onExit, when } from './control.js';
export type {
  Arg,
  BranchesScope,
  Callee,
  ConditionScope,
  ExitScope,
  Graph,
  LoopScope,
  Node,
  Resources,
  RetryPolicy,
  RootScope,
  Scope,
  TaskNode,
} from './graph.js';
export { sanitizeName, scopeChain } from './graph.js';
export type { JsonValue } from './json.js';
export { type AnyPipeline, isPipeline, type Pipeline, type PipelineSpec, pipeline } from './pipeline.js';
export {
  ARTIFACT_SCHEMAS,
  type ArtifactOptions,
  type ArtifactPort,
  type ArtifactSchema,
  artifact,
  literalMatches,
  PARAM_TYPES,
  type ParamOptions,
  type ParamPort,
  type ParamType,
  type Port,
  type Ports,
  param,
  type TaskFinalStatus,
} from './ports.js';
export {
  ArtifactRef,
  and,
  type CompareOp,
  type Condition,
  isArtifactRef,
  isParamRef,
  isRef,
  not,
  or,
  ParamRef,
  type Ref,
  type RefSource,
  type RefType,
} from './refs.js';
export { validateGraph } from './rules.js';
export { type Duration, durationSeconds, type RetryOptions, type Task, type TaskOptions } from './task.js';
export { type ComponentRun, inputArtifact, type RunComponentOptions, runComponent } from './testing.js';
export type * from './types.js';
