/**
 * One call for `kite tune --katib`: create the Experiment (or follow / replace one of the same
 * name), follow it to completion, and return it with its best trial; plus a one-line status
 * for progress output.
 */
import { KiteError } from '../../core/index.js';
import { sleep } from '../retry.js';
import {
  type BestTrial,
  bestTrial,
  experimentCondition,
  type FollowOptions,
  KatibClient,
  type KatibClientOptions,
} from './katib-client.js';
import type { KatibExperiment } from './types.js';

/** Options of {@link runOnKatib}. */
export interface RunOnKatibOptions extends FollowOptions {
  /** A client; else one is made from `kube` (kubeconfig or in-cluster credentials). */
  client?: KatibClient;
  kube?: KatibClientOptions;
  /** Namespace (default: the Experiment's, else the credentials'). */
  namespace?: string;
  /** When an Experiment of that name exists: fail (default), follow it, or delete and recreate. */
  ifExists?: 'fail' | 'follow' | 'replace';
  /** Delete the Experiment once finished (as KFP's katib-launcher does by default). */
  deleteWhenDone?: boolean;
}

/** What {@link runOnKatib} returns. */
export interface KatibRunResult {
  experiment: KatibExperiment;
  /** `Succeeded` or `Failed`. */
  condition: string;
  reason?: string;
  best?: BestTrial;
}

/**
 * Runs a Katib Experiment on the cluster and waits for it.
 *
 * @example
 * ```ts
 * const { condition, best } = await runOnKatib(experiment, { namespace: 'team-a', onUpdate: (e) => log(describeExperiment(e)) });
 * ```
 */
export async function runOnKatib(
  experiment: KatibExperiment,
  options: RunOnKatibOptions = {},
): Promise<KatibRunResult> {
  const client = options.client ?? new KatibClient(options.kube);
  const name = experiment.metadata?.name;
  if (!name) throw new KiteError('INVALID_SPEC', 'the Experiment has no metadata.name');
  const namespace = options.namespace ?? experiment.metadata?.namespace ?? client.credentials.namespace;
  try {
    await client.create(experiment, namespace);
  } catch (err) {
    if (!(err instanceof KiteError && err.code === 'ALREADY_EXISTS')) throw err;
    const mode = options.ifExists ?? 'fail';
    if (mode === 'fail')
      throw new KiteError('ALREADY_EXISTS', `Experiment ${namespace}/${name} already exists`, {
        hint: 'follow it (ifExists: follow), replace it, or rename metadata.name',
      });
    if (mode === 'replace') {
      await client.delete(name, namespace);
      await recreate(client, experiment, namespace, options.signal);
    }
  }
  const done = await client.follow(name, namespace, options);
  const c = experimentCondition(done);
  const result: KatibRunResult = { experiment: done, condition: c?.type ?? 'Unknown' };
  if (c?.reason) result.reason = c.reason;
  const best = bestTrial(done);
  if (best) result.best = best;
  if (options.deleteWhenDone) await client.delete(name, namespace);
  return result;
}

/** Creates again after a delete: Kubernetes deletes asynchronously, so a 409 may linger. */
async function recreate(
  client: KatibClient,
  experiment: KatibExperiment,
  namespace: string,
  signal?: AbortSignal,
) {
  for (let i = 0; ; i++) {
    try {
      await client.create(experiment, namespace);
      return;
    } catch (err) {
      if (!(err instanceof KiteError && err.code === 'ALREADY_EXISTS') || i >= 30) throw err;
      await sleep(1000, signal);
    }
  }
}

/**
 * One line about an Experiment: condition, trial counts, best trial.
 * `Running: 4 trials (2 running, 2 succeeded) | best random-x7 accuracy=0.93 (lr=0.01)`
 */
export function describeExperiment(exp: KatibExperiment): string {
  const s = exp.status ?? {};
  const c = experimentCondition(exp);
  const counts = (
    [
      ['running', s.trialsRunning],
      ['pending', s.trialsPending],
      ['succeeded', s.trialsSucceeded],
      ['failed', s.trialsFailed],
      ['killed', s.trialsKilled],
      ['early stopped', s.trialsEarlyStopped],
      ['metrics unavailable', s.trialMetricsUnavailable],
    ] as const
  )
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([label, n]) => `${n} ${label}`);
  let line = `${c?.type ?? 'Pending'}${c?.reason ? ` (${c.reason})` : ''}: ${s.trials ?? 0} trials`;
  if (counts.length > 0) line += ` (${counts.join(', ')})`;
  const best = bestTrial(exp);
  if (best) {
    const metrics = best.metrics.map((m) => `${m.name}=${m.latest ?? m.max ?? m.min}`).join(' ');
    const params = Object.entries(best.parameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    line += ` | best ${best.name} ${metrics} (${params})`;
  }
  return line;
}
