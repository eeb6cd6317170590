/**
 * # orchestrator (layer 3)
 *
 * Kite's local runner: executes a **compiled PipelineSpec** (the IR — never DSL objects) against
 * a {@link Store}, task by task through the same executor contract a Kubeflow container uses.
 *
 * ## Main pieces
 * - `run-pipeline.ts` — {@link runPipeline}: create (or resume) the run, heartbeat, walk the root
 *   DAG, finish the run SUCCEEDED / FAILED / CANCELED; returns a {@link RunResult}.
 * - `dag.ts` — the DAG walker: dependency order (`dependentTasks` + data producers), SKIPPED when
 *   an upstream did not succeed (except `ALL_UPSTREAM_TASKS_COMPLETED` exit tasks),
 *   `triggerPolicy.condition` (CEL, `cel.ts`) false → SKIPPED with its whole sub-DAG, sub-DAGs
 *   recursively, `parameterIterator` loops (`<loop>/iteration-<i>/...`) under their
 *   `iteratorPolicy.parallelismLimit`, DAG outputs from `dag.outputs` (for a loop, each output
 *   gathered over the iterations into a list: `collect()` fan-in).
 * - `resolve-inputs.ts` — KFP driver input resolution (constants, parent inputs, sibling
 *   outputs, `taskFinalStatus` → `PipelineTaskFinalStatus`, `parameterExpressionSelector`).
 * - `run-task.ts` — one executor task: resume reuse → cache (`cache-key.ts`, `store.findCached`)
 *   → attempts with `retryPolicy` backoff (`retry.ts`). Each attempt (`attempt.ts`) gets a staging area; its
 *   `ExecutorInput` (`executor-io.ts`) gives output artifacts their final URI plus the scratch
 *   path as `customPath`; outputs are read back with the launcher's rules and committed by
 *   `store.commitTask` (contents, then one transaction). A failed/canceled attempt's area is
 *   discarded, so nothing half written is ever an output.
 *   Deliberate differences from KFP's driver: an input artifact's `name` is its port name (no
 *   MLMD resource names locally); output artifacts carry `customPath` (the staging path), so a
 *   container that writes to its URI's local path instead of `.path` / `customPath` would write
 *   outside the staging area. In-process attempts take the `ExecutorOutput` that
 *   `executeComponent` returns (what `output_metadata.json` would hold) instead of round-tripping
 *   files; subprocesses always go through the files.
 * - Transports: `run-in-process.ts` (`executeComponent`, default) and `run-in-subprocess.ts`
 *   (`node <kite cli> execute ...` with `resolveCommandLine`; non-Kite containers run their own
 *   command). `usage-preload.ts` makes each child report its CPU time and peak RSS.
 * - `importer.ts` — KFP importer executors: an existing local file/dir becomes the output.
 * - `components.ts` — finds the code for an executor (`--component`/`--module`, modules imported
 *   once) unless the caller passed a components map. `params.ts` — `--param k=v` parsing by type.
 *
 * ## States
 * Tasks: PENDING → RUNNING → SUCCEEDED | FAILED | CANCELED; PENDING again between retries;
 * CACHED (outputs reused); SKIPPED (false condition or an upstream that did not succeed).
 * Only executor tasks are store tasks; groups (conditions, loops, exit handlers) are not. A
 * group is FAILED if any child failed, then CANCELED, else SUCCEEDED. The run's state is the
 * root DAG's state (an exit task that fails fails the run). Independent branches keep running
 * after a failure, as on Kubeflow.
 *
 * ## Resume and crash safety
 * `runPipeline({ resumeRunId })` calls `store.resumeRun` (claims the run — CONFLICT while a live
 * owner holds it — sweeps dead staging areas, resets everything not SUCCEEDED/CACHED) and walks
 * the stored spec again with the run's stored params; completed tasks are reused by path. A plain
 * re-run reuses them through the cache. A SIGKILL at any moment loses at most the attempts that
 * were running: their outputs were never committed.
 *
 * ## Costs
 * Each attempt records wall time, CPU time and peak RSS. In-process: process CPU time during the
 * attempt and max(RSS before, after) — exact only when one task runs at a time. Process
 * isolation: the child's own `getrusage` (exact).
 *
 * ## Left to do
 * - Resolver executors, pipeline input artifacts, `artifactIterator` (each fails its task with
 *   UNSUPPORTED); importers of remote URIs (gs://, s3://: `importer.ts` reads local paths only).
 * - In-process tasks that ignore their AbortSignal keep running in the background after Ctrl-C
 *   (their outputs are never committed); use `--isolation process` for hard kills.
 * - Skipped loops do not record their (unknown) iterations' tasks.
 */

export { cacheKeyOf } from './cache-key.js';
export { applySelector, type CelVariables, evaluateCel, evaluateCondition } from './cel.js';
export { ComponentSource, type KiteExecutorArgs, kiteExecutorArgs } from './components.js';
export {
  buildExecutorInput,
  OUTPUT_METADATA_FILE,
  type ReadOutputs,
  type ResolvedInputs,
  readExecutorOutputs,
} from './executor-io.js';
export { parseParamArgs, resolveParams } from './params.js';
export { durationSeconds, retryDelayMs } from './retry.js';
export { kiteCliCommand } from './run-in-subprocess.js';
export { runPipeline } from './run-pipeline.js';
export { summarizeTasks } from './summary.js';
export * from './types.js';
