/**
 * The GitHub context of a run (`GITHUB_*` variables and the event payload file) and the
 * decisions it drives: which mode really runs (a fork's pull request has no secrets), and
 * refusing Kubeflow on `pull_request_target`. Payload values are only ever data here: they
 * go into REST URLs (encoded) and Markdown (escaped), never into a command line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { KiteError } from '../core/errors.js';
import type { ActionInputs, Mode } from './inputs.js';
import type { ActionIo } from './toolkit.js';

/** What the action uses of the GitHub context. */
export interface GitHubContext {
  eventName: string;
  /** `owner/name`. */
  repository: string;
  sha: string;
  ref: string;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
  workspace: string;
  /** The pull request number when the event is about one. */
  pullNumber?: number;
  /** True when the pull request comes from another repository (a fork). */
  fromFork: boolean;
  /** The pull request's head commit (the code under test), when there is one. */
  headSha?: string;
  payload: Record<string, unknown>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads the context from the environment and `$GITHUB_EVENT_PATH`. */
export function readContext(io: ActionIo): GitHubContext {
  const env = io.env;
  let payload: Record<string, unknown> = {};
  const path = env.GITHUB_EVENT_PATH;
  if (path && existsSync(path)) {
    try {
      payload = record(JSON.parse(readFileSync(path, 'utf8'))) ?? {};
    } catch (error) {
      throw new KiteError('INVALID_ARGUMENT', `GITHUB_EVENT_PATH ${path} is not JSON`, { cause: error });
    }
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  const pr = record(payload.pull_request);
  const headRepo = record(record(pr?.head)?.repo);
  const ctx: GitHubContext = {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repository,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    fromFork:
      pr !== undefined && typeof headRepo?.full_name === 'string' && headRepo.full_name !== repository,
    payload,
  };
  if (env.GITHUB_RUN_ID) ctx.runId = env.GITHUB_RUN_ID;
  const number = pr?.number ?? record(payload.issue)?.number;
  if (typeof number === 'number' && Number.isInteger(number) && number > 0) ctx.pullNumber = number;
  const headSha = record(pr?.head)?.sha;
  if (typeof headSha === 'string') ctx.headSha = headSha;
  return ctx;
}

/** The mode that runs, or `skip`, and why when it differs from the input. */
export interface ModeDecision {
  mode: Mode | 'skip';
  reason?: string;
}

/**
 * Decides the mode. `kubeflow` on `pull_request_target` is refused unless
 * `allow-pull-request-target: true` (that event carries secrets and a write token; with the
 * pull request's code checked out it would send untrusted code to the cluster). `kubeflow` on a
 * fork's pull request (no secrets there) follows `fork-mode`: run locally, skip, or fail.
 */
export function decideMode(inputs: ActionInputs, ctx: GitHubContext): ModeDecision {
  if (inputs.mode !== 'kubeflow') return { mode: inputs.mode };
  if (ctx.eventName === 'pull_request_target' && !inputs.allowPullRequestTarget) {
    throw new KiteError('INVALID_ARGUMENT', 'refusing mode kubeflow on a pull_request_target event', {
      hint:
        'pull_request_target runs with secrets; with the pull request checked out, its code would reach the ' +
        'cluster. Use the pull_request event (forks fall back to local runs), or set ' +
        'allow-pull-request-target: true if this job checks out trusted code only',
    });
  }
  const forkPr =
    ctx.fromFork && ctx.eventName.startsWith('pull_request') && ctx.eventName !== 'pull_request_target';
  if (forkPr || (ctx.eventName === 'pull_request' && !inputs.kfpToken && !inputs.kfpCookie)) {
    const why = forkPr
      ? 'a pull request from a fork gets no secrets'
      : 'no kfp-token or kfp-cookie (secrets are not passed to this pull request)';
    if (inputs.forkMode === 'fail')
      throw new KiteError('INVALID_ARGUMENT', `cannot submit to Kubeflow: ${why}`, {
        hint: 'set fork-mode: local to run the pipeline on the runner instead',
      });
    return { mode: inputs.forkMode, reason: `${why}; fork-mode: ${inputs.forkMode}` };
  }
  return { mode: 'kubeflow' };
}
