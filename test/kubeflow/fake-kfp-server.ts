/**
 * A fake Kubeflow Pipelines API server (v2beta1) for the test suite. Every request is checked
 * against the official swagger (unknown routes, query parameters and body fields, wrong types
 * and missing required parameters are rejected with 400, as grpc-gateway + protojson would),
 * then against the server's own rules (run name required, pipeline spec valid and schema
 * 2.1.0, multi-user namespaces, cron with seconds, max_concurrency 1–10). Runs move through
 * scripted states, one step per GET; faults come from {@link FakeHttpServer}.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { tryParsePipelineSpec, validatePipelineSpec } from '../../src/ir/index.js';
import type {
  Experiment,
  Pipeline,
  PipelineVersion,
  RecurringRun,
  Run,
  RunState,
} from '../../src/kubeflow/types.js';
import { FakeHttpServer, type FakeRequest, type FakeResponse, rpcError } from './fake-http.js';
import { routePipelines } from './fake-kfp-pipelines.js';
import { applyList } from './fake-list.js';
import { SwaggerValidator } from './swagger.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));
const FILES = ['run', 'pipeline', 'pipeline.upload', 'experiment', 'recurring_run', 'healthz'].map(
  (f) => `${FIXTURES}${f}.swagger.json`,
);

/** Who may call: any one matching credential is enough (as the KFP server + gateway do). */
export interface FakeAuth {
  token?: string;
  cookie?: string;
  header?: [string, string];
}

interface RunRecord {
  run: Run;
  script: RunState[];
}

export class FakeKfpServer extends FakeHttpServer {
  readonly validator = new SwaggerValidator([...FILES, `${FIXTURES}filter.swagger.json`], {
    allowFreeObjects: [],
  });
  multiUser = false;
  /** Namespaces the caller may not touch (answered with 403, as a failed SubjectAccessReview). */
  readonly forbidden = new Set<string>();
  auth: FakeAuth | undefined;
  /** States a new run goes through, one per GET (the last one stays). */
  defaultScript: RunState[] = ['PENDING', 'RUNNING', 'SUCCEEDED'];
  /** Per run display name, a script overriding the default. */
  readonly scripts = new Map<string, RunState[]>();
  readonly experiments = new Map<string, Experiment>();
  readonly pipelines = new Map<string, Pipeline>();
  readonly versions = new Map<string, PipelineVersion>();
  readonly runs = new Map<string, RunRecord>();
  readonly recurring = new Map<string, RecurringRun>();
  /** Every validation problem answered with 400, for assertions. */
  readonly rejected: string[] = [];
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(tls?: { key: string; cert: string }) {
    super((req) => this.route(req), tls);
  }

  /** The fake clock: one second later at every call. */
  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private authorized(req: FakeRequest): boolean {
    if (!this.auth) return true;
    const a = this.auth;
    if (a.token && req.headers.authorization === `Bearer ${a.token}`) return true;
    if (a.cookie && (req.headers.cookie ?? '').split(/;\s*/).includes(a.cookie)) return true;
    if (a.header && req.headers[a.header[0]] === a.header[1]) return true;
    return false;
  }

