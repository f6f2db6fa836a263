/**
 * A submit that survives a database restart (issue 16 item 1), for the annotator page and any
 * annotation tool on the JSON API. While the database is away the server answers
 * 503 {"error": "database unavailable, retry"} with Retry-After; a network error means the answer
 * was lost on the way. Either way the same request is sent again: a judgment submit is idempotent
 * (201 the first time it is recorded, 200 "already recorded" after), so a retry never records twice.
 *
 * Browser-safe: fetch and timers only, no server imports.
 */
export interface RetryOptions {
  /** Give up after this long in total (default 60 s) and return the last answer. */
  deadlineMs?: number;
  /** Told before each wait, e.g. to show "Saving… the database is restarting". */
  onWait?: (info: { attempt: number; waitMs: number; reason: string }) => void;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const MAX_WAIT_MS = 10_000;

/** The wait a 503 asks for (Retry-After in seconds), else a doubling back-off from 0.5 s. */
export function retryWaitMs(retryAfter: string | null, attempt: number): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  const asked = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 500 * 2 ** (attempt - 1);
  return Math.min(asked, MAX_WAIT_MS);
}

export async function fetchWithOutageRetry(url: string, init: RequestInit, options: RetryOptions = {}): Promise<Response> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + (options.deadlineMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    let res: Response | null = null;
    let reason: string;
    try {
      res = await fetchImpl(url, init);
      if (res.status !== 503) return res;
      reason = "the database is unavailable";
    } catch (err) {
      reason = `network error: ${(err as Error).message}`;
    }
    const waitMs = retryWaitMs(res?.headers.get("retry-after") ?? null, attempt);
    if (now() + waitMs > deadline) {
      if (res) return res;
      throw new Error(`gave up after ${attempt} attempts: ${reason}`);
    }
    options.onWait?.({ attempt, waitMs, reason });
    await sleep(waitMs);
  }
}

/** POST /api/tasks/:id/judgment with retries; resolves to the final answer's status and body. */
export async function submitJudgmentWithRetry(taskId: string, judgment: Record<string, unknown>, options: RetryOptions = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetchWithOutageRetry(
    `/api/tasks/${encodeURIComponent(taskId)}/judgment`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(judgment), credentials: "same-origin" },
    options,
  );
  return { status: res.status, body: await res.json().catch(() => null) };
}
