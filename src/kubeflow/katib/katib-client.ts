/**
 * Katib Experiments through the Kubernetes API (`kubeflow.org/v1beta1`, plural `experiments`):
 * create, get, delete, list trials, follow the status to completion, and read the best trial.
 * The Experiment object itself is validated by the caller (the AutoML module validates as
 * Katib's admission webhook does); here only the envelope is checked.
 */
import { KiteError, type Logger } from '../../core/index.js';
import { resolveAuth } from '../auth.js';
import { HttpTransport } from '../http.js';
import type { RetryOptions } from '../retry.js';
import { sleep } from '../retry.js';
import { formatMs } from '../runs.js';
import { type KubeConfigOptions, type KubeCredentials, loadKubeCredentials } from './kube-config.js';
import type { KatibExperiment, KatibTrial } from './types.js';

const GROUP = '/apis/kubeflow.org/v1beta1';

/** Options of {@link KatibClient}. */
export interface KatibClientOptions extends KubeConfigOptions {
  /** Credentials found already (skips the search). */
  credentials?: KubeCredentials;
  retry?: RetryOptions;
  timeoutMs?: number;
  logger?: Logger;
  signal?: AbortSignal;
}

/** Options of {@link KatibClient.follow}. */
export interface FollowOptions {
  timeoutMs?: number;
  /** Poll interval in ms (default 5 000). */
  pollMs?: number;
  /** Called when the condition or trial counts change. */
  onUpdate?: (experiment: KatibExperiment) => void;
  signal?: AbortSignal;
}

/** The best trial as Katib records it in `status.currentOptimalTrial`. */
export interface BestTrial {
  name: string;
  parameters: Record<string, string>;
  /** Metric name → the value Katib ranks by (per its metric strategy), and latest. */
  metrics: { name: string; min?: string; max?: string; latest?: string }[];
}

/** The newest condition with status True: `Created`, `Running`, `Restarting`, `Succeeded`, `Failed`. */
export function experimentCondition(
  exp: KatibExperiment,
): { type: string; reason?: string; message?: string } | undefined {
  const conditions = exp.status?.conditions ?? [];
  for (let i = conditions.length - 1; i >= 0; i--) {
    const c = conditions[i];
    if (c && c.status === 'True') return c;
  }
  return undefined;
}

/** True when an experiment has finished (Succeeded or Failed). */
export function isExperimentDone(exp: KatibExperiment): boolean {
  const t = experimentCondition(exp)?.type;
  return t === 'Succeeded' || t === 'Failed';
}

/** `status.currentOptimalTrial` in plain form, or undefined before any trial reported. */
export function bestTrial(exp: KatibExperiment): BestTrial | undefined {
  const best = exp.status?.currentOptimalTrial;
  if (!best?.bestTrialName) return undefined;
  return {
    name: best.bestTrialName,
    parameters: Object.fromEntries((best.parameterAssignments ?? []).map((a) => [a.name, a.value])),
    metrics: best.observation?.metrics ?? [],
  };
}

/** A Katib client over the Kubernetes API. */
export class KatibClient {
  readonly http: HttpTransport;
  readonly credentials: KubeCredentials;

  constructor(options: KatibClientOptions = {}) {
    this.credentials = options.credentials ?? loadKubeCredentials(options);
    const c = this.credentials;
    const auth = resolveAuth({
      ...(c.token ? { token: c.token } : {}),
      ...(c.tokenFile ? { tokenFile: c.tokenFile } : {}),
      tokenSource: c.source,
    });
    this.http = new HttpTransport({
      baseUrl: c.server,
      service: 'Kubernetes',
      auth,
      tls: c.tls,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      signal: options.signal,
    });
  }

  private path(namespace: string | undefined, name?: string): string {
    const ns = encodeURIComponent(namespace ?? this.credentials.namespace);
    return `${GROUP}/namespaces/${ns}/experiments${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  /** Creates an Experiment in `namespace` (default: its own, else the context's). */
  create(experiment: KatibExperiment, namespace?: string): Promise<KatibExperiment> {
    const name = experiment.metadata?.name;
    if (!name) throw new KiteError('INVALID_SPEC', 'the Experiment has no metadata.name');
    if (experiment.apiVersion !== 'kubeflow.org/v1beta1' || experiment.kind !== 'Experiment')
      throw new KiteError(
        'INVALID_SPEC',
        `expected apiVersion kubeflow.org/v1beta1, kind Experiment; got ${experiment.apiVersion} ${experiment.kind}`,
      );
    const ns = namespace ?? experiment.metadata?.namespace;
    const body: KatibExperiment = { ...experiment, metadata: { ...experiment.metadata, name } };
    if (ns) body.metadata = { ...body.metadata, namespace: ns };
    delete body.status;
    return this.http.request<KatibExperiment>('POST', this.path(ns), {
      body,
      retry: false,
      badRequest: 'INVALID_SPEC',
      what: `Experiment ${name}`,
    });
  }

  get(name: string, namespace?: string): Promise<KatibExperiment> {
    return this.http.request<KatibExperiment>('GET', this.path(namespace, name), {
      what: `Experiment ${name}`,
    });
  }

  async delete(name: string, namespace?: string): Promise<void> {
    await this.http.request('DELETE', this.path(namespace, name), { what: `Experiment ${name}` });
  }

  /** The Trials of an Experiment (label `katib.kubeflow.org/experiment`). */
  async trials(name: string, namespace?: string): Promise<KatibTrial[]> {
    const ns = encodeURIComponent(namespace ?? this.credentials.namespace);
    const list = await this.http.request<{ items?: KatibTrial[] }>(
      'GET',
      `${GROUP}/namespaces/${ns}/trials`,
      {
        query: { labelSelector: `katib.kubeflow.org/experiment=${name}` },
      },
    );
    return list.items ?? [];
  }

  /**
   * Polls an Experiment until it Succeeded or Failed and returns it; `KiteError('TIMEOUT')`
   * after `timeoutMs` (the Experiment keeps going).
   */
  async follow(name: string, namespace?: string, options: FollowOptions = {}): Promise<KatibExperiment> {
    const deadline =
      options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    let last = '';
    for (;;) {
      const exp = await this.get(name, namespace);
      const s = exp.status ?? {};
      const key = `${experimentCondition(exp)?.type}|${s.trials}|${s.trialsSucceeded}|${s.trialsFailed}|${s.currentOptimalTrial?.bestTrialName}`;
      if (key !== last) {
        last = key;
        options.onUpdate?.(exp);
      }
      if (isExperimentDone(exp)) return exp;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new KiteError(
          'TIMEOUT',
          `Experiment ${name} has not finished after ${formatMs(options.timeoutMs ?? 0)}`,
          {
            hint: `it keeps running; see kubectl get experiment ${name} -n ${namespace ?? this.credentials.namespace}`,
          },
        );
      await sleep(Math.min(options.pollMs ?? 5000, left), options.signal);
    }
  }
}
