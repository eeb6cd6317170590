/**
 * # compiler (layer 3)
 *
 * Turns a DSL pipeline into Kubeflow Pipelines' PipelineSpec (`schemaVersion: 2.1.0`) exactly
 * as the official SDK encodes it, so an unmodified KFP 2.x backend accepts it:
 *
 * - `compile.ts` — `compilePipeline(p, options)`: validates the graph (`checkPipeline`, all
 *   findings at once), then emits one component + container executor per task (the executor
 *   runs `kite execute --executor_input {{$}} --component <name> --digest <code digest>`), one
 *   DAG component per nested pipeline and control-flow group, and checks the result with the
 *   strict IR validator (a failure there is a Kite bug, code INTERNAL).
 * - `emit-dag.ts` — DAG tasks: inputs (`runtimeValue`, `componentInputParameter`,
 *   `taskOutputParameter`/`Artifact`, `taskFinalStatus`), `dependentTasks`, `cachingOptions`,
 *   `retryPolicy`, condition `triggerPolicy` (CEL from `cel.ts`), `parameterIterator` +
 *   `iteratorPolicy`, exit tasks with `ALL_UPSTREAM_TASKS_COMPLETED`.
 * - `channels.ts` — KFP's `pipelinechannel--…` inputs that carry values into sub-DAGs.
 * - Fan-in (`collect()`): the loop DAG declares a DAG output `pipelinechannel--<task>-<output>`
 *   (typed as the single value, as the SDK does) and the consumer reads it with
 *   `taskOutputParameter`/`taskOutputArtifact` from the loop task; the backend gathers one value
 *   per iteration. Only consumers in the DAG that holds the loop are supported.
 * - `load.ts` — loads a user's `.ts`/`.js` pipeline file (via tsx) and picks a pipeline.
 *
 * Names follow KFP: task ids from component names (`train`, `train-2`), groups numbered from
 * one counter (`condition-1`, `for-loop-2`), components `comp-<task>`, executors `exec-<task>`.
 * Golden tests (`golden.test.ts`) compare the structure with the SDK's own compiled files.
 */
export { CHANNEL_PREFIX, channelName } from './channels.js';
export {
  type CompileOptions,
  checkPipeline,
  compilePipeline,
  componentDigest,
  componentsOf,
  DEFAULT_IMAGE,
  EXECUTOR_COMMAND,
} from './compile.js';
export { type FoundPipeline, importModule, loadPipeline, pipelinesOf, selectPipeline } from './load.js';
