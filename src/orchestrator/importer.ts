/**
 * KFP's importer executor, locally: the task's output artifact is an existing file or directory
 * (a local path or `file://` URI, from `artifactUri.constant` or the task input its
 * `runtimeParameter` names), recorded with its content digest so that lineage and caching see it.
 */
import { performance } from 'node:perf_hooks';
import { KiteError } from '../core/index.js';
import type { ComponentSpec, ImporterSpec } from '../ir/index.js';
import type { PortValues } from '../store/index.js';
import { errorInfo, type NodeResult, noOutputs, outputsOfTask, type RunCtx } from './context.js';
import type { ResolvedInputs } from './executor-io.js';

function importedUri(importer: ImporterSpec, inputs: ResolvedInputs): string {
  const source = importer.artifactUri;
  const value =
    source?.constant ?? (source?.runtimeParameter ? inputs.parameters[source.runtimeParameter] : undefined);
  if (typeof value !== 'string' || value === '') {
    throw new KiteError(
      'INVALID_SPEC',
      'the importer has no artifact URI (artifactUri.constant or runtimeParameter)',
    );
  }
  return value;
}

/** Runs an importer task at `path`. */
export async function runImporter(
  ctx: RunCtx,
  path: string,
  componentName: string,
  comp: ComponentSpec,
  importer: ImporterSpec,
  inputs: ResolvedInputs,
  ports: PortValues,
): Promise<NodeResult> {
  const meta = ctx.store.meta;
  const record = meta.ensureTask(ctx.runId, { path, componentName });
  const { attempt } = meta.startAttempt(record.id, { inputs: ports });
  ctx.emit({ type: 'task', path, state: 'RUNNING', attempt });
  const t0 = performance.now();
  try {
    const content = await ctx.store.artifacts.digest(importedUri(importer, inputs));
    const port = Object.keys(comp.outputDefinitions?.artifacts ?? {})[0] ?? 'artifact';
    const typeTitle = importer.typeSchema?.schemaTitle ?? 'system.Artifact';
    const wallMs = performance.now() - t0;
    const task = meta.succeedAttempt(record.id, attempt, {
      parameters: {},
      artifacts: { [port]: [{ ...content, typeTitle, metadata: importer.metadata ?? {} }] },
      usage: { wallMs, cpuMs: 0, peakRssBytes: 0 },
    });
    ctx.emit({ type: 'task', path, state: 'SUCCEEDED', attempt, durationMs: wallMs });
    return { state: 'SUCCEEDED', outputs: outputsOfTask(ctx.store, task) };
  } catch (e) {
    const error = errorInfo(e);
    meta.failAttempt(record.id, attempt, { error });
    ctx.emit({ type: 'task', path, state: 'FAILED', attempt, error });
    return { state: 'FAILED', outputs: noOutputs(), error, failedPath: path };
  }
}
