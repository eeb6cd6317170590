/**
 * The action from inputs to verdict: read inputs and context, mask secrets, decide the mode,
 * run (local or Kubeflow), apply the gates, then report — annotations, outputs, job summary,
 * pull-request comment — and return the exit code (0 passed, 1 failed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { isKiteError, messageOf } from '../core/errors.js';
import { commentMarker, upsertComment } from './comment.js';
import { decideMode, type GitHubContext, readContext } from './context.js';
import type { KiteEngine } from './engine.js';
import {
  evaluateGates,
  type GateFinding,
  type LocateRule,
  parseThresholds,
  type Threshold,
} from './gates.js';
import { type ActionInputs, readInputs } from './inputs.js';
import { type RunOutcome, succeeded } from './outcome.js';
import { runKubeflow } from './run-kubeflow.js';
import { runLocal } from './run-local.js';
import { renderReport } from './summary.js';
import {
  type ActionIo,
  type AnnotationProperties,
  annotate,
  appendSummary,
  group,
  mask,
  setOutput,
} from './toolkit.js';

/** What the action needs from outside: the runner's I/O and the Kite to drive. */
export interface ActionDeps {
  io: ActionIo;
  /** Finds Kite for a working directory (production: the user's installed package). */
  loadEngine: (cwd: string) => Promise<KiteEngine>;
  signal?: AbortSignal;
  /** For the GitHub REST calls (tests may pass their own). */
  fetch?: typeof fetch;
  /**
   * Makes the working directory the process's, so that tasks see relative paths as
   * `kite run` in that directory would (the bundle passes `process.chdir`; tests do not).
   */
  chdir?: (dir: string) => void;
}

