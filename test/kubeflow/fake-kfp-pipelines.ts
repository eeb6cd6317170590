/**
 * Pipelines, pipeline versions, uploads and recurring runs of the fake KFP server (the part of
 * {@link FakeKfpServer} that is not runs or experiments).
 */
import { randomUUID } from 'node:crypto';
import type { Pipeline, PipelineVersion, RecurringRun } from '../../src/kubeflow/types.js';
import { type FakeRequest, type FakeResponse, rpcError } from './fake-http.js';
import type { FakeKfpServer } from './fake-kfp-server.js';
import { applyList } from './fake-list.js';

/** Routes the pipeline, upload and recurring-run operations. */
export async function routePipelines(
  s: FakeKfpServer,
  op: string,
  p: Record<string, string>,
  req: FakeRequest,
  body: { json?: unknown; form?: Map<string, unknown> } | undefined,
): Promise<FakeResponse> {
  switch (op) {
    case 'UploadPipeline':
    case 'UploadPipelineVersion': {
      const file = body?.form?.get('uploadfile') as File | undefined;
      if (!file || typeof file === 'string')
        return rpcError(400, 'Failed to read pipeline from file: uploadfile is not a file');
      const text = await file.text();
      const spec = s.checkSpec(text, file.name);
      if (typeof spec === 'string') return rpcError(400, spec);
      const name =
        req.query.get('name') ?? req.query.get('display_name') ?? file.name.replace(/\.[^.]*$/, '');
      if (op === 'UploadPipeline') {
        const ns = req.query.get('namespace') ?? '';
        if ([...s.pipelines.values()].some((x) => x.name === name && (x.namespace ?? '') === ns))
          return rpcError(
            409,
            `Already exist error: Failed to create a pipeline: pipeline with name ${name} already exists`,
          );
        const pipeline: Pipeline = {
          pipeline_id: randomUUID(),
          name,
          display_name: req.query.get('display_name') ?? name,
          created_at: s.now(),
        };
        if (ns) pipeline.namespace = ns;
        s.pipelines.set(pipeline.pipeline_id as string, pipeline);
        addVersion(s, pipeline.pipeline_id as string, name, spec);
        return { status: 200, body: pipeline };
      }
      const pid = req.query.get('pipelineid');
      if (!pid || !s.pipelines.has(pid)) return rpcError(404, `Not found: pipeline ${pid}`);
      if ([...s.versions.values()].some((v) => v.pipeline_id === pid && v.name === name))
        return rpcError(409, `Already exist error: pipeline version ${name} already exists`);
      return { status: 200, body: addVersion(s, pid, name, spec) };
    }
    case 'PipelineService_GetPipelineByName': {
      const ns = req.query.get('namespace') ?? '';
      const hit = [...s.pipelines.values()].find((x) => x.name === p.name && (x.namespace ?? '') === ns);
      return s.found(hit, `pipeline ${p.name}`);
    }
    case 'PipelineService_GetPipeline':
      return s.found(s.pipelines.get(p.pipeline_id ?? ''), `pipeline ${p.pipeline_id}`);
    case 'PipelineService_ListPipelines':
      return { status: 200, body: applyList([...s.pipelines.values()], req.query, 'pipelines') };
    case 'PipelineService_ListPipelineVersions': {
      const vs = [...s.versions.values()].filter((v) => v.pipeline_id === p.pipeline_id);
      return { status: 200, body: applyList(vs, req.query, 'pipeline_versions') };
    }
    case 'PipelineService_GetPipelineVersion':
      return s.found(
        s.versions.get(p.pipeline_version_id ?? ''),
        `pipeline version ${p.pipeline_version_id}`,
      );
    case 'PipelineService_DeletePipeline':
      if (
        [...s.versions.values()].some((v) => v.pipeline_id === p.pipeline_id) &&
        req.query.get('cascade') !== 'true'
      )
        return rpcError(
          400,
          `Invalid input error: pipeline ${p.pipeline_id} has versions; delete them first or use cascade`,
        );
      for (const [id, v] of s.versions) if (v.pipeline_id === p.pipeline_id) s.versions.delete(id);
      return s.remove(s.pipelines, p.pipeline_id, 'pipeline');
    case 'PipelineService_DeletePipelineVersion':
      return s.remove(s.versions, p.pipeline_version_id, 'pipeline version');
    case 'RecurringRunService_CreateRecurringRun':
      return createRecurring(s, body?.json as RecurringRun);
    case 'RecurringRunService_ListRecurringRuns':
      return { status: 200, body: applyList([...s.recurring.values()], req.query, 'recurringRuns') };
    case 'RecurringRunService_GetRecurringRun':
      return s.found(s.recurring.get(p.recurring_run_id ?? ''), `recurring run ${p.recurring_run_id}`);
    case 'RecurringRunService_EnableRecurringRun':
    case 'RecurringRunService_DisableRecurringRun': {
      const r = s.recurring.get(p.recurring_run_id ?? '');
      if (!r) return rpcError(404, `Not found: recurring run ${p.recurring_run_id}`);
      const on = op.endsWith('EnableRecurringRun');
      r.mode = on ? 'ENABLE' : 'DISABLE';
      r.status = on ? 'ENABLED' : 'DISABLED';
      return { status: 200, body: {} };
    }
    case 'RecurringRunService_DeleteRecurringRun':
      return s.remove(s.recurring, p.recurring_run_id, 'recurring run');
    default:
      return rpcError(501 as 500, `fake server: ${op} not implemented`);
  }
}

/** Adds a version of a pipeline. */
export function addVersion(
  s: FakeKfpServer,
  pipelineId: string,
  name: string,
  spec: Record<string, unknown>,
): PipelineVersion {
  const v: PipelineVersion = {
    pipeline_id: pipelineId,
    pipeline_version_id: randomUUID(),
    name,
    display_name: name,
    created_at: s.now(),
    pipeline_spec: spec,
  };
  s.versions.set(v.pipeline_version_id as string, v);
  return v;
}

/** Creates a recurring run, with the server's checks. */
export function createRecurring(s: FakeKfpServer, r: RecurringRun): FakeResponse {
  if (!r.display_name) return rpcError(400, 'Invalid input error: The recurring run name is empty');
  const n = Number(r.max_concurrency);
  if (!Number.isInteger(n) || n < 1 || n > 10)
    return rpcError(
      400,
      'Invalid input error: The max concurrency of the recurring run is out of range [1, 10]',
    );
  const cron = r.trigger?.cron_schedule?.cron;
  if (cron !== undefined && !cron.startsWith('@') && cron.trim().split(/\s+/).length !== 6)
    return rpcError(
      400,
      `Invalid input error: Schedule cron is not a supported format(${cron}): expected exactly 6 fields`,
    );
  if (!!r.pipeline_spec === !!r.pipeline_version_reference)
    return rpcError(400, 'Invalid input error: exactly one of pipeline_spec and pipeline_version_reference');
  if (s.multiUser && !r.experiment_id && !r.namespace)
    return rpcError(
      400,
      'Invalid input error: A recurring run cannot have an empty namespace in multi-user mode',
    );
  const mode = r.mode ?? 'ENABLE';
  const created: RecurringRun = {
    ...r,
    recurring_run_id: randomUUID(),
    created_at: s.now(),
    mode,
    status: mode === 'DISABLE' ? 'DISABLED' : 'ENABLED',
  };
  s.recurring.set(created.recurring_run_id as string, created);
  return { status: 200, body: created };
}
