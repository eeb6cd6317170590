/** Public types of the local orchestrator: options of a run, its events and its result. */
import type { AnyComponent } from '../dsl/index.js';
import type { JsonValue, PipelineSpec } from '../ir/index.js';
import type { ArtifactRecord, ErrorInfo, ResourceUsage, RunState, Store, TaskState } from '../store/index.js';

/** How each task runs: in this process (fast) or one `kite execute` subprocess per task. */
export const ISOLATIONS = ['inprocess', 'process'] as const;
/** See {@link ISOLATIONS}. */
export type Isolation = (typeof ISOLATIONS)[number];

/** What a running pipeline tells its caller (the CLI draws progress from these). */
export type RunEvent =
  | { type: 'run'; runId: string; pipelineName: string; resumed: boolean }
  | {
      type: 'task';
      path: string;
      state: TaskState;
      attempt: number;
      durationMs?: number;
      error?: ErrorInfo;
    }
  | { type: 'progress'; path: string; done: number; total: number }
  | { type: 'retry'; path: string; attempt: number; delayMs: number; error: ErrorInfo };

/** Options of {@link runPipeline}. */
export interface RunPipelineOptions {
  /** The compiled pipeline (the IR). The orchestrator never looks at DSL objects. */
  spec: PipelineSpec;
  store: Store;
  /** Values of the pipeline's input parameters (defaults fill the rest). Already typed. */
  params?: Record<string, JsonValue>;
  /**
   * Components by name, when the caller already has them (tests, `kite run file.ts`). Otherwise
   * each executor's `--module` is imported (once per module) and searched for `--component`.
   */
  components?: ReadonlyMap<string, AnyComponent>;
  /** Directory `--module` paths are relative to (default `process.cwd()`). */
  cwd?: string;
  /** Most executor tasks running at once (default `os.availableParallelism()`). */
  concurrency?: number;
  isolation?: Isolation;
  /** Turn the cache off for every task. */
  noCache?: boolean;
  /** Resume this run instead of starting a new one (spec and params come from the store). */
  resumeRunId?: string;
  /** Take a resumed run even if its owner looks alive. */
  force?: boolean;
  /** Cancels the run: running tasks get the signal, the run ends CANCELED. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Scale of retry backoffs (1 = as the spec says; tests use 0.001). */
  backoffScale?: number;
}

/** The outputs of one task as downstream tasks see them. */
export interface TaskOutputs {
  parameters: Record<string, JsonValue>;
  artifacts: Record<string, ArtifactRecord[]>;
}

/** One executor task of a finished run. */
export interface TaskSummary {
  path: string;
  componentName: string;
  state: TaskState;
  attempts: number;
  durationMs: number | null;
  usage: ResourceUsage | null;
  error: ErrorInfo | null;
  outputs: { parameters: Record<string, unknown>; artifacts: Record<string, string[]> };
}

/** What {@link runPipeline} returns. */
export interface RunResult {
  runId: string;
  pipelineName: string;
  state: Extract<RunState, 'SUCCEEDED' | 'FAILED' | 'CANCELED'>;
  error: ErrorInfo | null;
  tasks: TaskSummary[];
  /** The pipeline's own outputs (root DAG outputs). */
  outputs: TaskOutputs;
}
