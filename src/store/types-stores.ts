/**
 * Store types, part 3: the metadata store interfaces and the artifact store. `types.ts`
 * re-exports everything here.
 */
import type {
  ArtifactKind,
  ArtifactRecord,
  AttemptRecord,
  ErrorInfo,
  EventType,
  ExperimentRecord,
  KvRecord,
  Lineage,
  LogRecord,
  MetricRecord,
  NewArtifact,
  ResourceUsage,
  RunRecord,
  TaskRecord,
  TrialRecord,
  TrialReport,
} from './types.js';
import type {
  CacheHit,
  ClaimResult,
  ClaimRunOptions,
  CreateRunOptions,
  CreateTrialOptions,
  EnsureTaskOptions,
  FailAttemptOptions,
  GetLogsOptions,
  ListMetricsOptions,
  ListRunsOptions,
  LogLineInput,
  StartAttemptOptions,
  SucceedAttemptOptions,
  UpdateExperimentPatch,
  UpdateTrialPatch,
  UpsertExperimentOptions,
} from './types-options.js';

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
