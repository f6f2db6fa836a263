/** The annotator's retrying submit (issue 16 item 1): retries 503s and lost answers, never others. */
import { describe, expect, it } from "vitest";
import { fetchWithOutageRetry, retryWaitMs } from "../../app/components/annotate/submit-retry.ts";

const outage = () => new Response(JSON.stringify({ error: "database unavailable, retry" }), { status: 503, headers: { "retry-after": "2" } });

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), waited: () => t };
}

describe("the retrying submit", () => {
  it("waits what Retry-After asks (capped at 10 s), else doubles from 0.5 s", () => {
    expect(retryWaitMs("2", 1)).toBe(2000);
    expect(retryWaitMs("600", 1)).toBe(10_000);
    expect([1, 2, 3, 4, 5, 6].map((a) => retryWaitMs(null, a))).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
  });

  it("sends the same request again through an outage and a lost answer, then returns the server's answer", async () => {
    const clock = fakeClock();
    const bodies: string[] = [];
    const answers: (() => Response)[] = [
      outage,
      () => {
        throw new TypeError("fetch failed");
      },
      () => new Response(JSON.stringify({ status: "already recorded" }), { status: 200 }),
    ];
    const waits: number[] = [];
    const res = await fetchWithOutageRetry(
      "/api/tasks/t/judgment",
      { method: "POST", body: '{"choice":"left"}' },
      {
        ...clock,
        fetchImpl: (async (_url: string, init: RequestInit) => {
          bodies.push(String(init.body));
          return answers.shift()!();
        }) as typeof fetch,
        onWait: (w) => waits.push(w.waitMs),
      },
    );
    expect(res.status).toBe(200);
    expect(bodies).toEqual(['{"choice":"left"}', '{"choice":"left"}', '{"choice":"left"}']);
    // 2 s from Retry-After, then the back-off's second step (1 s) after the lost answer.
    expect(waits).toEqual([2000, 1000]);
  });

  it("does not retry a refusal, and gives up at the deadline with the last 503", async () => {
    const clock = fakeClock();
    let calls = 0;
    const gone = await fetchWithOutageRetry("/x", {}, { ...clock, fetchImpl: (async () => (calls++, new Response("{}", { status: 410 }))) as typeof fetch });
    expect([gone.status, calls]).toEqual([410, 1]);
    const down = await fetchWithOutageRetry("/x", {}, { ...clock, deadlineMs: 7000, fetchImpl: (async () => outage()) as typeof fetch });
    expect(down.status).toBe(503);
    // Waits of 2 s fit three times in 7 s; the fourth would pass the deadline.
    expect(clock.waited()).toBe(6000);
  });
});
