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

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Options of {@link RunStore.createRun}. */
export interface CreateRunOptions {
  /** Default: a new time-sortable id such as `20261127-133303-a1b2c3d4`. */
  id?: string;
  pipelineName: string;
  /** The compiled PipelineSpec (any JSON). Stored once per digest. */
  spec: unknown;
  /** Default: `digestOf(spec)`. */
  specDigest?: string;
  params?: Record<string, unknown>;
  rootDir: string;
  /** Default `RUNNING` (started now, owned by this process). `PENDING` queues it unowned. */
  state?: 'PENDING' | 'RUNNING';
}

/** Filters of {@link RunStore.listRuns}. */
export interface ListRunsOptions {
  state?: RunState | readonly RunState[];
  pipelineName?: string;
  /** Default 50. */
  limit?: number;
}

/** Options of {@link RunStore.claimRun} and {@link ExperimentStore.claimExperiment}. */
export interface ClaimRunOptions {
  /** A live run whose heartbeat is older than this counts as dead. Default 60 000 ms. */
  staleMs?: number;
  /** Take the run even when its owner looks alive. */
  force?: boolean;
}

/** What {@link MetadataStore.claimRun} did to a run so that it can be resumed. */
export interface ClaimResult {
  run: RunRecord;
  /** Tasks already SUCCEEDED or CACHED, by path: resume must not run them again. */
  completed: Map<string, TaskRecord>;
  /** Tasks put back to PENDING (they were RUNNING, FAILED, SKIPPED or CANCELED). */
  reset: string[];
  /** Attempts that were open when the owner died, now FAILED as interrupted. */
  interruptedAttempts: number;
}

/** Options of {@link TaskStore.ensureTask}. */
export interface EnsureTaskOptions {
  path: string;
  componentName: string;
}

/** Options of {@link TaskStore.startAttempt} and {@link TaskStore.markCached}. */
export interface StartAttemptOptions {
  /** Resolved inputs; artifact ids also get INPUT lineage events. */
  inputs?: PortValues;
  cacheKey?: string | null;
}

/** Options of {@link TaskStore.failAttempt}. */
export interface FailAttemptOptions {
  error: ErrorInfo;
  usage?: ResourceUsage;
  /** A retry follows: the task goes back to PENDING instead of FAILED. */
  retrying?: boolean;
  /** The attempt was canceled (AbortSignal): attempt and task end CANCELED. */
  canceled?: boolean;
}

/** Options of {@link TaskStore.succeedAttempt}. */
export interface SucceedAttemptOptions {
  parameters?: Record<string, unknown>;
  /** Committed output artifacts per output port (a list for `isArtifactList` ports). */
  artifacts?: Record<string, NewArtifact[]>;
  usage?: ResourceUsage;
}

/** A reusable earlier execution, as found by its cache key. */
export interface CacheHit {
  task: TaskRecord;
  /** Its output artifacts, all committed. */
  artifacts: ArtifactRecord[];
}

/** A log line to append. */
export interface LogLineInput {
  stream: LogStream;
  line: string;
  /** Default now. */
  time?: number;
}

/** Filters of {@link ObservationStore.getTaskLogs}. */
export interface GetLogsOptions {
  /** Default: every attempt. */
  attempt?: number;
  stream?: LogStream;
  /** Only lines with `seq` greater than this (for following). */
  afterSeq?: number;
  limit?: number;
}

/** Filters of {@link ObservationStore.listMetrics}. */
export interface ListMetricsOptions {
  runId: string;
  taskId?: number;
  name?: string;
}

/** Options of {@link ExperimentStore.upsertExperiment}. */
export interface UpsertExperimentOptions {
  name: string;
  spec: unknown;
  state: string;
  status?: unknown;
  algorithmState?: unknown;
}

/** Fields of an experiment to change; absent ones are kept. */
export interface UpdateExperimentPatch {
  state?: string;
  status?: unknown;
  algorithmState?: unknown;
}

/** Options of {@link ExperimentStore.createTrial}. */
export interface CreateTrialOptions {
  name: string;
  params: Record<string, unknown>;
  state: string;
  runId?: string | null;
}

