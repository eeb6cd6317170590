/**
 * Katib on a real cluster: Kubernetes credentials (`kube-config.ts`) and a client for
 * Experiments (`katib-client.ts`). `kite tune --katib` is built on these:
 *
 * ```ts
 * const katib = new KatibClient({ kubeconfig, context });
 * await katib.create(experiment, namespace);
 * const done = await katib.follow(experiment.metadata.name, namespace, { onUpdate: print });
 * console.log(bestTrial(done));
 * ```
 */
export {
  type BestTrial,
  bestTrial,
  experimentCondition,
  type FollowOptions,
  isExperimentDone,
  KatibClient,
  type KatibClientOptions,
} from './katib-client.js';
export {
  fromKubeConfig,
  fromServiceAccount,
  type KubeConfigOptions,
  type KubeCredentials,
  loadKubeCredentials,
  SERVICE_ACCOUNT_DIR,
} from './kube-config.js';
export type * from './types.js';
