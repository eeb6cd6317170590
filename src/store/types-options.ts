/**
 * Store types, part 2: the options and patches the store methods take. `types.ts` re-exports
 * everything here.
 */
import type {
  ArtifactRecord,
  ErrorInfo,
  LogStream,
  NewArtifact,
  PortValues,
  ResourceUsage,
  RunRecord,
  RunState,
  TaskRecord,
} from './types.js';

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