/** A path as an annotation wants it: relative to the repository root, or nothing when outside. */
export function repoPath(workspace: string, path: string): string | undefined {
  const rel = relative(workspace, isAbsolute(path) ? path : resolve(workspace, path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : undefined;
}

/** Finds a threshold line in the workflow file that runs this job (`$GITHUB_WORKFLOW_REF`). */
function workflowLocator(io: ActionIo, ctx: GitHubContext): LocateRule {
  const ref = io.env.GITHUB_WORKFLOW_REF ?? '';
  const m = /^[^/]+\/[^/]+\/(.+?)@/.exec(ref);
  const file = m?.[1];
  const text =
    file && existsSync(resolve(ctx.workspace, file))
      ? readFileSync(resolve(ctx.workspace, file), 'utf8')
      : '';
  const lines = text.split(/\r?\n/);
  return (rule) => {
    if (!file) return undefined;
    const i = lines.findIndex((l) => l.includes(rule));
    return i >= 0 ? { file, line: i + 1 } : { file };
  };
}

/** Where a failed task points: the user's frame, else the pipeline file. */
function taskFindings(
  outcome: RunOutcome,
  pipelineFile: string | undefined,
  workspace: string,
): GateFinding[] {
  const out: GateFinding[] = [];
  for (const t of outcome.tasks) {
    if (t.state !== 'FAILED') continue;
    let where: AnnotationProperties | undefined = pipelineFile ? { file: pipelineFile } : undefined;
    const frame = t.errorFrame ? /^(.*):(\d+):(\d+)$/.exec(t.errorFrame) : null;
    const file = frame ? repoPath(workspace, frame[1] as string) : undefined;
    if (frame && file) where = { file, line: Number(frame[2]), col: Number(frame[3]) };
    out.push({
      level: 'error',
      title: `task ${t.path} failed`,
      message: t.error ?? 'failed',
      ...(where ? { where } : {}),
    });
  }
  return out;
}

function emit(io: ActionIo, findings: readonly GateFinding[]): void {
  for (const f of findings) annotate(io, f.level, f.message, { title: f.title, ...(f.where ?? {}) });
}

function workflowRunUrl(ctx: GitHubContext): string | undefined {
  return ctx.runId && ctx.repository
    ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}`
    : undefined;
}

async function postComment(
  deps: ActionDeps,
  inputs: ActionInputs,
  ctx: GitHubContext,
  markdown: string,
): Promise<void> {
  const io = deps.io;
  if (inputs.comment === 'false' || ctx.pullNumber === undefined) return;
  if (inputs.comment === 'auto' && !ctx.eventName.startsWith('pull_request')) return;
  if (!inputs.githubToken) {
    annotate(io, 'warning', 'no github-token: the pull-request comment was not posted');
    return;
  }
  try {
    // One comment per job and pipeline: two jobs running pipelines never overwrite each other.
    const key = `${io.env.GITHUB_JOB ?? ''}:${inputs.workingDirectory}:${inputs.pipeline}:${inputs.pipelineName ?? ''}`;
    const done = await upsertComment(
      {
        apiUrl: ctx.apiUrl,
        repository: ctx.repository,
        pullNumber: ctx.pullNumber,
        token: inputs.githubToken,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      },
      commentMarker(key),
      markdown,
    );
    io.write(`${done.created ? 'created' : 'updated'} pull-request comment ${done.id}\n`);
  } catch (error) {
    const hint = isKiteError(error) && error.hint ? ` (${error.hint})` : '';
    annotate(io, 'warning', `the pull-request comment was not posted: ${messageOf(error)}${hint}`);
  }
}

/** Reports an error that stopped the action before a verdict; returns the Markdown it wrote. */
function fail(io: ActionIo, error: unknown, file?: string): string {
  const hint = isKiteError(error) && error.hint ? `\nhint: ${error.hint}` : '';
  annotate(io, 'error', `${messageOf(error)}${hint}`, { title: 'Kite', ...(file ? { file } : {}) });
  setOutput(io, 'state', 'ERROR');
  setOutput(io, 'passed', 'false');
  const markdown = `### Kite — ❌ error\n\n\`\`\`\n${`${messageOf(error)}${hint}`.replace(/```/g, "'''")}\n\`\`\`\n`;
  appendSummary(io, markdown);
  return markdown;
}

/** Runs the action once; returns the process exit code. */
export async function runAction(deps: ActionDeps): Promise<number> {
  const { io } = deps;
  let inputs: ActionInputs;
  let ctx: GitHubContext;
  let thresholds: Threshold[];
  try {
    inputs = readInputs(io);
    // Before anything can print them.
    mask(io, inputs.kfpToken);
    mask(io, inputs.kfpCookie);
    mask(io, inputs.githubToken);
    ctx = readContext(io);
    thresholds = parseThresholds(inputs.thresholds);
  } catch (error) {
    fail(io, error);
    return 1;
  }
  const cwd = resolve(ctx.workspace, inputs.workingDirectory);
  const pipelineFile = repoPath(ctx.workspace, resolve(cwd, inputs.pipeline));
  let outcome: RunOutcome;
  let modeNote: string | undefined;
  try {
    const decision = decideMode(inputs, ctx);
    if (decision.reason) {
      modeNote = `mode ${decision.mode} instead of ${inputs.mode}: ${decision.reason}`;
      annotate(io, 'notice', modeNote, { title: 'Kite' });
    }
    setOutput(io, 'mode', decision.mode);
    if (decision.mode === 'skip') {
      setOutput(io, 'state', 'SKIPPED');
      setOutput(io, 'passed', 'true');
      appendSummary(io, `### Kite — skipped\n\n${modeNote ?? ''}\n`);
      return 0;
    }
    deps.chdir?.(cwd);
    const engine = await deps.loadEngine(cwd);
    io.write(`Kite ${engine.version} from ${engine.location}\n`);
    const mode = decision.mode;
    outcome = await group(io, `kite ${mode === 'local' ? 'run' : 'submit'} ${inputs.pipeline}`, () =>
      mode === 'local'
        ? runLocal(engine, inputs, cwd, io, deps.signal)
        : runKubeflow(engine, inputs, ctx, cwd, io, deps.signal),
    );
  } catch (error) {
    // Point at the pipeline file only when the error is about it.
    const aboutPipeline =
      isKiteError(error) &&
      (['INVALID_PIPELINE', 'INVALID_SPEC', 'INVALID_YAML', 'USER_CODE'].includes(error.code) ||
        error.message.includes(inputs.pipeline));
    // The author of a pull request whose pipeline does not even compile should hear of it too.
    await postComment(deps, inputs, ctx, fail(io, error, aboutPipeline ? pipelineFile : undefined));
    return 1;
  }
  const findings = [
    ...taskFindings(outcome, pipelineFile, ctx.workspace),
    ...evaluateGates(outcome, thresholds, inputs.dataChecks, workflowLocator(io, ctx)).map((f) => {
      // Data-check files are relative to the working directory, annotations to the repository.
      if (f.where?.file && !f.title.startsWith('metric')) {
        const file = repoPath(ctx.workspace, resolve(cwd, f.where.file));
        return { ...f, where: { ...f.where, ...(file ? { file } : {}) } };
      }
      return f;
    }),
  ];
  const passed = succeeded(outcome) && !findings.some((f) => f.level === 'error');
  if (!succeeded(outcome) && !findings.some((f) => f.level === 'error'))
    findings.unshift({
      level: 'error',
      title: `run ${outcome.state}`,
      message: outcome.error ?? `the pipeline run ended ${outcome.state}`,
      ...(pipelineFile ? { where: { file: pipelineFile } } : {}),
    });
  emit(io, findings);
  const metrics: Record<string, number> = {};
  for (const m of outcome.metrics) metrics[`${m.task}.${m.name}`] = m.value;
  setOutput(io, 'run-id', outcome.runId);
  setOutput(io, 'run-url', outcome.runUrl ?? '');
  setOutput(io, 'state', outcome.state);
  setOutput(io, 'metrics', JSON.stringify(metrics));
  setOutput(io, 'passed', String(passed));
  const url = workflowRunUrl(ctx);
  const markdown = renderReport(outcome, findings, passed, {
    ...(url ? { workflowRunUrl: url } : {}),
    ...(ctx.sha ? { sha: ctx.sha } : {}),
    ...(modeNote ? { modeNote } : {}),
  });
  appendSummary(io, markdown);
  await postComment(deps, inputs, ctx, markdown);
  io.write(`Kite: ${outcome.pipelineName} ${outcome.state}; ${passed ? 'passed' : 'failed'}\n`);
  return passed ? 0 : 1;
}