  private async route(req: FakeRequest): Promise<FakeResponse> {
    const matched = this.validator.match(req.method, req.path);
    if (matched === undefined) return rpcError(404, `Not Found: no route ${req.path}`);
    if (matched === 'method') return rpcError(405 as 400, 'Method Not Allowed');
    if (!this.authorized(req))
      return rpcError(401, 'Unauthenticated: Request header error: there is no user identity header.');
    const ns = req.query.get('namespace');
    if (ns && this.forbidden.has(ns))
      return rpcError(
        403,
        `PermissionDenied: User 'system:serviceaccount:ci:kite' is not authorized with reason: (request: &ResourceAttributes{Namespace:${ns},Verb:list})`,
      );
    let body: { json?: unknown; form?: Map<string, unknown> } | undefined;
    const ct = String(req.headers['content-type'] ?? '');
    if (ct.startsWith('multipart/form-data')) {
      const form = await new Response(req.raw, { headers: { 'content-type': ct } }).formData();
      body = { form: new Map([...form.entries()]) };
    } else if (req.raw.length > 0) {
      try {
        body = { json: JSON.parse(req.raw.toString('utf8')) };
      } catch {
        return rpcError(400, 'invalid JSON body');
      }
    }
    const problems = this.validator.check(matched, req.method, req.query, body);
    const filterText = req.query.get('filter');
    if (filterText) {
      try {
        problems.push(
          ...this.validator.value(JSON.parse(filterText), { $ref: '#/definitions/v2beta1Filter' }, 'filter'),
        );
      } catch {
        problems.push('filter: not JSON');
      }
    }
    if (problems.length > 0) {
      this.rejected.push(...problems);
      return rpcError(400, `Invalid input error: ${problems.join('; ')}`);
    }
    const p = matched.pathParams;
    const json = body?.json as Record<string, unknown> | undefined;
    switch (matched.operationId) {
      case 'HealthzService_GetHealthz':
        return { status: 200, body: { multi_user: this.multiUser, pipeline_store: 'database' } };
      case 'ExperimentService_CreateExperiment':
        return this.createExperiment(json as Experiment);
      case 'ExperimentService_GetExperiment':
        return this.found(this.experiments.get(p.experiment_id ?? ''), `experiment ${p.experiment_id}`);
      case 'ExperimentService_ListExperiments':
        if (this.multiUser && !req.query.get('namespace'))
          return rpcError(
            400,
            'Invalid input error: In multi-user mode, ListExperiment requires filtering by namespace',
          );
        return { status: 200, body: applyList([...this.experiments.values()], req.query, 'experiments') };
      case 'ExperimentService_DeleteExperiment':
        return this.remove(this.experiments, p.experiment_id, 'experiment');
      case 'ExperimentService_ArchiveExperiment':
      case 'ExperimentService_UnarchiveExperiment': {
        const e = this.experiments.get(p.experiment_id ?? '');
        if (!e) return rpcError(404, `Not found: experiment ${p.experiment_id} not found`);
        e.storage_state = matched.operationId.endsWith('UnarchiveExperiment') ? 'AVAILABLE' : 'ARCHIVED';
        return { status: 200, body: {} };
      }
      case 'RunService_CreateRun':
        return this.createRun(json as Run, req.query.get('experiment_id'));
      case 'RunService_GetRun':
        return this.getRun(p.run_id ?? '');
      case 'RunService_ListRuns': {
        if (this.multiUser && !req.query.get('namespace') && !req.query.get('experiment_id'))
          return rpcError(
            400,
            'Invalid input error: ListRuns must filter by namespace or experiment in multi-user mode',
          );
        const exp = req.query.get('experiment_id');
        const runs = [...this.runs.values()].map((r) => r.run).filter((r) => !exp || r.experiment_id === exp);
        return { status: 200, body: applyList(runs, req.query, 'runs') };
      }
      case 'RunService_TerminateRun':
      case 'RunService_RetryRun':
        return this.runAction(
          p.run_id ?? '',
          matched.operationId === 'RunService_TerminateRun' ? 'terminate' : 'retry',
        );
      case 'RunService_DeleteRun':
        return this.remove(this.runs, p.run_id, 'run');
      default:
        return routePipelines(this, matched.operationId, p, req, body);
    }
  }

  /** 200 with the value, or 404. */
  found<T>(value: T | undefined, what: string): FakeResponse {
    return value ? { status: 200, body: value } : rpcError(404, `Not found: ${what} not found`);
  }

  /** Deletes from a map: 200, or 404. */
  remove(map: Map<string, unknown>, id: string | undefined, what: string): FakeResponse {
    if (!id || !map.delete(id)) return rpcError(404, `Not found: ${what} ${id} not found`);
    return { status: 200, body: {} };
  }

  /** The server's own check of a pipeline spec (text or object); a message when invalid. */
  checkSpec(text: string, fileName: string): Record<string, unknown> | string {
    const parsed = tryParsePipelineSpec(text, fileName);
    if (!parsed.ok)
      return `Failed to parse the pipeline spec: ${parsed.issues.map((i) => i.message).join('; ')}`;
    return this.checkSpecObject(parsed.value.spec as unknown as Record<string, unknown>);
  }

  /** The server's check of a spec object; a message when invalid. */
  checkSpecObject(spec: Record<string, unknown>): Record<string, unknown> | string {
    const inner = (spec.pipeline_spec as Record<string, unknown> | undefined) ?? spec;
    if (inner.schemaVersion !== '2.1.0')
      return `Invalid input error: KFP only supports schema version 2.1.0, but the pipeline spec has version ${inner.schemaVersion}`;
    const errors = validatePipelineSpec(inner).filter((i) => (i.severity ?? 'error') === 'error');
    if (errors.length > 0)
      return `Invalid input error: no pipeline spec is provided (${errors[0]?.path}: ${errors[0]?.message})`;
    return inner;
  }

