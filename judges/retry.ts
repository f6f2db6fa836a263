/**
 * When and how long to wait before trying a call again. The client does its own retrying
 * (the openai client is built with maxRetries: 0) so that it can count attempts, cap a server's
 * Retry-After, and apply one jitter policy to every transient failure.
 */

export interface BackoffPolicy {
  /** First exponential delay; doubles per retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it, so one header cannot stall a run for an hour. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * Milliseconds a response asks us to wait: `retry-after-ms` (OpenAI/Azure), else `retry-after`
 * as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get("retry-after");
  if (ra === null || ra.trim() === "") return undefined;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Delay before retry number `retry` (0-based). A server-given wait is honoured as a floor with up
 * to 10% added, so many calls rate-limited together do not return in lock-step; otherwise
 * exponential backoff with "equal jitter" (half fixed, half random) keeps a minimum spacing.
 */
export function backoffDelayMs(retry: number, serverWaitMs: number | undefined, policy: BackoffPolicy, random: () => number = Math.random): number {
  if (serverWaitMs !== undefined) {
    const wait = Math.min(serverWaitMs, policy.maxRetryAfterMs);
    return wait + wait * 0.1 * random();
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return cap / 2 + (cap / 2) * random();
}

/** Statuses worth another attempt: request timeout, lock conflict, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
