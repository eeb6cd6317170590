/**
 * Submitting a compiled pipeline as a KFP run: find or create the experiment, type the
 * parameters, name the run, create it exactly once (even across retries), optionally wait.
 */
import { randomUUID } from 'node:crypto';
import { KiteError, type Logger, silentLogger } from '../core/index.js';
import type { PipelineDocument } from '../ir/index.js';
import type { KfpClient } from './client.js';
import type { RetryOptions } from './retry.js';
import { rootParameters, runPipelineSpec } from './spec-file.js';
import type { Run } from './types.js';
import { isUploaded, type UploadedPipeline } from './uploaded.js';

/** Options of {@link submitRun}. */
export interface SubmitOptions {
  /** Experiment display name (found or created). Default `Default` in single-user installs. */
  experiment?: string;
  /** Multi-user installs: the profile namespace (required there). */
  namespace?: string;
  /** Typed run parameters (see `parseParams`). */
  parameters?: Record<string, unknown>;
  /** The run's display name (default `<pipeline>-<commit>` or `<pipeline>-<UTC time>`). */
  runName?: string;
  description?: string;
  /** `runtime_config.pipeline_root`, e.g. `minio://mlpipeline/v2/artifacts`. */
  pipelineRoot?: string;
  serviceAccount?: string;
  /**
   * Makes the submission idempotent across processes: a run already created with the same
   * key (and name) is returned instead of a new one — e.g. the commit SHA in CI. Without it a
   * key is drawn per call (retries inside the call are still idempotent).
   */
  idempotencyKey?: string;
  /** A commit (e.g. `$GITHUB_SHA`) for the default run name. */
  commit?: string;
  retry?: RetryOptions;
  logger?: Logger;
  signal?: AbortSignal;
}

/** What {@link submitRun} did. */
export interface SubmitResult {
  run: Run;
  experimentId?: string;
  /** True when an earlier submission with the same idempotency key was found. */
  reused: boolean;
}

/** The default run name: `<pipeline>-<commit7>` or `<pipeline>-<yyyymmdd-hhmmss>` (UTC). */
export function defaultRunName(pipelineName: string, commit?: string, now = new Date()): string {
  if (commit) return `${pipelineName}-${commit.slice(0, 7)}`;
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${pipelineName}-${stamp}`;
}

/**
 * Creates a run of a compiled pipeline (sent inline) or of an uploaded pipeline version (see
 * `resolveUploaded`).
 *
 * @example
 * ```ts
 * const doc = await loadSpec('pipelines/train.ts');
 * const { run } = await submitRun(kfp, doc, { experiment: 'nightly', parameters: { epochs: 5 } });
 * ```
 */
export async function submitRun(
  client: KfpClient,
  source: PipelineDocument | UploadedPipeline,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const log = options.logger ?? silentLogger;
  const doc = isUploaded(source) ? source.doc : source;
  const declared = rootParameters(doc.spec);
  const unknown = Object.keys(options.parameters ?? {}).filter((k) => !(k in declared));
  if (unknown.length > 0)
    throw new KiteError(
      'INVALID_ARGUMENT',
      `the pipeline has no input ${unknown.map((u) => `'${u}'`).join(', ')}`,
      {
        hint: `its inputs: ${Object.keys(declared).join(', ') || 'none'}`,
      },
    );
  let experimentId: string | undefined;
  if (options.experiment) {
    const exp = await client.experiments.ensure(options.experiment, options.namespace);
    experimentId = exp.experiment_id;
    log.info(`experiment '${options.experiment}' (${experimentId})`);
  } else if (options.namespace) {
    throw new KiteError('INVALID_ARGUMENT', 'a run in a namespace needs an experiment', {
      hint: 'pass --experiment <name>: multi-user KFP takes the run namespace from its experiment',
    });
  }
  const run: Run = {
    display_name: options.runName ?? defaultRunName(doc.spec.pipelineInfo.name, options.commit),
  };
  if (isUploaded(source)) run.pipeline_version_reference = source.reference;
  else run.pipeline_spec = runPipelineSpec(doc);
  if (experimentId) run.experiment_id = experimentId;
  if (options.description) run.description = options.description;
  if (options.serviceAccount) run.service_account = options.serviceAccount;
  const config: NonNullable<Run['runtime_config']> = {};
  if (options.parameters && Object.keys(options.parameters).length > 0)
    config.parameters = options.parameters;
  if (options.pipelineRoot) config.pipeline_root = options.pipelineRoot;
  if (Object.keys(config).length > 0) run.runtime_config = config;
  const created = await client.runs.createIdempotent(run, {
    submissionId: options.idempotencyKey ?? randomUUID(),
    reuse: options.idempotencyKey !== undefined,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const result: SubmitResult = { run: created.run, reused: created.reused };
  if (experimentId) result.experimentId = experimentId;
  return result;
}
