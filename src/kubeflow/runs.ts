/**
 * `RunService` of KFP v2beta1: list, get, create (idempotently), terminate, retry, archive,
 * delete, and {@link RunsApi.wait} for a run to finish.
 */
import { KiteError } from '../core/index.js';
import { eq, filter } from './filter.js';
import { type HttpTransport, isTransient } from './http.js';
import { listAll, listPage } from './list.js';
import { backoffDelay, type RetryOptions, sleep } from './retry.js';
import { isTerminalState, type ListOptions, type Page, type Run } from './types.js';

const BASE = '/apis/v2beta1/runs';

/** Options of {@link RunsApi.list}. */
export interface ListRunsOptions extends ListOptions {
  experimentId?: string;
}

/** Options of {@link RunsApi.wait}. */
export interface WaitOptions {
  /** Give up after this many ms with `KiteError('TIMEOUT')` (default: wait forever). */
  timeoutMs?: number;
  /** Poll interval in ms (default 5 000). */
  pollMs?: number;
  /** Called with every polled run whose state or task states changed. */
  onUpdate?: (run: Run) => void;
  signal?: AbortSignal;
}

/** Options of {@link RunsApi.createIdempotent}. */
export interface IdempotentCreateOptions {
  /** A string unique to this submission, stored in the run's description and looked for. */
  submissionId: string;
  retry?: RetryOptions;
  signal?: AbortSignal;
  /** Reuse a run with the same name and submission id created before this call (default true). */
  reuse?: boolean;
}

/** The marker of a submission in a run's description. */
export function submissionMarker(submissionId: string): string {
  return `[kite-submission ${submissionId}]`;
}

/** Runs of one KFP server. */
export class RunsApi {
  constructor(private readonly http: HttpTransport) {}

  /** One page of runs. */
  list(options: ListRunsOptions = {}): Promise<Page<Run>> {
    return listPage<Run>(this.http, BASE, 'runs', options, { experiment_id: options.experimentId });
  }

  /** Every run matching the options, page after page. */
  all(options: ListRunsOptions = {}): AsyncGenerator<Run> {
    return listAll((pageToken) => this.list(pageToken ? { ...options, pageToken } : options));
  }

  /** One run, with its task details. */
  get(runId: string): Promise<Run> {
    return this.http.request<Run>('GET', `${BASE}/${encodeURIComponent(runId)}`, { what: `run ${runId}` });
  }

  /**
   * Creates a run. Not retried: a create that timed out may have happened. Use
   * {@link createIdempotent} for retries that never start a second run.
   */
  create(run: Run): Promise<Run> {
    return this.http.request<Run>('POST', BASE, {
      body: run,
      query: { experiment_id: run.experiment_id },
      retry: false,
      badRequest: 'INVALID_SPEC',
      what: run.experiment_id ? `experiment ${run.experiment_id}` : undefined,
    });
  }

  /** Runs with this display name (in an experiment) whose description carries the submission marker. */
  async findSubmission(run: Run, submissionId: string): Promise<Run | undefined> {
    const marker = submissionMarker(submissionId);
    const options: ListRunsOptions = {
      filter: filter(eq('display_name', run.display_name ?? '')),
      pageSize: 100,
    };
    if (run.experiment_id) options.experimentId = run.experiment_id;
    for await (const found of this.all(options)) if (found.description?.includes(marker)) return found;
    return undefined;
  }

  /**
   * Creates a run at most once. The submission id goes into the description; after a transient
   * failure (connection error, 429, 5xx) the run is looked up by display name and marker before
   * the create is tried again, so a create that reached the server is never repeated.
   */
  async createIdempotent(run: Run, options: IdempotentCreateOptions): Promise<{ run: Run; reused: boolean }> {
    const marker = submissionMarker(options.submissionId);
    const body: Run = {
      ...run,
      description: run.description ? `${run.description}\n${marker}` : marker,
    };
    if (options.reuse !== false) {
      const existing = await this.findSubmission(body, options.submissionId);
      if (existing) return { run: existing, reused: true };
    }
    const attempts = options.retry?.attempts ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return { run: await this.create(body), reused: false };
      } catch (err) {
        if (!isTransient(err) || attempt + 1 >= attempts) throw err;
        await sleep(backoffDelay(attempt, options.retry), options.signal);
        const landed = await this.findSubmission(body, options.submissionId);
        if (landed) return { run: landed, reused: false };
      }
    }
  }

  /** Asks KFP to stop a run (state CANCELING, then CANCELED). */
  terminate(runId: string): Promise<void> {
    return this.action(runId, 'terminate');
  }

  /** Re-runs the failed tasks of a finished run. */
  retry(runId: string): Promise<void> {
    return this.action(runId, 'retry');
  }

  archive(runId: string): Promise<void> {
    return this.action(runId, 'archive');
  }

  unarchive(runId: string): Promise<void> {
    return this.action(runId, 'unarchive');
  }

  async delete(runId: string): Promise<void> {
    await this.http.request('DELETE', `${BASE}/${encodeURIComponent(runId)}`, { what: `run ${runId}` });
  }

  private async action(runId: string, verb: string): Promise<void> {
    await this.http.request('POST', `${BASE}/${encodeURIComponent(runId)}:${verb}`, { what: `run ${runId}` });
  }

  /**
   * Polls a run until it reaches a terminal state (SUCCEEDED, SKIPPED, FAILED, CANCELED) and
   * returns it. Throws `KiteError('TIMEOUT')` after `timeoutMs` (the run keeps going).
   *
   * @example
   * ```ts
   * const done = await client.runs.wait(run.run_id!, { timeoutMs: 3_600_000 });
   * if (done.state !== 'SUCCEEDED') process.exitCode = 1;
   * ```
   */
  async wait(runId: string, options: WaitOptions = {}): Promise<Run> {
    const deadline =
      options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    let last = '';
    for (;;) {
      const run = await this.get(runId);
      const fingerprint = progressKey(run);
      if (fingerprint !== last) {
        last = fingerprint;
        options.onUpdate?.(run);
      }
      if (isTerminalState(run.state)) return run;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new KiteError(
          'TIMEOUT',
          `run ${runId} is still ${run.state ?? 'unknown'} after ${formatMs(options.timeoutMs ?? 0)}`,
          {
            hint: `the run goes on; follow it with 'kite kfp runs wait ${runId}' or stop it with 'kite kfp runs terminate ${runId}'`,
          },
        );
      }
      await sleep(Math.min(options.pollMs ?? 5000, left), options.signal);
    }
  }
}

function progressKey(run: Run): string {
  const tasks = (run.run_details?.task_details ?? []).map((t) => `${t.task_id}:${t.state}`).join(',');
  return `${run.state}|${tasks}`;
}

/** `90000` → `1m30s`. */
export function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec || (!h && !m) ? `${sec}s` : ''}`;
}
