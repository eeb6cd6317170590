/**
 * The store's public types: records as the metadata store returns them, and the two
 * interfaces ({@link MetadataStore}, {@link ArtifactStore}) that the orchestrator, AutoML, the
 * CLI and the dashboard program against. Times are epoch milliseconds; ids of runs are strings,
 * ids of tasks, artifacts and trials are integers.
 */

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

/** Every {@link RunState}. */
export const RUN_STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED'] as const;
/** State of a run. PENDING and RUNNING are live; the others are terminal. */
export type RunState = (typeof RUN_STATES)[number];

/** Every {@link TaskState}. */
export const TASK_STATES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'SKIPPED',
  'CACHED',
  'CANCELED',
] as const;
/**
 * State of a task (one execution of one node of the pipeline in one run). RUNNING means an
 * attempt is open; a task waiting for a retry is PENDING again. CACHED means its outputs were
 * taken from an earlier SUCCEEDED task with the same cache key.
 */
export type TaskState = (typeof TASK_STATES)[number];

/** Task states whose outputs are final: resume and downstream tasks reuse them. */
export const COMPLETED_TASK_STATES = ['SUCCEEDED', 'CACHED'] as const satisfies readonly TaskState[];

/** Every {@link AttemptState}. */
export const ATTEMPT_STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED'] as const;
/** State of one attempt of a task. */
export type AttemptState = (typeof ATTEMPT_STATES)[number];

/** Every {@link EventType}. */
export const EVENT_TYPES = ['INPUT', 'OUTPUT'] as const;
/** Direction of a lineage event between a task and an artifact. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Every {@link LogStream}. */
export const LOG_STREAMS = ['stdout', 'stderr', 'log'] as const;
/** `log` is the component's own `ctx.log`; the others are captured process streams. */
export type LogStream = (typeof LOG_STREAMS)[number];

/** How an artifact's content is laid out: one file, a directory tree, or nothing written. */
export type ArtifactKind = 'file' | 'dir' | 'none';

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

/** A failure as stored: the message, and the stack (with the user's frame) when known. */
export interface ErrorInfo {
  message: string;
  stack?: string;
  /** A `KiteError` code when the failure was one. */
  code?: string;
}

/** Cost of one attempt (or, on a task, the sum over its attempts; RSS is the maximum). */
export interface ResourceUsage {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
}

/** The process that owns a live run. A run whose owner is dead can be claimed and resumed. */
export interface Owner {
  pid: number;
  host: string;
}

/** A pipeline run. */
export interface RunRecord {
  id: string;
  pipelineName: string;
  /** Digest of the compiled spec; {@link MetadataStore.getSpec} returns the spec itself. */
  specDigest: string;
  params: Record<string, unknown>;
  state: RunState;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: ErrorInfo | null;
  /** The Kite root directory the run was started with. */
  rootDir: string;
  owner: Owner | null;
  heartbeatAt: number | null;
}

/** Resolved values of a task's inputs or outputs: parameter values, and artifact ids per port. */
export interface PortValues {
  parameters: Record<string, unknown>;
  artifacts: Record<string, number[]>;
}

export interface TaskRecord {
  id: number;
  runId: string;
  /** Path of the task in the DAG, e.g. `for-loop-2/iteration-0/train`. Unique within a run. */
  path: string;
  componentName: string;
  state: TaskState;
  /** Number of attempts started so far. */
  attempts: number;
  cacheKey: string | null;
  /** For a CACHED task: the task whose outputs were reused. */
  cachedFromTaskId: number | null;
  inputs: PortValues | null;
  outputs: PortValues | null;
  error: ErrorInfo | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  usage: ResourceUsage | null;
}

/** One try of a task (retries make several). */
export interface AttemptRecord {
  taskId: number;
  /** 1-based. */
  attempt: number;
  state: AttemptState;
  startedAt: number;
  finishedAt: number | null;
  error: ErrorInfo | null;
  usage: ResourceUsage | null;
}

