/**
 * Runs one component against KFP's executor contract: executor input in (parameter values,
 * input artifacts, where outputs go), the component's `run`, outputs out (one file per output
 * parameter, `output_metadata.json` with parameter values and artifact metadata). The local
 * orchestrator calls this in-process; `kite execute` calls it inside a subprocess or a
 * Kubeflow container — the same code either way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  isKiteError,
  KiteError,
  type Logger,
  messageOf,
  silentLogger,
  UserCodeError,
  userStackFrame,
} from '../core/index.js';
import type { AnyComponent, InputArtifact, OutputArtifact, Ports, RunContext } from '../dsl/index.js';
// Direct file imports, not ir/index.js: `kite execute` starts once per task with process
// isolation, and the index also loads the YAML parser (~30 ms).
import type { ExecutorInput, ExecutorOutput, JsonValue, RuntimeArtifact } from '../ir/index.js';
import { parameterText, parameterValueProblem } from '../ir/parameter-values.js';
import { artifactLocalPath } from '../ir/uri.js';

export interface ExecuteOptions {
  signal?: AbortSignal;
  log?: Logger;
  /** Intermediate metrics from `ctx.report`. */
  onReport?: (step: number, metrics: Record<string, number>) => void;
  /** Progress from `ctx.progress`. */
  onProgress?: (done: number, total: number) => void;
  /** Facts about the task, for `ctx.task`. */
  task?: { pipeline?: string; runId?: string; task?: string; attempt?: number };
  /** Write output files (parameter files, output_metadata.json); default true. */
  writeOutputFiles?: boolean;
}

function inputArtifactOf(name: string, a: RuntimeArtifact): InputArtifact {
  return {
    name: a.name ?? name,
    schemaTitle: a.type?.schemaTitle ?? 'system.Artifact',
    uri: a.uri ?? '',
    path: artifactLocalPath(a),
    metadata: a.metadata ?? {},
  };
}

/** Builds the run function's inputs from the executor input, with port defaults filled in. */
function runInputs(c: AnyComponent, input: ExecutorInput): Record<string, unknown> {
  const values = input.inputs?.parameterValues ?? {};
  const artifacts = input.inputs?.artifacts ?? {};
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, port] of Object.entries(c.inputs as Ports)) {
    if (port.kind === 'param') {
      let value = values[name];
      if (value === undefined && port.default !== undefined)
        value = structuredClone(port.default) as JsonValue;
      if (value === undefined) {
        if (!port.optional) problems.push(`input parameter '${name}' has no value`);
        continue;
      }
      const problem = port.type === 'TASK_FINAL_STATUS' ? undefined : parameterValueProblem(value, port.type);
      if (problem) problems.push(`input parameter '${name}': ${problem}`);
      out[name] = value;
    } else {
      const list = artifacts[name]?.artifacts ?? [];
      if (port.list) out[name] = list.map((a) => inputArtifactOf(name, a));
      else if (list[0]) out[name] = inputArtifactOf(name, list[0]);
      else if (!port.optional) problems.push(`input artifact '${name}' is missing`);
    }
  }
  if (problems.length > 0) {
    throw new KiteError('INVALID_ARGUMENT', `component '${c.name}': ${problems.join('; ')}`);
  }
  return out;
}

function outputArtifacts(c: AnyComponent, input: ExecutorInput): Record<string, OutputArtifact> {
  const out: Record<string, OutputArtifact> = {};
  for (const [name, port] of Object.entries(c.outputs as Ports)) {
    if (port.kind !== 'artifact') continue;
    const a = input.outputs?.artifacts?.[name]?.artifacts?.[0];
    if (!a?.uri)
      throw new KiteError(
        'INVALID_ARGUMENT',
        `component '${c.name}': the executor input has no URI for output artifact '${name}'`,
      );
    const path = artifactLocalPath(a);
    // As the KFP launcher does: make the parent directory, the component writes the rest.
    mkdirSync(dirname(path), { recursive: true });
    out[name] = {
      name,
      schemaTitle: port.schemaTitle,
      uri: a.uri,
      path,
      metadata: { ...(a.metadata ?? {}) } as Record<string, JsonValue>,
    };
  }
  return out;
}

