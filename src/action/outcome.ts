/** What one run of the action found out, whatever the mode: the input of gates, summary and comment. */

/** One task of the run. */
export interface TaskOutcome {
  /** DAG path, e.g. `train` or `for-loop-2/iteration-0/evaluate`. */
  path: string;
  component?: string;
  state: string;
  durationMs: number | null;
  error?: string;
  /** `file:line:col` of the user's code that failed, when known (absolute or relative). */
  errorFrame?: string;
}

/** One final metric (a number in the metadata of a `system.Metrics` output). */
export interface MetricOutcome {
  task: string;
  name: string;
  value: number;
}

/** One data-quality check (from a `check-data` task's scan result). */
export interface DataCheckOutcome {
  task: string;
  name: string;
  outcome: 'pass' | 'warn' | 'fail' | 'not evaluated';
  /** The checks file and line, as the scan recorded them. */
  file?: string;
  line?: number;
  detail?: string;
}

/** A Markdown section a task produced (e.g. a check report or a model card), shown as is. */
export interface ReportOutcome {
  task: string;
  title: string;
  markdown: string;
}

/** The best trial of a tuning task (a `tune-*` component's `bestParameters` / `bestMetrics`). */
export interface TuningOutcome {
  task: string;
  bestParameters: Record<string, unknown>;
  /** Metric name → latest value of the best trial. */
  bestMetrics: Record<string, number>;
}

/** An output the report cannot show inline (HTML plots, model cards): named, with its path. */
export interface ArtifactOutcome {
  task: string;
  port: string;
  type: string;
  /** Path on the runner, relative to the working directory when inside it. */
  path: string;
}

/** The result of running or submitting the pipeline. */
export interface RunOutcome {
  mode: 'local' | 'kubeflow';
  pipelineName: string;
  runId: string;
  /** Link to the run (Kubeflow UI), when there is one. */
  runUrl?: string;
  /** SUCCEEDED, FAILED, CANCELED, … or SUBMITTED when not waited for. */
  state: string;
  error?: string;
  tasks: TaskOutcome[];
  metrics: MetricOutcome[];
  dataChecks: DataCheckOutcome[];
  reports: ReportOutcome[];
  tuning: TuningOutcome[];
  artifacts: ArtifactOutcome[];
  /** The pipeline graph with task states, as Mermaid flowchart text. */
  graph?: string;
  /** Seconds from start to end as the action saw them. */
  seconds: number;
}

/** True when the run's state counts as a success. */
export function succeeded(outcome: RunOutcome): boolean {
  // As `kite submit`: a KFP run that was SKIPPED as a whole did not fail.
  return outcome.state === 'SUCCEEDED' || outcome.state === 'SUBMITTED' || outcome.state === 'SKIPPED';
}
