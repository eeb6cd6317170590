/**
 * Katib's defaulting webhook (`experiment_defaults.go`), as a pure function: returns a new
 * Experiment with the defaults filled in and never touches its input.
 */
import type { Experiment, MetricStrategy } from './types.js';

/** `DefaultTrialParallelCount` in Katib. */
export const DEFAULT_PARALLEL_TRIAL_COUNT = 3;
/** Katib defaults `resumePolicy` to `Never` (the type comment says LongRunning; the code says Never). */
export const DEFAULT_RESUME_POLICY = 'Never';
export const DEFAULT_FILE_PATH = '/var/log/katib/metrics.log';
export const DEFAULT_TFEVENT_DIR = '/var/log/katib/tfevent/';
export const DEFAULT_PROMETHEUS_PATH = '/metrics';
export const DEFAULT_PROMETHEUS_PORT = 8080;

export const DEFAULT_JOB_SUCCESS_CONDITION = 'status.conditions.#(type=="Complete")#|#(status=="True")#';
export const DEFAULT_JOB_FAILURE_CONDITION = 'status.conditions.#(type=="Failed")#|#(status=="True")#';
export const DEFAULT_KUBEFLOW_SUCCESS_CONDITION =
  'status.conditions.#(type=="Succeeded")#|#(status=="True")#';
export const DEFAULT_KUBEFLOW_FAILURE_CONDITION = 'status.conditions.#(type=="Failed")#|#(status=="True")#';
export const DEFAULT_TRAINJOB_SUCCESS_CONDITION = 'status.conditions.#(type=="Complete")#|#(status=="True")#';
export const DEFAULT_TRAINJOB_FAILURE_CONDITION = 'status.conditions.#(type=="Failed")#|#(status=="True")#';
const KUBEFLOW_PRIMARY_LABELS = { 'training.kubeflow.org/job-role': 'master' };
const TRAINJOB_PRIMARY_LABELS = {
  'jobset.sigs.k8s.io/replicatedjob-name': 'node',
  'batch.kubernetes.io/job-completion-index': '0',
};
const KUBEFLOW_JOB_KINDS = new Set(['TFJob', 'PyTorchJob', 'XGBoostJob', 'MPIJob', 'TrainJob']);

/**
 * Fills Katib's defaults: parallelTrialCount 3, resumePolicy Never, metric strategies
 * (min for minimize, max for maximize — additional metrics too, as Katib's code does),
 * success/failure conditions and primary pod labels by trial kind, the metrics collector
 * (StdOut; File/TensorFlowEvent/Prometheus paths) and `distribution: uniform`.
 *
 * @example
 * ```ts
 * const full = applyDefaults(experiment);
 * full.spec.parallelTrialCount; // 3 unless set
 * ```
 */
export function applyDefaults(input: Experiment): Experiment {
  const e = structuredClone(input);
  const spec = e.spec;
  spec.parallelTrialCount ??= DEFAULT_PARALLEL_TRIAL_COUNT;
  if (!spec.resumePolicy) spec.resumePolicy = DEFAULT_RESUME_POLICY;

  const obj = spec.objective;
  if (obj) {
    obj.metricStrategies ??= [];
    const byType = (name: string): MetricStrategy => ({
      name,
      value: obj.type === 'minimize' ? 'min' : obj.type === 'maximize' ? 'max' : 'latest',
    });
    const have = new Set(obj.metricStrategies.map((s) => s.name));
    if (!have.has(obj.objectiveMetricName ?? ''))
      obj.metricStrategies.push(byType(obj.objectiveMetricName ?? ''));
    for (const m of obj.additionalMetricNames ?? []) {
      if (!have.has(m)) obj.metricStrategies.push(byType(m));
    }
  }

  const t = spec.trialTemplate;
  if (t?.trialSpec) {
    const kind = t.trialSpec.kind;
    if (kind === 'Job') {
      t.successCondition ||= DEFAULT_JOB_SUCCESS_CONDITION;
      t.failureCondition ||= DEFAULT_JOB_FAILURE_CONDITION;
    } else if (typeof kind === 'string' && KUBEFLOW_JOB_KINDS.has(kind)) {
      const trainJob = kind === 'TrainJob';
      t.successCondition ||= trainJob
        ? DEFAULT_TRAINJOB_SUCCESS_CONDITION
        : DEFAULT_KUBEFLOW_SUCCESS_CONDITION;
      t.failureCondition ||= trainJob
        ? DEFAULT_TRAINJOB_FAILURE_CONDITION
        : DEFAULT_KUBEFLOW_FAILURE_CONDITION;
      if (!t.primaryPodLabels || Object.keys(t.primaryPodLabels).length === 0)
        t.primaryPodLabels = { ...(trainJob ? TRAINJOB_PRIMARY_LABELS : KUBEFLOW_PRIMARY_LABELS) };
    }
  }

  spec.metricsCollectorSpec ??= {};
  const mc = spec.metricsCollectorSpec;
  mc.collector ??= { kind: 'StdOut' };
  switch (mc.collector.kind) {
    case 'PrometheusMetric': {
      mc.source ??= {};
      mc.source.httpGet ??= {};
      if (!mc.source.httpGet.path) mc.source.httpGet.path = DEFAULT_PROMETHEUS_PATH;
      if (mc.source.httpGet.port === undefined || String(mc.source.httpGet.port) === '0')
        mc.source.httpGet.port = DEFAULT_PROMETHEUS_PORT;
      break;
    }
    case 'File': {
      mc.source ??= {};
      mc.source.fileSystemPath ??= {};
      const fp = mc.source.fileSystemPath;
      fp.kind ||= 'File';
      fp.path ||= DEFAULT_FILE_PATH;
      fp.format ||= 'TEXT';
      break;
    }
    case 'TensorFlowEvent': {
      mc.source ??= {};
      mc.source.fileSystemPath ??= {};
      const fp = mc.source.fileSystemPath;
      fp.kind ||= 'Directory';
      fp.path ||= DEFAULT_TFEVENT_DIR;
      break;
    }
  }
  for (const p of spec.parameters ?? []) {
    p.feasibleSpace ??= {};
    if (!p.feasibleSpace.distribution) p.feasibleSpace.distribution = 'uniform';
  }
  return e;
}