/**
 * Executes `component` for one task. Returns the executor output (what was also written to
 * `outputs.outputFile`). A failure in the user's code is a {@link UserCodeError} with the
 * user's stack frame in its message.
 */
export async function executeComponent(
  c: AnyComponent,
  input: ExecutorInput,
  options: ExecuteOptions = {},
): Promise<ExecutorOutput> {
  const inputs = runInputs(c, input);
  const outputs = outputArtifacts(c, input);
  const t = options.task ?? {};
  const ctx: RunContext = {
    outputs,
    signal: options.signal ?? new AbortController().signal,
    log: options.log ?? silentLogger,
    report: (step, metrics) => options.onReport?.(step, metrics),
    progress: (done, total) => options.onProgress?.(done, total),
    task: {
      pipeline: t.pipeline ?? '',
      runId: t.runId ?? '',
      task: t.task ?? c.name,
      attempt: t.attempt ?? 1,
    },
  };
  let result: unknown;
  try {
    result = await c.spec.run(inputs as never, ctx as never);
  } catch (error) {
    if (isKiteError(error) && !(error instanceof UserCodeError) && error.code === 'CANCELED') throw error;
    const frame = userStackFrame(error);
    const name = error instanceof Error ? error.name : 'Error';
    throw new UserCodeError(
      `component '${c.name}' failed: ${name}: ${messageOf(error)}${frame ? `\n    ${frame}` : ''}`,
      {
        task: ctx.task.task,
        component: c.name,
        attempt: ctx.task.attempt,
        cause: error,
      },
    );
  }
  const parameterValues = checkResult(c, result);
  const output: ExecutorOutput = { parameterValues, artifacts: {} };
  for (const [name, a] of Object.entries(outputs)) {
    output.artifacts![name] = { artifacts: [{ name, uri: a.uri, metadata: a.metadata as never }] };
  }
  if (options.writeOutputFiles !== false) writeOutputs(input, output);
  return output;
}

function checkResult(c: AnyComponent, result: unknown): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {};
  const got = (result ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (result !== undefined && (typeof result !== 'object' || result === null || Array.isArray(result))) {
    problems.push(
      `run returned ${Array.isArray(result) ? 'an array' : typeof result}; return an object with the parameter outputs`,
    );
  }
  for (const [name, port] of Object.entries(c.outputs as Ports)) {
    if (port.kind !== 'param') continue;
    const value = got[name] as JsonValue | undefined;
    if (value === undefined) {
      problems.push(`run did not return output '${name}' (${port.type})`);
      continue;
    }
    const problem = parameterValueProblem(value, port.type);
    if (problem) problems.push(`output '${name}': ${problem}`);
    else values[name] = value;
  }
  for (const name of Object.keys(got)) {
    if (!(name in c.outputs)) problems.push(`run returned '${name}', which is not a declared output`);
  }
  if (problems.length > 0) {
    throw new UserCodeError(`component '${c.name}' returned bad outputs: ${problems.join('; ')}`, {
      task: c.name,
      component: c.name,
      attempt: 1,
      retryable: false,
      cause: new KiteError('INVALID_DATA', problems.join('; ')),
    });
  }
  return values;
}

/** Writes one file per output parameter and `output_metadata.json`, as a KFP container would. */
function writeOutputs(input: ExecutorInput, output: ExecutorOutput): void {
  for (const [name, spec] of Object.entries(input.outputs?.parameters ?? {})) {
    const value = output.parameterValues?.[name];
    if (spec.outputFile && value !== undefined) {
      mkdirSync(dirname(spec.outputFile), { recursive: true });
      writeFileSync(spec.outputFile, parameterText(value));
    }
  }
  const file = input.outputs?.outputFile;
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(output));
  }
}
