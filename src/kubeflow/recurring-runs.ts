/**
 * `RecurringRunService` of KFP v2beta1: scheduled runs of a pipeline (cron or a fixed
 * interval). Note the list response key is literally `recurringRuns` (the proto's JSON name).
 */
import { KiteError } from '../core/index.js';
import type { HttpTransport } from './http.js';
import { listAll, listPage } from './list.js';
import type { ListOptions, Page, RecurringRun } from './types.js';

const BASE = '/apis/v2beta1/recurringruns';

/** Options of {@link RecurringRunsApi.list}. */
export interface ListRecurringRunsOptions extends ListOptions {
  experimentId?: string;
}

/** Recurring runs of one KFP server. */
export class RecurringRunsApi {
  constructor(private readonly http: HttpTransport) {}

  list(options: ListRecurringRunsOptions = {}): Promise<Page<RecurringRun>> {
    return listPage<RecurringRun>(this.http, BASE, 'recurringRuns', options, {
      experiment_id: options.experimentId,
    });
  }

  all(options: ListRecurringRunsOptions = {}): AsyncGenerator<RecurringRun> {
    return listAll((pageToken) => this.list(pageToken ? { ...options, pageToken } : options));
  }

  get(id: string): Promise<RecurringRun> {
    return this.http.request<RecurringRun>('GET', `${BASE}/${encodeURIComponent(id)}`, {
      what: `recurring run ${id}`,
    });
  }

  /** Creates a recurring run; `max_concurrency` must be 1–10 (sent as an int64 string). */
  create(recurring: RecurringRun): Promise<RecurringRun> {
    const n = Number(recurring.max_concurrency ?? '1');
    if (!Number.isInteger(n) || n < 1 || n > 10)
      throw new KiteError(
        'INVALID_ARGUMENT',
        `max concurrency must be an integer from 1 to 10, got ${recurring.max_concurrency}`,
      );
    return this.http.request<RecurringRun>('POST', BASE, {
      body: { ...recurring, max_concurrency: String(n) },
      retry: false,
      badRequest: 'INVALID_SPEC',
    });
  }

  async enable(id: string): Promise<void> {
    await this.http.request('POST', `${BASE}/${encodeURIComponent(id)}:enable`, {
      what: `recurring run ${id}`,
    });
  }

  async disable(id: string): Promise<void> {
    await this.http.request('POST', `${BASE}/${encodeURIComponent(id)}:disable`, {
      what: `recurring run ${id}`,
    });
  }

  async delete(id: string): Promise<void> {
    await this.http.request('DELETE', `${BASE}/${encodeURIComponent(id)}`, { what: `recurring run ${id}` });
  }

  /** The recurring run with this display name, or undefined. */
  async findByName(name: string, options: ListRecurringRunsOptions = {}): Promise<RecurringRun | undefined> {
    for await (const r of this.all({ ...options, pageSize: 100 })) if (r.display_name === name) return r;
    return undefined;
  }
}
