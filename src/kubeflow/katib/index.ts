/**
 * Katib on a real cluster: Kubernetes credentials (`kube-config.ts`) and a client for
 * Experiments (`katib-client.ts`). `kite tune --katib` is built on these:
 *
 * ```ts
 * const katib = new KatibClient({ kubeconfig, context });
 * await katib.create(experiment, namespace);
 * const done = await katib.follow(experiment.metadata.name, namespace, { onUpdate: print });
 * console.log(bestTrial(done));
 * // or all in one, for `kite tune --katib`:
 * const { condition, best } = await runOnKatib(experiment, { namespace, onUpdate: (e) => log(describeExperiment(e)) });
 * ```
 *
 * `kite-trial.ts` — `kiteTrialTemplate()`: a trial template that runs one Kite component with
 * `kite execute` in the Kite image and prints its numeric outputs as `name=value` lines for
 * Katib's StdOut collector (intermediate `ctx.report` metrics are not printed in that form).
 *
 * Not here: validating the Experiment (the AutoML module does it as Katib's webhook would; call
 * it before `create`).
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
export { type KiteTrialOptions, kiteTrialTemplate, TRIAL_ROOT } from './kite-trial.js';
export {
  fromKubeConfig,
  fromServiceAccount,
  type KubeConfigOptions,
  type KubeCredentials,
  loadKubeCredentials,
  SERVICE_ACCOUNT_DIR,
} from './kube-config.js';
export {
  describeExperiment,
  type KatibRunResult,
  type RunOnKatibOptions,
  runOnKatib,
} from './run-on-katib.js';
export type * from './types.js';