  private createExperiment(e: Experiment): FakeResponse {
    if (!e.display_name)
      return rpcError(
        400,
        'Invalid input error: Experiment name is empty. Please specify a valid experiment name',
      );
    if (this.multiUser && !e.namespace)
      return rpcError(400, 'Invalid input error: Experiment namespace is empty in multi-user mode');
    const dup = [...this.experiments.values()].some(
      (x) => x.display_name === e.display_name && x.namespace === e.namespace,
    );
    if (dup)
      return rpcError(409, `Already exist error: Experiment with name ${e.display_name} already exists`);
    const created: Experiment = {
      ...e,
      experiment_id: randomUUID(),
      created_at: this.now(),
      storage_state: 'AVAILABLE',
    };
    this.experiments.set(created.experiment_id as string, created);
    return { status: 200, body: created };
  }

  private createRun(r: Run, experimentQuery: string | null): FakeResponse {
    if (!r.display_name)
      return rpcError(400, 'Invalid input error: The run name is empty. Please specify a valid name');
    if (!!r.pipeline_spec === !!r.pipeline_version_reference)
      return rpcError(
        400,
        'Invalid input error: a run needs exactly one of pipeline_spec and pipeline_version_reference',
      );
    const expId = r.experiment_id ?? experimentQuery ?? undefined;
    if (expId && !this.experiments.has(expId))
      return rpcError(404, `Not found: experiment ${expId} not found`);
    if (this.multiUser && !expId)
      return rpcError(400, 'Invalid input error: A run cannot have an empty namespace in multi-user mode');
    let spec = r.pipeline_spec;
    if (spec) {
      const checked = this.checkSpecObject(spec);
      if (typeof checked === 'string') return rpcError(400, checked);
      spec = checked;
    } else {
      const ref = r.pipeline_version_reference ?? {};
      if (!ref.pipeline_id || !this.pipelines.has(ref.pipeline_id))
        return rpcError(404, `Not found: pipeline ${ref.pipeline_id}`);
    }
    const run: Run = {
      ...r,
      run_id: randomUUID(),
      created_at: this.now(),
      state: 'PENDING',
      storage_state: 'AVAILABLE',
    };
    // Newer servers add fields; clients must pass them through.
    (run as Record<string, unknown>).field_from_a_newer_server = { any: 'thing' };
    if (expId) run.experiment_id = expId;
    const tasks = Object.keys(
      ((spec?.root as Record<string, unknown>)?.dag as { tasks?: object })?.tasks ?? {},
    );
    run.run_details = {
      task_details: tasks.map((t) => ({ task_id: `${run.run_id}-${t}`, display_name: t, state: 'PENDING' })),
    };
    this.runs.set(run.run_id as string, {
      run,
      script: [...(this.scripts.get(r.display_name) ?? this.defaultScript)],
    });
    return { status: 200, body: run };
  }

  private setState(rec: RunRecord, state: RunState): void {
    rec.run.state = state;
    rec.run.state_history = [...(rec.run.state_history ?? []), { update_time: this.now(), state }];
    for (const t of rec.run.run_details?.task_details ?? []) t.state = state;
    if (['SUCCEEDED', 'FAILED', 'CANCELED', 'SKIPPED'].includes(state)) rec.run.finished_at = this.now();
  }

  private getRun(id: string): FakeResponse {
    const rec = this.runs.get(id);
    if (!rec) return rpcError(404, `Not found: run ${id} not found`);
    const next = rec.script.shift();
    if (next) this.setState(rec, next);
    return { status: 200, body: rec.run };
  }

  private runAction(id: string, action: 'terminate' | 'retry'): FakeResponse {
    const rec = this.runs.get(id);
    if (!rec) return rpcError(404, `Not found: run ${id} not found`);
    if (action === 'terminate') {
      this.setState(rec, 'CANCELING');
      rec.script = ['CANCELED'];
    } else {
      if (!['FAILED', 'CANCELED'].includes(rec.run.state ?? ''))
        return rpcError(
          400,
          `Invalid input error: run ${id} is ${rec.run.state}; only failed or canceled runs can be retried`,
        );
      this.setState(rec, 'RUNNING');
      rec.script = ['SUCCEEDED'];
    }
    return { status: 200, body: {} };
  }
}