/** Fields of a trial to change; absent ones are kept. */
export interface UpdateTrialPatch {
  state?: string;
  observation?: unknown;
  error?: ErrorInfo | null;
  runId?: string | null;
  startedAt?: number | null;
  finishedAt?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Metadata store
// ---------------------------------------------------------------------------------------------

/** Runs: creation, ownership (heartbeat, claim for resume), queries. */
export interface RunStore {
  createRun(options: CreateRunOptions): RunRecord;
  getRun(id: string): RunRecord | undefined;
  /** Like {@link getRun} but throws `NOT_FOUND`. */
  requireRun(id: string): RunRecord;
  /** A full id from a unique prefix (at least 4 characters); throws NOT_FOUND or INVALID_ARGUMENT. */
  resolveRunId(prefix: string): string;
  /** Newest first. */
  listRuns(options?: ListRunsOptions): RunRecord[];
  getSpec(digest: string): unknown;
  /** Refreshes the heartbeat of a run this process owns; false when it is no longer the owner. */
  heartbeat(runId: string): boolean;
  /** Ends a run. Open attempts are closed CANCELED/FAILED with it; PENDING tasks stay PENDING. */
  finishRun(runId: string, state: 'SUCCEEDED' | 'FAILED' | 'CANCELED', error?: ErrorInfo | null): RunRecord;
  /** True when a PENDING/RUNNING run's owner is dead (same host, no such pid) or its heartbeat is stale. */
  isOrphaned(run: RunRecord, staleMs?: number): boolean;
  /**
   * Takes ownership of a run to resume it, atomically: throws `CONFLICT` while another live
   * process owns it. Interrupted attempts become FAILED, every task not SUCCEEDED/CACHED goes
   * back to PENDING, the run becomes RUNNING.
   */
  claimRun(runId: string, options?: ClaimRunOptions): ClaimResult;
}

/** Tasks (executions), their attempts, and caching. */
export interface TaskStore {
  /** The task at `path` in the run, created PENDING if absent (idempotent, for resume). */
  ensureTask(runId: string, options: EnsureTaskOptions): TaskRecord;
  getTask(runId: string, path: string): TaskRecord | undefined;
  getTaskById(id: number): TaskRecord | undefined;
  /** In creation order. */
  listTasks(runId: string): TaskRecord[];
  listAttempts(taskId: number): AttemptRecord[];
  /** Opens attempt n+1: task RUNNING, inputs and cache key recorded, INPUT events written. */
  startAttempt(taskId: number, options?: StartAttemptOptions): AttemptRecord;
  failAttempt(taskId: number, attempt: number, options: FailAttemptOptions): TaskRecord;
  /**
   * Closes an attempt successfully, in one transaction: output artifacts inserted as committed
   * (call only after their content is in place, see `Store.commitTask`), OUTPUT events, task
   * SUCCEEDED with its outputs. Rows of older artifacts with the same URI become uncommitted.
   */
  succeedAttempt(taskId: number, attempt: number, options: SucceedAttemptOptions): TaskRecord;
  /** Marks a task CACHED from an earlier one: outputs copied, OUTPUT events to the same artifacts. */
  markCached(taskId: number, source: CacheHit, options?: StartAttemptOptions): TaskRecord;
  /**
   * Puts a finished task back to PENDING (outputs cleared, attempt history kept), e.g. when the
   * contents of its outputs have vanished. Throws `CONFLICT` while an attempt is open.
   */
  resetTask(taskId: number): TaskRecord;
  /** SKIPPED (false condition, failed upstream) or CANCELED before it started. */
  markTask(taskId: number, state: 'SKIPPED' | 'CANCELED', error?: ErrorInfo | null): TaskRecord;
  /**
   * Latest SUCCEEDED (not CACHED) task with this cache key whose output artifacts are all
   * committed and, when `isPresent` is given, still present.
   */
  findCachedExecution(
    cacheKey: string,
    isPresent?: (artifact: ArtifactRecord) => boolean,
  ): CacheHit | undefined;
  /** Every candidate for a cache key, newest first, committed outputs only (for async checks). */
  listCacheCandidates(cacheKey: string, limit?: number): CacheHit[];
}

/** Artifacts and lineage. */
export interface ArtifactRecordStore {
  getArtifact(id: number): ArtifactRecord | undefined;
  /** All rows with this URI, newest first (an overwritten URI keeps its old, uncommitted rows). */
  getArtifactsByUri(uri: string): ArtifactRecord[];
  /** Records an artifact that no task produced (an importer, a user upload). */
  recordArtifact(artifact: NewArtifact): ArtifactRecord;
  /** Output artifacts of a task, by port. */
  listTaskArtifacts(taskId: number, type: EventType): Array<{ port: string; artifact: ArtifactRecord }>;
  /** `ref` is an artifact id (number or digits) or a URI; throws NOT_FOUND. */
  getLineage(ref: number | string): Lineage;
  /** Marks artifacts whose content is gone as uncommitted, so that caching skips them. */
  markArtifactsMissing(ids: readonly number[]): void;
}

/** Metrics (ctx.report and final metrics) and logs. */
export interface ObservationStore {
  recordMetrics(
    runId: string,
    taskId: number | null,
    values: Record<string, number>,
    step?: number | null,
  ): void;
  listMetrics(options: ListMetricsOptions): MetricRecord[];
  /** Appends lines in one transaction; `seq` continues per (task, attempt). */
  appendLogs(taskId: number, attempt: number, lines: readonly LogLineInput[]): void;
  /** In order of attempt, then seq. */
  getTaskLogs(taskId: number, options?: GetLogsOptions): LogRecord[];
}

/** Generic JSON documents (namespace, key) for modules that need state without a schema change. */
export interface KvStore {
  kvGet<T = unknown>(namespace: string, key: string): KvRecord<T> | undefined;
  kvPut(namespace: string, key: string, value: unknown): void;
  kvDelete(namespace: string, key: string): boolean;
  /** Sorted by key; `prefix` filters keys. */
  kvList<T = unknown>(namespace: string, prefix?: string): KvRecord<T>[];
}

/** AutoML experiments and trials, with ownership like runs so that a killed `kite tune` resumes. */
export interface ExperimentStore {
  /** Creates the experiment, or returns the existing one unchanged. */
  upsertExperiment(options: UpsertExperimentOptions): ExperimentRecord;
  getExperiment(name: string): ExperimentRecord | undefined;
  listExperiments(): ExperimentRecord[];
  updateExperiment(name: string, patch: UpdateExperimentPatch): ExperimentRecord;
  /** Takes ownership (this process) unless a live owner holds it (`CONFLICT`). */
  claimExperiment(name: string, options?: ClaimRunOptions): ExperimentRecord;
  heartbeatExperiment(name: string): boolean;
  createTrial(experimentName: string, options: CreateTrialOptions): TrialRecord;
  updateTrial(id: number, patch: UpdateTrialPatch): TrialRecord;
  /** In creation order. */
  listTrials(experimentName: string): TrialRecord[];
  appendTrialReport(trialId: number, step: number, metrics: Record<string, number>): void;
  /** In step order. */
  listTrialReports(trialId: number): TrialReport[];
}

/**
 * Everything Kite records about runs. Synchronous: the SQLite implementation is in-process and
 * every call is one short transaction. Safe to share one database between processes.
 */
export interface MetadataStore
  extends RunStore,
    TaskStore,
    ArtifactRecordStore,
    ObservationStore,
    KvStore,
    ExperimentStore {
  /** A run with its tasks (creation order), for `kite runs show`; undefined when unknown. */
  getRunDetails(id: string): { run: RunRecord; tasks: TaskRecord[] } | undefined;
  /** Runs `fn` in one transaction (nested calls join it). */
  transaction<T>(fn: () => T): T;
  /** Schema version of the open database. */
  readonly schemaVersion: number;
  close(): void;
}

// ---------------------------------------------------------------------------------------------
// Artifact store
// ---------------------------------------------------------------------------------------------

/** Where a task's outputs go. Each segment must match `[A-Za-z0-9._-]+` (task paths use `/`). */
export interface TaskLocation {
  pipelineName: string;
  runId: string;
  taskPath: string;
}

/**
 * A private scratch area for one attempt of one task. The component writes output `x` at
 * `pathFor('x')` (a file or a directory); nothing is visible at the final URI until commit.
 * `dir` may also hold executor files (output parameter files, `output_metadata.json`).
 */
export interface StagingArea {
  readonly location: TaskLocation;
  readonly dir: string;
  /** Scratch path where the output is written during the attempt. */
  pathFor(outputName: string): string;
  /** The URI the output will have once committed. */
  uriFor(outputName: string): string;
}

/** Content facts of a committed (or digested) artifact. */
export interface ArtifactContent {
  uri: string;
  digest: string;
  sizeBytes: number;
  kind: ArtifactKind;
}

/** Options of {@link ArtifactStore.commit}. */
export interface CommitOptions {
  /** Commit an output the component did not write as kind `none` instead of throwing NOT_FOUND. */
  allowMissing?: boolean;
}

/**
 * Where artifact contents live. The local implementation keeps them under a root directory;
 * an object store can implement the same interface later.
 */
export interface ArtifactStore {
  /** Final URI of an output. Deterministic: the same location gives the same URI. */
  uriFor(location: TaskLocation, outputName: string): string;
  /** A local path for a URI this store owns; throws UNSUPPORTED otherwise. */
  localPath(uri: string): string;
  /** Opens a new scratch area for one attempt. */
  stage(location: TaskLocation): Promise<StagingArea>;
  /**
   * Makes one output final: fsyncs its content, digests it, atomically moves it to its URI
   * (replacing an older content there). After this resolves the content is complete and durable.
   */
  commit(area: StagingArea, outputName: string, options?: CommitOptions): Promise<ArtifactContent>;
  /** Deletes a scratch area (after commit, failure or cancellation). */
  discard(area: StagingArea): Promise<void>;
  /** Writes bytes as the final content of a URI atomically (temp file, fsync, rename). */
  writeAtomic(uri: string, data: string | Uint8Array): Promise<ArtifactContent>;
  exists(uri: string): Promise<boolean>;
  /** Digest of the content at a URI (see `digestPath`); throws NOT_FOUND. */
  digest(uri: string): Promise<ArtifactContent>;
  remove(uri: string): Promise<void>;
  /** Removes scratch areas whose owner process is dead; returns how many. */
  sweepStaging(): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// The store as a whole (what `openStore` returns)
// ---------------------------------------------------------------------------------------------

/** One output artifact to commit at the end of a successful attempt. */
export interface OutputToCommit {
  /** KFP `schemaTitle`, e.g. `system.Dataset`. */
  typeTitle: string;
  /** From `output_metadata.json` (already merged by the caller). */
  metadata?: Record<string, unknown>;
  allowMissing?: boolean;
}

/** Options of {@link Store.commitTask}. */
export interface CommitTaskOptions {
  /** The attempt's scratch area; discarded after a successful commit. */
  area: StagingArea;
  /** Output artifacts by port name. */
  outputs?: Record<string, OutputToCommit>;
  /** Output parameter values by name. */
  parameters?: Record<string, unknown>;
  usage?: ResourceUsage;
}

/**
 * Metadata and artifacts together under one root, with the few operations that must touch
 * both in the right order (contents first, then the metadata transaction).
 */
export interface Store {
  /** Absolute root directory (holds `kite.db` and `artifacts/`). */
  readonly root: string;
  readonly meta: MetadataStore;
  readonly artifacts: ArtifactStore;
  /**
   * Ends an attempt successfully: commits every output's content (fsync + atomic rename), then
   * records artifacts, OUTPUT events and the task SUCCEEDED in one transaction. A crash in
   * between leaves the task not SUCCEEDED, so resume runs it again and overwrites the content.
   */
  commitTask(taskId: number, attempt: number, options: CommitTaskOptions): Promise<TaskRecord>;
  /** {@link TaskStore.findCachedExecution}, checking that the contents still exist. */
  findCached(cacheKey: string): Promise<CacheHit | undefined>;
  /**
   * Claims a run for resume ({@link RunStore.claimRun}), removes dead scratch areas, and drops
   * from `completed` any task whose output contents have vanished (it is reset to PENDING).
   */
  resumeRun(runId: string, options?: ClaimRunOptions): Promise<ClaimResult>;
  close(): void;
}
