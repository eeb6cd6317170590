/**
 * When to retry a request and how long to wait. Only transient failures are retried:
 * connection errors, 429 (honouring `Retry-After`) and 5xx. Every other 4xx is the caller's
 * mistake and retrying it would only repeat the mistake.
 */
import { KiteError } from '../core/index.js';

/** Backoff settings. */
export interface RetryOptions {
  /** Total tries, first included (default 5). */
  attempts?: number;
  /** First delay in ms (default 250); doubles each try. */
  baseDelayMs?: number;
  /** Largest delay in ms (default 10 000). */
  maxDelayMs?: number;
}

/** True for HTTP statuses worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The delay before try `attempt + 1` (0-based `attempt` = tries made so far − 1): exponential
 * with "equal jitter", or the server's `Retry-After` seconds when given (capped).
 */
export function backoffDelay(
  attempt: number,
  options: RetryOptions = {},
  retryAfter?: string | null,
): number {
  const max = options.maxDelayMs ?? 10_000;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, max);
  }
  const exp = Math.min((options.baseDelayMs ?? 250) * 2 ** attempt, max);
  return exp / 2 + (Math.random() * exp) / 2;
}

/** Waits `ms`, or rejects with `KiteError('CANCELED')` when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new KiteError('CANCELED', 'canceled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new KiteError('CANCELED', 'canceled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
