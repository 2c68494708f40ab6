/**
 * Backoff for rate limits and transient provider errors: exponential with full jitter,
 * except that a provider's `retry-after` is honoured as given.
 */

export interface RetryPolicy {
  /** Calls in total, the first one included. @default 6 */
  maxAttempts: number;
  /** First backoff before jitter. @default 1000 */
  baseDelayMs: number;
  /** Cap on one backoff (computed or asked for by `retry-after`). @default 60000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

/**
 * Delay before retry number `retry` (0 for the first retry). `random` is in [0, 1); the
 * computed delay is drawn from [d/2, d) so that many attempts hitting the same limit at
 * once do not come back at once.
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return ceiling / 2 + (ceiling / 2) * random();
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
