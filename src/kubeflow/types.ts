/**
 * Wire types of the Kubeflow Pipelines REST API v2beta1, spelled exactly as the server speaks
 * them: the API server marshals with proto field names (`UseProtoNames: true`), so every field
 * is snake_case, and int64 fields travel as JSON strings. Source: the official swagger files
 * (`fixtures/*.swagger.json`, copied from kubeflow/pipelines `backend/api/v2beta1/swagger/`).
 *
 * Only fields the swagger defines appear here; the client never sends anything else. Responses
 * may carry more (newer servers): they are tolerated and passed through untouched.
 */

/** `v2beta1RuntimeState`. */
export const RUN_STATES = [
  'RUNTIME_STATE_UNSPECIFIED',
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'SKIPPED',
  'FAILED',
  'CANCELING',
  'CANCELED',
  'PAUSED',
] as const;
export type RunState = (typeof RUN_STATES)[number];

/** States after which a run never changes again (KFP's own client forgets CANCELED). */
export const TERMINAL_RUN_STATES: readonly RunState[] = ['SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELED'];

/** True when a run in `state` is finished. */
export function isTerminalState(state: string | undefined): boolean {
  return (TERMINAL_RUN_STATES as readonly string[]).includes(state ?? '');
}

/** `googleRpcStatus`: the error body of every failed call, and `error` fields of resources. */
export interface RpcStatus {
  code?: number;
  message?: string;
  details?: unknown[];
}

export type StorageState = 'STORAGE_STATE_UNSPECIFIED' | 'AVAILABLE' | 'ARCHIVED';

/** `v2beta1RuntimeConfig`. */
export interface RuntimeConfig {
  parameters?: Record<string, unknown>;
  pipeline_root?: string;
}

/** `v2beta1PipelineVersionReference` (version omitted → the latest version). */
export interface PipelineVersionReference {
  pipeline_id?: string;
  pipeline_version_id?: string;
}

/** `v2beta1RuntimeStatus`. */
export interface RuntimeStatus {
  update_time?: string;
  state?: RunState;
  error?: RpcStatus;
}

/** `v2beta1PipelineTaskDetail` (the fields Kite reads; others pass through). */
export interface PipelineTaskDetail {
  run_id?: string;
  task_id?: string;
  display_name?: string;
  create_time?: string;
  start_time?: string;
  end_time?: string;
  state?: RunState;
  execution_id?: string;
  error?: RpcStatus;
  parent_task_id?: string;
  pod_name?: string;
  state_history?: RuntimeStatus[];
  [more: string]: unknown;
}

/** `v2beta1Run`. `pipeline_spec` and `pipeline_version_reference` are a oneof. */
export interface Run {
  experiment_id?: string;
  run_id?: string;
  display_name?: string;
  storage_state?: StorageState;
  description?: string;
  pipeline_spec?: Record<string, unknown>;
  pipeline_version_reference?: PipelineVersionReference;
  runtime_config?: RuntimeConfig;
  service_account?: string;
  created_at?: string;
  scheduled_at?: string;
  finished_at?: string;
  state?: RunState;
  error?: RpcStatus;
  run_details?: {
    pipeline_context_id?: string;
    pipeline_run_context_id?: string;
    task_details?: PipelineTaskDetail[];
  };
  recurring_run_id?: string;
  state_history?: RuntimeStatus[];
}

/** `v2beta1Pipeline`. */
export interface Pipeline {
  pipeline_id?: string;
  display_name?: string;
  name?: string;
  description?: string;
  created_at?: string;
  namespace?: string;
  error?: RpcStatus;
  tags?: Record<string, string>;
}

/** `v2beta1PipelineVersion`. */
export interface PipelineVersion {
  pipeline_id?: string;
  pipeline_version_id?: string;
  display_name?: string;
  name?: string;
  description?: string;
  created_at?: string;
  package_url?: { pipeline_url?: string };
  code_source_url?: string;
  pipeline_spec?: Record<string, unknown>;
  error?: RpcStatus;
  tags?: Record<string, string>;
}

/** `v2beta1Experiment`. */
export interface Experiment {
  experiment_id?: string;
  display_name?: string;
  description?: string;
  created_at?: string;
  namespace?: string;
  storage_state?: StorageState;
  last_run_created_at?: string;
}

/** `v2beta1Trigger`: exactly one of the two schedules. */
export interface Trigger {
  cron_schedule?: { start_time?: string; end_time?: string; cron?: string };
  /** `interval_second` is an int64: a decimal string on the wire. */
  periodic_schedule?: { start_time?: string; end_time?: string; interval_second?: string };
}

/** `v2beta1RecurringRun`. `max_concurrency` (1–10) is an int64 string. */
export interface RecurringRun {
  recurring_run_id?: string;
  display_name?: string;
  description?: string;
  pipeline_spec?: Record<string, unknown>;
  pipeline_version_reference?: PipelineVersionReference;
  runtime_config?: RuntimeConfig;
  service_account?: string;
  max_concurrency?: string;
  trigger?: Trigger;
  mode?: 'MODE_UNSPECIFIED' | 'ENABLE' | 'DISABLE';
  created_at?: string;
  updated_at?: string;
  status?: 'STATUS_UNSPECIFIED' | 'ENABLED' | 'DISABLED';
  error?: RpcStatus;
  no_catchup?: boolean;
  namespace?: string;
  experiment_id?: string;
}

/** `v2beta1GetHealthzResponse`. */
export interface Healthz {
  multi_user?: boolean;
  pipeline_store?: string;
}

/** Paging and sorting of every `List…` call. */
export interface ListOptions {
  pageSize?: number;
  pageToken?: string;
  /** e.g. `"created_at desc"`. */
  sortBy?: string;
  /** A filter built with `filter()` (see `filter.ts`) or the raw `Filter` JSON object. */
  filter?: Filter;
  namespace?: string;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  totalSize: number;
  nextPageToken?: string;
}

/** `v2beta1PredicateOperation`. */
export type PredicateOperation =
  | 'EQUALS'
  | 'NOT_EQUALS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUALS'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUALS'
  | 'IN'
  | 'IS_SUBSTRING';

/** `v2beta1Predicate` (the value is a oneof). */
export interface Predicate {
  operation: PredicateOperation;
  key: string;
  int_value?: number;
  long_value?: string;
  string_value?: string;
  timestamp_value?: string;
  int_values?: { values: number[] };
  long_values?: { values: string[] };
  string_values?: { values: string[] };
}

/** `v2beta1Filter`, sent URL-encoded as JSON in the `filter` query parameter. */
export interface Filter {
  predicates: Predicate[];
}
