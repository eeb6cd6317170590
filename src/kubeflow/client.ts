/**
 * {@link KfpClient}: one object per KFP API server, with its services as fields.
 */
import type { Logger } from '../core/index.js';
import { type KfpAuthOptions, resolveAuth } from './auth.js';
import { ExperimentsApi } from './experiments.js';
import { HttpTransport } from './http.js';
import { PipelinesApi } from './pipelines.js';
import { RecurringRunsApi } from './recurring-runs.js';
import type { Redactor } from './redact.js';
import type { RetryOptions } from './retry.js';
import { RunsApi } from './runs.js';
import type { TlsOptions } from './tls.js';
import type { Healthz } from './types.js';

/** How to reach a KFP API server. */
export interface KfpClientOptions {
  /**
   * The API server's address: `https://<kubeflow>/pipeline` through the Istio gateway,
   * `http://ml-pipeline.kubeflow.svc.cluster.local:8888` in the cluster, or a port-forward.
   */
  host: string;
  auth?: KfpAuthOptions & { tokenSource?: string };
  tls?: TlsOptions;
  retry?: RetryOptions;
  /** Per-request time limit in ms (default 30 000). */
  timeoutMs?: number;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * A client of the KFP REST API v2beta1.
 *
 * @example
 * ```ts
 * const kfp = new KfpClient({ host: 'http://localhost:8080', auth: { token } });
 * const { items } = await kfp.runs.list({ namespace: 'team-a', pageSize: 10 });
 * ```
 */
export class KfpClient {
  readonly http: HttpTransport;
  readonly runs: RunsApi;
  readonly pipelines: PipelinesApi;
  readonly experiments: ExperimentsApi;
  readonly recurringRuns: RecurringRunsApi;

  constructor(options: KfpClientOptions) {
    this.http = new HttpTransport({
      baseUrl: options.host,
      service: 'Kubeflow Pipelines',
      auth: resolveAuth(options.auth),
      tls: options.tls,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      signal: options.signal,
    });
    this.runs = new RunsApi(this.http);
    this.pipelines = new PipelinesApi(this.http);
    this.experiments = new ExperimentsApi(this.http);
    this.recurringRuns = new RecurringRunsApi(this.http);
  }

  /** Redacts this client's secrets from text or JSON before it is shown. */
  get redactor(): Redactor {
    return this.http.redactor;
  }

  /** `GET /apis/v2beta1/healthz`: whether the server runs in multi-user mode. */
  healthz(): Promise<Healthz> {
    return this.http.request<Healthz>('GET', '/apis/v2beta1/healthz');
  }
}
