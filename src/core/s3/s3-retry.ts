import { isRetryable, S3SyncCancelled } from './s3-errors';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

const CANCEL_POLL_MS = 50;

/**
 * Waits `ms`, checking `shouldCancel` every few milliseconds so Cancel does
 * not have to sit out a long backoff.
 */
export async function cancellableSleep(ms: number, shouldCancel: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (shouldCancel()) throw new S3SyncCancelled('cancelled');
    await new Promise((resolve) => setTimeout(resolve, Math.min(CANCEL_POLL_MS, until - Date.now())));
  }
}

/** Exponential backoff with "full jitter", so many clients that were throttled together do not retry together. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs `op` until it succeeds, fails with something not worth retrying, or
 * the attempts run out; the last error is thrown as is.
 */
export async function withRetry<T>(
  op: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  shouldCancel: () => boolean,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1; ; attempt++) {
    if (shouldCancel()) throw new S3SyncCancelled('cancelled');
    try {
      return await op(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = backoffDelay(attempt, policy);
      onRetry?.(error, attempt, delay);
      await cancellableSleep(delay, shouldCancel);
    }
  }
}