/** An artifact: where its content is, what it is, and whether it is complete. */
export interface ArtifactRecord {
  id: number;
  uri: string;
  /** KFP `schemaTitle`, e.g. `system.Model`. */
  typeTitle: string;
  /** `sha256:<hex>` of the content (see `digestPath`); null only for uncommitted rows. */
  digest: string | null;
  sizeBytes: number | null;
  kind: ArtifactKind;
  metadata: Record<string, unknown>;
  createdAt: number;
  /** True once the content is complete at `uri`. Never true for a half-written artifact. */
  committed: boolean;
  /** The task that wrote it; null for imported artifacts. */
  producerTaskId: number | null;
}

/** What the metadata store needs to record one committed artifact. */
export interface NewArtifact {
  uri: string;
  typeTitle: string;
  digest: string;
  sizeBytes: number;
  kind: ArtifactKind;
  metadata?: Record<string, unknown>;
}

/** A lineage edge: a task read (INPUT) or wrote (OUTPUT) an artifact through a port. */
export interface EventRecord {
  taskId: number;
  artifactId: number;
  type: EventType;
  /** Input or output port name. */
  port: string;
  /** Position within a list port (`isArtifactList`); 0 otherwise. */
  index: number;
  createdAt: number;
}

/** One end of a lineage edge, with enough context for `kite lineage` to print it. */
export interface LineageEntry {
  event: EventRecord;
  task: TaskRecord;
  run: Pick<RunRecord, 'id' | 'pipelineName' | 'state' | 'createdAt'>;
}

/** Where an artifact came from and where it went, across runs. */
export interface Lineage {
  artifact: ArtifactRecord;
  /** Tasks with an OUTPUT event (the producer, and CACHED tasks that reused it). */
  producedBy: LineageEntry[];
  /** Tasks with an INPUT event, across runs, oldest first. */
  consumedBy: LineageEntry[];
}

/** One metric value (from `ctx.report` or final metrics). */
export interface MetricRecord {
  runId: string;
  taskId: number | null;
  step: number | null;
  name: string;
  value: number;
  createdAt: number;
}

/** One log line of one attempt. */
export interface LogRecord {
  runId: string;
  taskId: number;
  attempt: number;
  stream: LogStream;
  /** 0-based, per (task, attempt), in append order. */
  seq: number;
  line: string;
  time: number;
}

/** A JSON document in the generic key-value table. */
export interface KvRecord<T = unknown> {
  namespace: string;
  key: string;
  value: T;
  updatedAt: number;
}

/** An AutoML experiment (e.g. a Katib Experiment run locally). */
export interface ExperimentRecord {
  name: string;
  /** The experiment spec (e.g. a Katib Experiment with defaults filled in). */
  spec: unknown;
  /** Free-form state string owned by the caller (e.g. Katib's `Running`, `Succeeded`). */
  state: string;
  /** Free-form status document (e.g. Katib's status with `currentOptimalTrial`). */
  status: unknown;
  /** Opaque search-algorithm state, saved so that a killed experiment resumes where it was. */
  algorithmState: unknown;
  owner: Owner | null;
  heartbeatAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One trial of an experiment. */
export interface TrialRecord {
  id: number;
  experimentName: string;
  name: string;
  /** Parameter assignments. */
  params: Record<string, unknown>;
  /** Free-form state owned by the caller (e.g. `Running`, `EarlyStopped`, `MetricsUnavailable`). */
  state: string;
  /** Final observation (e.g. Katib's metrics with min/max/latest). */
  observation: unknown;
  error: ErrorInfo | null;
  /** The pipeline run behind the trial, when it runs as one. */
  runId: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** An intermediate report of a trial (for early stopping). */
export interface TrialReport {
  trialId: number;
  step: number;
  metrics: Record<string, number>;
  time: number;
}

export * from './types-options.js';
export * from './types-stores.js';
