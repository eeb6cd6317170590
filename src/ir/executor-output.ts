/**
 * The `ExecutorOutput` a component may write to `outputs.outputFile`, read as strictly as the
 * KFP launcher's `protojson.Unmarshal` reads it (unknown keys fail the task), plus the
 * launcher's artifact merge rule (`mergeRuntimeArtifacts`). Output parameter files are parsed
 * with {@link parseParameterText}.
 */
import { errorsOf, formatIssues, type Issue, KiteError } from '../core/index.js';
import { normalizeMessage } from './normalize.js';
import { checkMessage } from './structure.js';
import type { ExecutorInput, ExecutorOutput, RuntimeArtifact } from './types.js';

export { parseParameterText } from './parameter-values.js';

/**
 * Parses ExecutorOutput JSON. protojson also accepts proto names (`parameter_values`,
 * `custom_path` — the Python SDK writes the latter), so these are read and normalised to
 * lowerCamelCase. Anything else unknown, or a wrong value kind, throws
 * `KiteError('INVALID_DATA')` listing every problem.
 *
 * @example
 * ```ts
 * parseExecutorOutput('{"parameterValues": {"score": 0.93}}').parameterValues; // { score: 0.93 }
 * ```
 */
export function parseExecutorOutput(text: string, source = 'executor output'): ExecutorOutput {
  return parseStrict(
    text,
    'ExecutorOutput',
    source,
    'an ExecutorOutput holds only parameterValues and artifacts: {"parameterValues": {...}, "artifacts": {"name": {"artifacts": [{"uri", "metadata"}]}}}',
  ) as ExecutorOutput;
}

function parseStrict(text: string, message: string, source: string, hint: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new KiteError('INVALID_DATA', `${source}: invalid JSON (${(e as Error).message})`);
  }
  const issues: Issue[] = [];
  checkMessage(value, message, [], issues);
  const errors = errorsOf(issues);
  if (errors.length > 0) {
    const noun = errors.length === 1 ? 'problem' : 'problems';
    throw new KiteError('INVALID_DATA', `${source}: ${errors.length} ${noun}\n${formatIssues(errors)}`, {
      issues: errors,
      hint,
    });
  }
  return normalizeMessage(value, message);
}

/**
 * Parses the ExecutorInput JSON a container receives through `{{$}}` (or `--executor_input`),
 * with the same strictness as {@link parseExecutorOutput}: the KFP driver writes it with
 * protojson, so anything unknown means the caller built it wrong.
 */
export function parseExecutorInput(text: string, source = 'executor input'): ExecutorInput {
  return parseStrict(
    text,
    'ExecutorInput',
    source,
    'see ExecutorInput in pipeline_spec.proto: {"inputs": {...}, "outputs": {...}}',
  ) as ExecutorInput;
}

/**
 * Merges what the component reported for an output artifact into the artifact the orchestrator
 * prepared, as the launcher does: a non-empty `uri` replaces, `metadata` keys are merged,
 * a non-empty `customPath` replaces. Returns a new artifact.
 */
export function mergeRuntimeArtifact(reported: RuntimeArtifact, prepared: RuntimeArtifact): RuntimeArtifact {
  const merged: RuntimeArtifact = { ...prepared };
  if (reported.uri !== undefined && reported.uri !== '') merged.uri = reported.uri;
  if (reported.metadata !== undefined)
    merged.metadata = { ...(prepared.metadata ?? {}), ...reported.metadata };
  if (reported.customPath !== undefined && reported.customPath !== '')
    merged.customPath = reported.customPath;
  return merged;
}
