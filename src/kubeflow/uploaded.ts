/**
 * Runs of a pipeline already uploaded to KFP (`kite kfp pipelines upload`): find the pipeline
 * by name and a version by name (default: the newest), and keep its spec so that parameters
 * are typed as for a local file.
 */
import { KiteError } from '../core/index.js';
import type { PipelineDocument, PipelineSpec } from '../ir/index.js';
import type { KfpClient } from './client.js';
import type { PipelineVersionReference } from './types.js';

/** An uploaded pipeline version, ready for `submitRun`. */
export interface UploadedPipeline {
  reference: PipelineVersionReference;
  /** The version's spec, for parameter types and the default run name. */
  doc: PipelineDocument;
  pipelineName: string;
  versionName: string;
}

/** True for an {@link UploadedPipeline} (as opposed to a compiled document). */
export function isUploaded(value: PipelineDocument | UploadedPipeline): value is UploadedPipeline {
  return 'reference' in value;
}

/**
 * Finds an uploaded pipeline and one of its versions (by name, else the newest).
 * Throws `KiteError('NOT_FOUND')` naming what is missing and what exists.
 */
export async function resolveUploaded(
  client: KfpClient,
  name: string,
  options: { version?: string; namespace?: string } = {},
): Promise<UploadedPipeline> {
  const pipeline = await client.pipelines.findByName(name, options.namespace);
  if (!pipeline?.pipeline_id)
    throw new KiteError(
      'NOT_FOUND',
      `no pipeline named '${name}'${options.namespace ? ` in ${options.namespace}` : ''}`,
      {
        hint: 'upload it first: kite kfp pipelines upload <file> --name <name>',
      },
    );
  const id = pipeline.pipeline_id;
  const version = options.version
    ? await client.pipelines.findVersion(id, options.version)
    : (await client.pipelines.listVersions(id, { sortBy: 'created_at desc', pageSize: 1 })).items[0];
  if (!version?.pipeline_version_id) {
    const names = (await client.pipelines.listVersions(id, { pageSize: 20 })).items
      .map((v) => v.name)
      .join(', ');
    throw new KiteError(
      'NOT_FOUND',
      `pipeline '${name}' has no version${options.version ? ` named '${options.version}'` : ''}`,
      {
        hint: names ? `versions: ${names}` : 'upload one with kite kfp pipelines upload',
      },
    );
  }
  const raw = (version.pipeline_spec ?? {}) as Record<string, unknown>;
  const spec = (raw.pipeline_spec ?? raw) as unknown as PipelineSpec;
  if (!spec.root || !spec.pipelineInfo)
    throw new KiteError(
      'REMOTE',
      `version '${version.name}' of pipeline '${name}' came without its pipeline spec`,
    );
  return {
    reference: { pipeline_id: id, pipeline_version_id: version.pipeline_version_id },
    doc: { spec },
    pipelineName: name,
    versionName: version.name ?? version.pipeline_version_id,
  };
}
