/**
 * The Katib `kubeflow.org/v1beta1` Experiment as Go's JSON tags spell it
 * (`pkg/apis/controller/experiments/v1beta1/experiment_types.go`,
 * `pkg/apis/controller/common/v1beta1/common_types.go`). Feasible-space bounds and algorithm
 * settings are strings on the wire, exactly as in Katib.
 */

export const PARAMETER_TYPES = ['int', 'double', 'categorical', 'discrete', 'unknown'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export const DISTRIBUTIONS = ['uniform', 'logUniform', 'normal', 'logNormal', 'unknown'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export const OBJECTIVE_TYPES = ['minimize', 'maximize'] as const;
export type ObjectiveType = (typeof OBJECTIVE_TYPES)[number];

export const METRIC_STRATEGIES = ['min', 'max', 'latest'] as const;
export type MetricStrategyValue = (typeof METRIC_STRATEGIES)[number];

export const RESUME_POLICIES = ['Never', 'LongRunning', 'FromVolume'] as const;
export type ResumePolicy = (typeof RESUME_POLICIES)[number];

/** `Push` was called `None` before Katib PR #2369; both are accepted on input. */
export const COLLECTOR_KINDS = [
  'StdOut',
  'File',
  'TensorFlowEvent',
  'PrometheusMetric',
  'Custom',
  'Push',
  'None',
] as const;
export type CollectorKind = (typeof COLLECTOR_KINDS)[number];

/** `feasibleSpace`: every bound is a string, as in Katib. */
export interface FeasibleSpace {
  min?: string;
  max?: string;
  step?: string;
  list?: string[];
  distribution?: string;
}

export interface ParameterSpec {
  name: string;
  parameterType: string;
  feasibleSpace: FeasibleSpace;
}

export interface MetricStrategy {
  name: string;
  value: string;
}

export interface ObjectiveSpec {
  type?: string;
  goal?: number;
  objectiveMetricName?: string;
  additionalMetricNames?: string[];
  metricStrategies?: MetricStrategy[];
}

export interface AlgorithmSetting {
  name: string;
  value: string;
}

export interface AlgorithmSpec {
  algorithmName?: string;
  algorithmSettings?: AlgorithmSetting[];
}

export interface FileSystemPath {
  path?: string;
  kind?: string;
  format?: string;
}

export interface SourceSpec {
  fileSystemPath?: FileSystemPath;
  httpGet?: { path?: string; port?: number | string; [k: string]: unknown };
  filter?: { metricsFormat?: string[] };
}

export interface MetricsCollectorSpec {
  source?: SourceSpec;
  collector?: { kind?: string; customCollector?: Record<string, unknown> };
}

export interface TrialParameterSpec {
  name: string;
  description?: string;
  reference: string;
}

export interface TrialTemplate {
  retain?: boolean;
  trialSpec?: Record<string, unknown>;
  configMap?: { configMapName?: string; configMapNamespace?: string; templatePath?: string };
  trialParameters?: TrialParameterSpec[];
  primaryPodLabels?: Record<string, string>;
  primaryContainerName?: string;
  successCondition?: string;
  failureCondition?: string;
}

export interface NasConfig {
  graphConfig?: { numLayers?: number; inputSizes?: number[]; outputSizes?: number[] };
  operations?: { operationType: string; parameters?: ParameterSpec[] }[];
}

export interface ExperimentSpec {
  parameters?: ParameterSpec[];
  objective?: ObjectiveSpec;
  algorithm?: AlgorithmSpec;
  earlyStopping?: AlgorithmSpec;
  trialTemplate?: TrialTemplate;
  parallelTrialCount?: number;
  maxTrialCount?: number;
  maxFailedTrialCount?: number;
  metricsCollectorSpec?: MetricsCollectorSpec;
  nasConfig?: NasConfig;
  resumePolicy?: string;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A whole Experiment resource. `status` is kept when present but never validated. */
export interface Experiment {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: ExperimentSpec;
  status?: unknown;
}

/** One metric of an observation, values as strings like Katib (`unavailable` when missing). */
export interface Metric {
  name: string;
  min: string;
  max: string;
  latest: string;
}

export interface ParameterAssignment {
  name: string;
  value: string;
}
