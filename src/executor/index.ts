/**
 * # executor (layer 3)
 *
 * Kite's side of KFP's executor contract, shared by every transport: the local orchestrator
 * calls {@link executeComponent} in-process; `kite execute --executor_input '{{$}}' --component
 * <name> --module <file>` runs it in a subprocess (`--isolation process`) or a Kubeflow container.
 *
 * - Inputs: `inputs.parameterValues` (port defaults filled in, types checked) and
 *   `inputs.artifacts[name].artifacts[]` → `InputArtifact { uri, path, metadata }` with KFP's
 *   URI → local path mapping (`gs://` → `/gcs/`, …; local paths unchanged).
 * - Outputs: artifact handles at the URIs the caller chose (parent dirs made, as the launcher
 *   does); the returned parameter values are checked against their declared types, written one
 *   file per parameter (`outputs.parameters[x].outputFile`) and, with artifact metadata, to
 *   `outputs.outputFile` (`output_metadata.json`, the `ExecutorOutput` shape KFP parses).
 * - Failures in user code become `UserCodeError` with the user's stack frame in the message.
 */
export { type ExecuteOptions, executeComponent } from './execute.js';
export { componentsInModule, findComponent } from './find.js';
