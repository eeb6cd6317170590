/**
 * The on-disk layout of the local artifact store (KFP-local style):
 *
 * ```
 * <artifacts>/<pipeline>/<run-id>/<task/path>/<output>     committed contents (URI = this absolute path)
 * <artifacts>/.staging/<host>-<pid>-<random>/               one scratch area per attempt (the name
 *                                                          says who owns it, for sweeping dead ones)
 * <artifacts>/.staging/<host>-<pid>-<random>/outputs/<out> where the component writes output <out>
 * ```
 *
 * Staging lives inside the artifacts directory so that the final rename never crosses a
 * filesystem.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { KiteError } from '../../core/index.js';
import type { TaskLocation } from '../types.js';

/** Directory of scratch areas, inside the artifacts root (same filesystem as the final paths). */
export const STAGING_DIR = '.staging';
/** Sub-directory of a scratch area that holds the outputs. */
export const OUTPUTS_DIR = 'outputs';

/** A short, path-safe tag of this host, so that names in `.staging/` say who made them. */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Owner of a staging entry named `<host-tag>-<pid>-<random>[.tmp|.trash]`. */
export function parseToken(name: string): { hostTag: string; pid: number } | undefined {
  const m = /^([0-9a-f]{8})-(\d+)-/.exec(name);
  return m === null ? undefined : { hostTag: m[1]!, pid: Number(m[2]) };
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Pipeline names are display names: anything outside `[A-Za-z0-9._-]` becomes `_`. */
export function pipelineSegment(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]+/, '_');
  return s === '' ? '_' : s;
}

function checkSegment(what: string, value: string): string {
  if (!SEGMENT.test(value)) {
    throw new KiteError('INVALID_ARGUMENT', `${what} '${value}' cannot be used in an artifact path`, {
      hint: 'use letters, digits, `.`, `_` and `-`, not starting with `.` or `-`',
    });
  }
  return value;
}

/** The path segments of a location's task directory, relative to the artifacts root. */
export function taskSegments(location: TaskLocation): string[] {
  const task = location.taskPath.split('/').map((s) => checkSegment('task path segment', s));
  return [pipelineSegment(location.pipelineName), checkSegment('run id', location.runId), ...task];
}

/** Returns the output name, or throws INVALID_ARGUMENT when it cannot be a path segment. */
export function checkOutputName(name: string): string {
  return checkSegment('output name', name);
}
