/**
 * The parts of Katib's `kubeflow.org/v1beta1` resources this client reads (camelCase, as the
 * Kubernetes API speaks). The spec is passed through untouched: its full type and validation
 * live with the AutoML module.
 */

/** Kubernetes object metadata (the fields Kite sets or reads). */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  creationTimestamp?: string;
  [more: string]: unknown;
}

/** A condition of an Experiment or Trial. */
export interface KatibCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** One metric of an observation: values are strings, as Katib stores them. */
export interface KatibMetric {
  name: string;
  min?: string;
  max?: string;
  latest?: string;
}

/** `status` of an Experiment (the fields Kite reads). */
export interface KatibExperimentStatus {
  startTime?: string;
  completionTime?: string;
  conditions?: KatibCondition[];
  currentOptimalTrial?: {
    bestTrialName?: string;
    parameterAssignments?: { name: string; value: string }[];
    observation?: { metrics?: KatibMetric[] };
  };
  trials?: number;
  trialsSucceeded?: number;
  trialsFailed?: number;
  trialsKilled?: number;
  trialsPending?: number;
  trialsRunning?: number;
  trialsEarlyStopped?: number;
  trialMetricsUnavailable?: number;
  [more: string]: unknown;
}

/** A Katib Experiment resource. */
export interface KatibExperiment {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: KatibExperimentStatus;
}

/** A Katib Trial resource (the fields Kite reads). */
export interface KatibTrial {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { parameterAssignments?: { name: string; value: string }[]; [more: string]: unknown };
  status?: {
    conditions?: KatibCondition[];
    observation?: { metrics?: KatibMetric[] };
    [more: string]: unknown;
  };
}
