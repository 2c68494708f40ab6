/**
 * Retries for the sandbox steps that a passing outage of the Docker API (or a busy host
 * folder) must not lose: removing a container, killing an exec, removing a slot. Without
 * them a failed step leaks a running container, or leaves a command running.
 */

/** Waits between tries: six tries over about 30 s. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000];

export interface RetryOptions {
  /** Waits between tries; one more try than waits. */
  delaysMs: readonly number[];
  /** Called after each failed try, with the wait before the next one (undefined: last try). */
  onFailure?: (error: unknown, tries: number, nextDelayMs: number | undefined) => void;
  /** Checked before each retry; true stops without another try (the last error is thrown). */
  stop?: () => boolean;
  /**
   * Whether the waits may hold the process open. A dispose must finish before the process
   * exits (else a container leaks); a background kill must not keep an idle process alive.
   * @default true
   */
  holdProcess?: boolean;
}

export async function retrying<T>(step: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await step();
    } catch (error) {
      const wait = options.delaysMs[tries - 1];
      options.onFailure?.(error, tries, wait);
      if (wait === undefined || options.stop?.()) throw error;
      await sleep(wait, options.holdProcess ?? true);
    }
  }
}

export function sleep(ms: number, holdProcess = true): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (!holdProcess) timer.unref();
  });
}
