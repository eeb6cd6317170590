/**
 * Running a component outside any pipeline — in a unit test, a notebook, a script. The
 * orchestrator's executor builds the same context from KFP's executor input.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KiteError, type Logger, silentLogger } from '../core/index.js';
import type { Component } from './component.js';
import type { JsonValue } from './json.js';
import type { Ports } from './ports.js';
import type { InputArtifact, OutputArtifact, RunContext, RunInputs, RunResult } from './types.js';

/** An input artifact handle for a local file or directory. */
export function inputArtifact(
  path: string,
  options: { schemaTitle?: string; metadata?: Record<string, JsonValue>; name?: string } = {},
): InputArtifact {
  const abs = resolve(path);
  return {
    name: options.name ?? 'input',
    schemaTitle: options.schemaTitle ?? 'system.Artifact',
    uri: abs,
    path: abs,
    metadata: options.metadata ?? {},
  };
}

export interface RunComponentOptions {
  /** Where output artifacts are written (`<dir>/<output name>`). */
  dir: string;
  signal?: AbortSignal;
  log?: Logger;
}

/** What a direct component run produced. */
export interface ComponentRun<O extends Ports> {
  result: RunResult<O>;
  outputs: Record<string, OutputArtifact>;
  reports: { step: number; metrics: Record<string, number> }[];
}

/**
 * Runs a component's `run` function directly, with input defaults filled in and output
 * artifacts under `options.dir`.
 *
 * @example
 * ```ts
 * const { result, outputs } = await runComponent(train, { data: inputArtifact('train.csv'), lr: 0.1 }, { dir: tmp });
 * ```
 */
export async function runComponent<I extends Ports, O extends Ports>(
  c: Component<I, O>,
  inputs: Partial<RunInputs<I>>,
  options: RunComponentOptions,
): Promise<ComponentRun<O>> {
  const filled: Record<string, unknown> = { ...inputs };
  for (const [name, port] of Object.entries(c.inputs)) {
    if (filled[name] === undefined && port.kind === 'param' && port.default !== undefined)
      filled[name] = structuredClone(port.default);
    if (filled[name] === undefined && !port.optional) {
      throw new KiteError('INVALID_ARGUMENT', `component '${c.name}': input '${name}' is required`);
    }
  }
  const outputs: Record<string, OutputArtifact> = {};
  for (const [name, port] of Object.entries(c.outputs)) {
    if (port.kind !== 'artifact') continue;
    const path = join(resolve(options.dir), name);
    outputs[name] = { name, schemaTitle: port.schemaTitle, uri: path, path, metadata: {} };
  }
  mkdirSync(options.dir, { recursive: true });
  const reports: ComponentRun<O>['reports'] = [];
  const ctx: RunContext<O> = {
    outputs: outputs as RunContext<O>['outputs'],
    signal: options.signal ?? new AbortController().signal,
    log: options.log ?? silentLogger,
    report: (step, metrics) => reports.push({ step, metrics: { ...metrics } }),
    progress: () => {},
    task: { pipeline: '(none)', runId: 'local', task: c.name, attempt: 1 },
  };
  const result = await c.spec.run(filled as RunInputs<I>, ctx);
  return { result: result as RunResult<O>, outputs, reports };
}
