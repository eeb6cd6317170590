/**
 * Kubeflow mode: compile (or read) the pipeline with the user's Kite, submit it as a KFP run
 * exactly once per workflow attempt (idempotency key from `GITHUB_RUN_ID`/`GITHUB_RUN_ATTEMPT`),
 * and optionally wait for it, reporting task states from the run's details.
 */
import { isKiteError, KiteError } from '../core/errors.js';
import type { PipelineSpec } from '../ir/index.js';
import type { Run } from '../kubeflow/index.js';
import type { GitHubContext } from './context.js';
import type { KiteEngine } from './engine.js';
import { mermaidGraph } from './graph.js';
import type { ActionInputs } from './inputs.js';
import type { RunOutcome, TaskOutcome } from './outcome.js';
import type { ActionIo } from './toolkit.js';

/** The KFP UI page of a run. */
export function kfpRunUrl(host: string, runId: string): string {
  return `${host.replace(/\/+$/, '')}/#/runs/details/${encodeURIComponent(runId)}`;
}

function ms(text: string | undefined): number | undefined {
  const t = text ? Date.parse(text) : Number.NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/** Executor-like tasks of a KFP run's details (the run's own root entry left out). */
export function tasksOfRun(run: Run): TaskOutcome[] {
  const out: TaskOutcome[] = [];
  for (const t of run.run_details?.task_details ?? []) {
    const name = t.display_name ?? t.task_id ?? '?';
    if (name === run.display_name || /^root(-driver)?$/.test(name)) continue;
    const start = ms(t.start_time);
    const end = ms(t.end_time);
    const task: TaskOutcome = {
      path: name,
      state: t.state ?? 'UNKNOWN',
      durationMs: start !== undefined && end !== undefined && end >= start ? end - start : null,
    };
    if (t.error?.message) task.error = t.error.message;
    out.push(task);
  }
  return out;
}

/** Names of the spec's group tasks (tasks whose component is a DAG). */
export function groupNames(spec: PipelineSpec): Set<string> {
  const out = new Set<string>();
  for (const component of Object.values(spec.components ?? {}))
    for (const [name, task] of Object.entries(component.dag?.tasks ?? {}))
      if (spec.components?.[task.componentRef?.name ?? '']?.dag) out.add(name);
  for (const [name, task] of Object.entries(spec.root?.dag?.tasks ?? {}))
    if (spec.components?.[task.componentRef?.name ?? '']?.dag) out.add(name);
  return out;
}

/** Submits the pipeline to Kubeflow Pipelines and (by default) waits for it. */
export async function runKubeflow(
  engine: KiteEngine,
  inputs: ActionInputs,
  ctx: GitHubContext,
  cwd: string,
  io: ActionIo,
  signal?: AbortSignal,
): Promise<RunOutcome> {
  const started = Date.now();
  const host = inputs.kfpHost ?? io.env.KF_PIPELINES_ENDPOINT;
  if (!host) {
    throw new KiteError('INVALID_ARGUMENT', 'mode kubeflow needs kfp-host', {
      hint: 'set kfp-host: https://<kubeflow>/pipeline (and kfp-token or kfp-cookie from secrets)',
    });
  }
  const auth: { token?: string; cookie?: string } = {};
  if (inputs.kfpToken) auth.token = inputs.kfpToken;
  if (inputs.kfpCookie) auth.cookie = inputs.kfpCookie;
  // No client-wide signal: after a cancel, the client must still be able to stop the run.
  const client = new engine.kubeflow.KfpClient({ host, auth });
  const source = await engine.kubeflow.loadSpec(inputs.pipeline, {
    cwd,
    ...(inputs.pipelineName ? { pipeline: inputs.pipelineName } : {}),
    ...(inputs.image ? { compile: { image: inputs.image } } : {}),
  });
  const parameters = engine.kubeflow.parseParams(inputs.params, engine.kubeflow.rootParameters(source.spec));
  const key = ctx.runId
    ? `github-${ctx.repository}-${ctx.runId}-${io.env.GITHUB_RUN_ATTEMPT ?? '1'}`
    : undefined;
  const { run, reused } = await engine.kubeflow.submitRun(client, source, {
    parameters,
    ...(inputs.experiment ? { experiment: inputs.experiment } : {}),
    ...(inputs.kfpNamespace ? { namespace: inputs.kfpNamespace } : {}),
    ...(inputs.runName ? { runName: inputs.runName } : {}),
    ...(ctx.sha ? { commit: ctx.sha } : {}),
    ...(key ? { idempotencyKey: key } : {}),
    description: `Submitted by the Kite GitHub Action from ${ctx.repository}@${ctx.sha.slice(0, 7)}`,
    ...(signal ? { signal } : {}),
  });
  const runId = run.run_id ?? '';
  const runUrl = kfpRunUrl(host, runId);
  io.write(
    `${reused ? 'found the run already submitted' : 'submitted run'} ${run.display_name} (${runId})\n  ${runUrl}\n`,
  );
  const outcome: RunOutcome = {
    mode: 'kubeflow',
    pipelineName: source.spec.pipelineInfo.name,
    runId,
    runUrl,
    state: 'SUBMITTED',
    tasks: [],
    metrics: [],
    dataChecks: [],
    reports: [],
    tuning: [],
    artifacts: [],
    seconds: 0,
  };
  if (inputs.wait) {
    let last = '';
    try {
      const done = await client.runs.wait(runId, {
        timeoutMs: inputs.timeoutMs,
        pollMs: inputs.pollMs,
        ...(signal ? { signal } : {}),
        onUpdate: (r) => {
          if (r.state && r.state !== last) io.write(`  run ${r.state}\n`);
          last = r.state ?? last;
        },
      });
      outcome.state = done.state ?? 'UNKNOWN';
      // KFP lists DAG groups (exit handlers, conditions, loops) as tasks too; report executors.
      const groups = groupNames(source.spec);
      outcome.tasks = tasksOfRun(done).filter((t) => !groups.has(t.path));
      if (done.error?.message) outcome.error = client.redactor.text(done.error.message);
    } catch (error) {
      if (signal?.aborted) {
        // The workflow was canceled: do not leave the cluster working for nobody.
        await client.runs.terminate(runId).catch(() => undefined);
        outcome.state = 'CANCELED';
        outcome.error = 'the workflow was canceled; the Kubeflow run was asked to stop';
      } else if (isKiteError(error) && error.code === 'TIMEOUT') {
        outcome.state = 'TIMEOUT';
        outcome.error = `${error.message} (the Kubeflow run goes on: ${runUrl})`;
      } else throw error;
    }
  }
  const graph = mermaidGraph(source.spec, outcome.tasks);
  if (graph) outcome.graph = graph;
  outcome.seconds = (Date.now() - started) / 1000;
  return outcome;
}
