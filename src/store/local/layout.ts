/**
 * The on-disk layout of the local artifact store (KFP-local style):
 *
 * ```
 * <artifacts>/<pipeline>/<run-id>/<task/path>/<output>     committed contents (URI = this absolute path)
 * <artifacts>/.staging/<pid>-<random>/                     one scratch area per attempt
 * <artifacts>/.staging/<pid>-<random>/outputs/<output>     where the component writes output <output>
 * <artifacts>/.staging/<pid>-<random>/.owner.json          who made it (for sweeping dead ones)
 * ```
 *
 * Staging lives inside the artifacts directory so that the final rename never crosses a
 * filesystem.
 */
import { KiteError } from '../../core/index.js';
import type { TaskLocation } from '../types.js';

export const STAGING_DIR = '.staging';
export const OWNER_FILE = '.owner.json';
export const OUTPUTS_DIR = 'outputs';

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

export function checkOutputName(name: string): string {
  return checkSegment('output name', name);
}
