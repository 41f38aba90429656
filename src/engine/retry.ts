// Retry timing: how long to wait before the next attempt of a failed stage.
import type { RetryPolicy } from '../model/index.js';

export const NO_RETRY: RetryPolicy = { max: 0, delayMs: 0, backoff: 1, maxDelayMs: 0 };

/** Delay before retry number `retry` (1-based): delay * backoff^(retry-1), capped by max_delay. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  const raw = policy.delayMs * Math.pow(policy.backoff, Math.max(0, retry - 1));
  const capped = policy.maxDelayMs > 0 ? Math.min(raw, policy.maxDelayMs) : raw;
  return Math.max(0, Math.round(capped));
}

/** Waits `ms` unless the signal aborts first; resolves false when aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
