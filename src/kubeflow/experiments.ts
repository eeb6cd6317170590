/**
 * `ExperimentService` of KFP v2beta1, plus {@link ExperimentsApi.ensure}: find an experiment by
 * name or create it (what `kite submit --experiment` does).
 */
import { KiteError } from '../core/index.js';
import { eq, filter } from './filter.js';
import { type HttpTransport, isTransient } from './http.js';
import { listAll, listPage } from './list.js';
import { backoffDelay, sleep } from './retry.js';
import type { Experiment, ListOptions, Page } from './types.js';

const BASE = '/apis/v2beta1/experiments';

/** Experiments of one KFP server. */
export class ExperimentsApi {
  constructor(private readonly http: HttpTransport) {}

  list(options: ListOptions = {}): Promise<Page<Experiment>> {
    return listPage<Experiment>(this.http, BASE, 'experiments', options);
  }

  all(options: ListOptions = {}): AsyncGenerator<Experiment> {
    return listAll((pageToken) => this.list(pageToken ? { ...options, pageToken } : options));
  }

  get(experimentId: string): Promise<Experiment> {
    return this.http.request<Experiment>('GET', `${BASE}/${encodeURIComponent(experimentId)}`, {
      what: `experiment ${experimentId}`,
    });
  }

  /** Creates an experiment (not retried; see {@link ensure}). */
  create(experiment: Experiment): Promise<Experiment> {
    return this.http.request<Experiment>('POST', BASE, { body: experiment, retry: false });
  }

  /** The experiment with this display name in a namespace, or undefined. */
  async findByName(name: string, namespace?: string): Promise<Experiment | undefined> {
    const options: ListOptions = { filter: filter(eq('display_name', name)), pageSize: 10 };
    if (namespace) options.namespace = namespace;
    const page = await this.list(options);
    return page.items.find((e) => e.display_name === name);
  }

  /** The experiment with this name, created when missing; a create is retried only after a lookup. */
  async ensure(name: string, namespace?: string, description?: string): Promise<Experiment> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.findByName(name, namespace);
      if (found) return found;
      const body: Experiment = { display_name: name };
      if (namespace) body.namespace = namespace;
      if (description) body.description = description;
      try {
        return await this.create(body);
      } catch (err) {
        const raced = err instanceof KiteError && err.code === 'ALREADY_EXISTS';
        if (attempt >= 4 || (!raced && !isTransient(err))) throw err;
        if (!raced) await sleep(backoffDelay(attempt));
      }
    }
  }

  async delete(experimentId: string): Promise<void> {
    await this.http.request('DELETE', `${BASE}/${encodeURIComponent(experimentId)}`, {
      what: `experiment ${experimentId}`,
    });
  }

  async archive(experimentId: string): Promise<void> {
    await this.http.request('POST', `${BASE}/${encodeURIComponent(experimentId)}:archive`, {
      what: `experiment ${experimentId}`,
    });
  }

  async unarchive(experimentId: string): Promise<void> {
    await this.http.request('POST', `${BASE}/${encodeURIComponent(experimentId)}:unarchive`, {
      what: `experiment ${experimentId}`,
    });
  }
}
