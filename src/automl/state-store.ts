/**
 * Persistence of a running experiment, behind a tiny interface so that the controller does
 * not care where state lives. {@link jsonFileStateStore} writes one JSON file atomically
 * (temp file + rename) after every change; `metadata-state-store.ts` keeps it in Kite's
 * SQLite metadata store.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KiteError } from '../core/index.js';
import type { Trial } from './trial.js';
import type { Experiment } from './types.js';

/** Everything needed to resume an experiment. */
export interface ExperimentState {
  /** The defaulted spec the state belongs to (resume refuses a different one). */
  experiment: Experiment;
  trials: Trial[];
  algorithmState?: unknown;
  /** True once the algorithm could not suggest anything more. */
  exhausted: boolean;
  startTime: string;
  completionTime?: string;
  /** Katib condition of the experiment, once completed. */
  completed?: { type: 'Succeeded' | 'Failed'; reason: string; message: string };
}

/** Where an experiment's state is kept. */
export interface ExperimentStateStore {
  load(): ExperimentState | undefined;
  save(state: ExperimentState): void;
  /** Called every few seconds while the experiment runs (ownership heartbeats). */
  heartbeat?(): void;
}

/** An in-memory store (tests, one-shot library runs). */
export function memoryStateStore(
  initial?: ExperimentState,
): ExperimentStateStore & { state?: ExperimentState } {
  const box: { state?: ExperimentState } = initial ? { state: structuredClone(initial) } : {};
  return {
    get state() {
      return box.state;
    },
    load: () => (box.state ? structuredClone(box.state) : undefined),
    save: (s) => {
      box.state = structuredClone(s);
    },
  };
}

/**
 * A store in one JSON file (e.g. `.kite/tune/<experiment>/state.json`).
 *
 * @example
 * ```ts
 * const store = jsonFileStateStore('.kite/tune/random/state.json');
 * await runExperiment(experiment, { runner, store }); // resumes when the file exists
 * ```
 */
export function jsonFileStateStore(file: string): ExperimentStateStore {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
      try {
        return JSON.parse(text) as ExperimentState;
      } catch (err) {
        throw new KiteError('IO', `experiment state ${file} is not valid JSON`, {
          cause: err,
          hint: 'delete it to start the experiment over',
        });
      }
    },
    save(state) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, file);
    },
  };
}
