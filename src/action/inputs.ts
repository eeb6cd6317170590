/**
 * The action's inputs, read and checked all at once: every mistake is reported together,
 * naming the input and what to write instead.
 */
import { parse as parseYaml } from 'yaml';
import { KiteError } from '../core/errors.js';
import { formatIssues, type Issue } from '../core/issues.js';
import { type ActionIo, getInput } from './toolkit.js';

/** Where the pipeline runs. */
export const MODES = ['local', 'kubeflow'] as const;
/** See {@link MODES}. */
export type Mode = (typeof MODES)[number];

/** What to do with `mode: kubeflow` when the event cannot see secrets (a fork's pull request). */
export const FORK_MODES = ['local', 'skip', 'fail'] as const;
/** See {@link FORK_MODES}. */
export type ForkMode = (typeof FORK_MODES)[number];

/** Which data-check outcomes fail the check: failures only (default) or warnings too. */
export const DATA_CHECK_POLICIES = ['failures', 'warnings'] as const;
/** See {@link DATA_CHECK_POLICIES}. */
export type DataCheckPolicy = (typeof DATA_CHECK_POLICIES)[number];

/** When to post the pull-request comment. */
export const COMMENT_MODES = ['auto', 'true', 'false'] as const;
/** See {@link COMMENT_MODES}. */
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Every input of `action.yml`, parsed. */
export interface ActionInputs {
  pipeline: string;
  pipelineName?: string;
  mode: Mode;
  forkMode: ForkMode;
  /** Pipeline parameters as `name=value` pairs (values of lists/objects as JSON). */
  params: string[];
  workingDirectory: string;
  /** Kite's root directory for local runs (relative to the working directory). */
  root: string;
  kfpHost?: string;
  kfpToken?: string;
  kfpCookie?: string;
  kfpNamespace?: string;
  experiment?: string;
  runName?: string;
  /** Container image for the tasks when compiling for Kubeflow (your code baked in). */
  image?: string;
  wait: boolean;
  timeoutMs: number;
  pollMs: number;
  thresholds: string[];
  dataChecks: DataCheckPolicy;
  comment: CommentMode;
  githubToken?: string;
  allowPullRequestTarget: boolean;
  noCache: boolean;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `90s`, `30m`, `2h` → ms; undefined when malformed. */
export function parseDurationText(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * `params` input (a YAML or JSON mapping) → `name=value` pairs for Kite's typed parameter
 * parsing: strings as they are, everything else as JSON.
 */
export function paramPairs(text: string | undefined, issues: Issue[]): string[] {
  if (!text) return [];
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    issues.push({ code: 'BAD_INPUT', path: 'params', message: `not YAML/JSON: ${(error as Error).message}` });
    return [];
  }
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    issues.push({ code: 'BAD_INPUT', path: 'params', message: 'write a mapping, e.g. `epochs: 5`' });
    return [];
  }
  return Object.entries(doc as Record<string, unknown>).map(([k, v]) =>
    typeof v === 'string' ? `${k}=${v}` : `${k}=${JSON.stringify(v)}`,
  );
}

function oneOf<T extends string>(
  io: ActionIo,
  name: string,
  allowed: readonly T[],
  fallback: T,
  issues: Issue[],
): T {
  const value = getInput(io, name) ?? fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  issues.push({ code: 'BAD_INPUT', path: name, message: `must be ${allowed.join(' | ')}, got '${value}'` });
  return fallback;
}

function bool(io: ActionIo, name: string, fallback: boolean, issues: Issue[]): boolean {
  const value = getInput(io, name);
  if (value === undefined) return fallback;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  issues.push({ code: 'BAD_INPUT', path: name, message: `must be true or false, got '${value}'` });
  return fallback;
}

function duration(io: ActionIo, name: string, fallback: string, issues: Issue[]): number {
  const text = getInput(io, name) ?? fallback;
  const ms = parseDurationText(text);
  if (ms !== undefined && ms > 0) return ms;
  issues.push({
    code: 'BAD_INPUT',
    path: name,
    message: `write a duration like 90s, 30m or 2h, got '${text}'`,
  });
  return parseDurationText(fallback) ?? 0;
}

/** Reads every input; throws one `KiteError('INVALID_ARGUMENT')` listing all problems. */
export function readInputs(io: ActionIo): ActionInputs {
  const issues: Issue[] = [];
  const pipeline = getInput(io, 'pipeline');
  if (!pipeline)
    issues.push({
      code: 'BAD_INPUT',
      path: 'pipeline',
      message: 'required: the pipeline file (.ts or compiled .yaml)',
    });
  const inputs: ActionInputs = {
    pipeline: pipeline ?? '',
    mode: oneOf(io, 'mode', MODES, 'local', issues),
    forkMode: oneOf(io, 'fork-mode', FORK_MODES, 'local', issues),
    params: paramPairs(getInput(io, 'params'), issues),
    workingDirectory: getInput(io, 'working-directory') ?? '.',
    root: getInput(io, 'root') ?? '.kite',
    wait: bool(io, 'wait', true, issues),
    timeoutMs: duration(io, 'timeout', '60m', issues),
    pollMs: duration(io, 'poll-interval', '10s', issues),
    thresholds: (getInput(io, 'thresholds') ?? '')
      .split(/\r?\n/)
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter(Boolean),
    dataChecks: oneOf(io, 'data-checks', DATA_CHECK_POLICIES, 'failures', issues),
    comment: oneOf(io, 'comment', COMMENT_MODES, 'auto', issues),
    allowPullRequestTarget: bool(io, 'allow-pull-request-target', false, issues),
    noCache: bool(io, 'no-cache', false, issues),
  };
  const optional = {
    pipelineName: 'pipeline-name',
    kfpHost: 'kfp-host',
    kfpToken: 'kfp-token',
    kfpCookie: 'kfp-cookie',
    kfpNamespace: 'kfp-namespace',
    experiment: 'experiment',
    runName: 'run-name',
    image: 'image',
    githubToken: 'github-token',
  } as const;
  for (const [key, name] of Object.entries(optional)) {
    const value = getInput(io, name);
    if (value !== undefined) inputs[key as keyof typeof optional] = value;
  }
  if (issues.length > 0) {
    throw new KiteError('INVALID_ARGUMENT', `invalid action inputs:\n${formatIssues(issues)}`, {
      issues,
      hint: 'fix the `with:` block of the step that uses the Kite action',
    });
  }
  return inputs;
}
