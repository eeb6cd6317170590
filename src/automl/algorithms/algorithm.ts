/**
 * The extension point for search algorithms: one small interface, one file per algorithm,
 * one registry (`registry.ts`). An algorithm sees what Katib's suggestion services see —
 * every trial so far with its assignments, state and objective — and returns up to `count`
 * new points. Returning fewer than asked means the search space is exhausted.
 */

import type { Point, SearchSpace } from '../search-space.js';
import type { Experiment } from '../types.js';

export const TRIAL_STATES = [
  'Created',
  'Running',
  'Succeeded',
  'Failed',
  'Killed',
  'EarlyStopped',
  'MetricsUnavailable',
] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

/** A trial as an algorithm sees it. */
export interface TrialView {
  name: string;
  point: Point;
  state: TrialState;
  /** The objective value oriented for minimisation (negated when maximising); absent without one. */
  loss?: number;
  labels?: Record<string, string>;
}

export interface SuggestRequest {
  /** All trials created so far, oldest first (running ones included). */
  trials: readonly TrialView[];
  /** How many new trials the controller wants now (`current_request_number`). */
  count: number;
}

export interface Suggestion {
  point: Point;
  /** A trial name chosen by the algorithm (PBT does this). */
  name?: string;
  labels?: Record<string, string>;
}

/** A search algorithm instance for one experiment. */
export interface SearchAlgorithm {
  readonly name: string;
  suggest(request: SuggestRequest): Suggestion[];
  /** JSON-safe state for resume (algorithms that keep state besides the trial history). */
  exportState?(): unknown;
  importState?(state: unknown): void;
}

export interface AlgorithmContext {
  space: SearchSpace;
  /** `spec.algorithm.algorithmSettings` as a name → value map (values are strings). */
  settings: Record<string, string>;
  experiment: Experiment;
}

/** One registered algorithm: Katib's name, its settings check and its constructor. */
export interface AlgorithmFactory {
  readonly name: string;
  /** Problems with the settings, in the wording of Katib's suggestion service. */
  validate(ctx: AlgorithmContext): string[];
  create(ctx: AlgorithmContext): SearchAlgorithm;
  /**
   * How Kite runs this algorithm for these settings where it chose a default that Katib's
   * service does not have (printed as a comment by `printExperiment`); absent when
   * Kite runs it exactly as Katib does.
   */
  describe?(ctx: AlgorithmContext): string | undefined;
}

/** Parses `random_state` (absent → undefined). */
export function seedOf(settings: Record<string, string>): number | undefined {
  const v = settings.random_state;
  return v === undefined ? undefined : Number.parseInt(v, 10);
}

/** Python's `int(x)` acceptance: an optional sign and digits. */
export function isIntString(v: string): boolean {
  return /^\s*[+-]?\d+\s*$/.test(v);
}

/** Python's `float(x)` acceptance, roughly. */
export function isFloatString(v: string): boolean {
  return /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|nan|infinity)\s*$/i.test(v);
}

/** Checks that only `allowed` settings are present, with Katib's wording. */
export function unknownSettings(
  settings: Record<string, string>,
  allowed: readonly string[],
  algorithm: string,
): string[] {
  return Object.keys(settings)
    .filter((k) => !allowed.includes(k))
    .map((k) => `unknown setting ${k} for algorithm ${algorithm}`);
}

/** The `random_state` check shared by all services. */
export function checkRandomState(settings: Record<string, string>): string[] {
  const v = settings.random_state;
  if (v === undefined) return [];
  if (!isIntString(v))
    return [`failed to validate random_state(${v}): invalid literal for int() with base 10: '${v}'`];
  return Number(v) >= 0 ? [] : ['random_state should be great or equal than zero'];
}
