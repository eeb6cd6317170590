/** What a running attempt reports to the orchestrator, whichever way it runs. */
import type { LogStream, ResourceUsage } from '../store/index.js';

/** Callbacks and facts of one attempt. */
export interface AttemptIo {
  signal: AbortSignal;
  log(stream: LogStream, line: string): void;
  report(step: number, metrics: Record<string, number>): void;
  progress(done: number, total: number): void;
  task: { pipeline: string; runId: string; task: string; attempt: number };
}

/** Resource usage without the wall time (added by the caller). */
export type Usage = Omit<ResourceUsage, 'wallMs'>;
