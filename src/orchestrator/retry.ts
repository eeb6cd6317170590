/** Retry backoff as KFP's `retryPolicy` describes it, and an abortable sleep. */
import type { PipelineTaskSpec } from '../ir/index.js';

/** Seconds of a protobuf Duration string such as `30s` or `1.5s` (0 when absent or invalid). */
export function durationSeconds(text: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(text?.trim() ?? '');
  return m ? Number(m[1]) : 0;
}

/**
 * Delay before retry `attempt + 1`: `backoffDuration × backoffFactor^(attempt-1)`, capped at
 * `backoffMaxDuration` (default one hour), as Argo's retry strategy computes it.
 */
export function retryDelayMs(policy: PipelineTaskSpec['retryPolicy'], attempt: number): number {
  if (!policy) return 0;
  const base = durationSeconds(policy.backoffDuration);
  const factor = policy.backoffFactor ?? 2;
  const max = policy.backoffMaxDuration ? durationSeconds(policy.backoffMaxDuration) : 3600;
  return Math.min(base * factor ** Math.max(0, attempt - 1), max) * 1000;
}

/** Waits `ms`, or less when `signal` aborts first (then resolves too). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
