import { describe, expect, it } from "vitest";
import { Budget } from "../../judges/budget.ts";
import { judgeConfigHash, responseCacheKey } from "../../judges/cache.ts";
import { canonicalJson } from "../../app/core/report/canonical-json.ts";
import { BudgetExhausted } from "../../judges/errors.ts";
import { extractJsonText, parseJsonAnswer } from "../../judges/protocols/json-answer.ts";
import { pairwiseAnswerSchema } from "../../judges/protocols/pairwise.ts";
import { detectRefusal } from "../../judges/refusal.ts";
import { backoffDelayMs, DEFAULT_BACKOFF, retryAfterMs } from "../../judges/retry.ts";
import { Semaphore } from "../../judges/semaphore.ts";

describe("retry timing", () => {
  it("reads retry-after-ms, retry-after seconds and HTTP dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "1" }))).toBe(1000);
    expect(retryAfterMs(new Headers({ "retry-after": "1.5", "retry-after-ms": "250" }))).toBe(250);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it("server waits are a floor with at most 10% jitter, and capped", () => {
    expect(backoffDelayMs(0, 1000, DEFAULT_BACKOFF, () => 0)).toBe(1000);
    expect(backoffDelayMs(0, 1000, DEFAULT_BACKOFF, () => 1)).toBe(1100);
    expect(backoffDelayMs(0, 3_600_000, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.maxRetryAfterMs);
  });

  it("exponential backoff with equal jitter, capped", () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelayMs(n, undefined, p, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([0, 1, 2].map((n) => backoffDelayMs(n, undefined, p, () => 0))).toEqual([50, 100, 200]);
  });
});

describe("cache key", () => {
  const parts = {
    baseURL: "http://h/v1",
    model: "m",
    protocol: "pairwise",
    promptVersion: "pairwise-v1",
    messages: [{ role: "user" as const, content: "x" }],
    params: { temperature: 0, logprobs: true },
  };
  it("is sha256 hex of the canonical JSON, independent of key order and a trailing slash", () => {
    const k = responseCacheKey(parts);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(responseCacheKey({ ...parts, baseURL: "http://h/v1/", params: { logprobs: true, temperature: 0 } })).toBe(k);
  });
  it.each([
    ["endpoint", { baseURL: "http://other/v1" }],
    ["model", { model: "m2" }],
    ["protocol", { protocol: "rubric" }],
    ["prompt version", { promptVersion: "pairwise-v2" }],
    ["messages", { messages: [{ role: "user" as const, content: "y" }] }],
    ["parameters", { params: { temperature: 0.7, logprobs: true } }],
  ])("changes with the %s", (_, change) => {
    expect(responseCacheKey({ ...parts, ...change })).not.toBe(responseCacheKey(parts));
  });
  it("config hash ignores the messages", () => {
    const { messages: _m, ...rest } = parts;
    expect(judgeConfigHash(rest)).toBe(judgeConfigHash({ ...rest }));
    expect(judgeConfigHash({ ...rest, model: "m2" })).not.toBe(judgeConfigHash(rest));
  });
  it("canonical JSON sorts keys deeply and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":2,"y":1}]},"b":1}');
  });
});

describe("budget", () => {
  it("fails fast once spent", () => {
    const b = new Budget({ maxTokens: 100 });
    b.assertAvailable();
    b.charge(60, null);
    b.assertAvailable();
    b.charge(60, null);
    expect(() => b.assertAvailable()).toThrow(BudgetExhausted);
    expect(b.spend).toEqual({ tokens: 120, costUsd: 0, calls: 2 });
  });
});

describe("semaphore", () => {
  it("bounds concurrency and serves waiters in order", async () => {
    const s = new Semaphore(2);
    let inFlight = 0;
    let max = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        s.run(async () => {
          inFlight++;
          max = Math.max(max, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          inFlight--;
        }),
      ),
    );
    expect(max).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("answer parsing", () => {
  it("tolerates code fences and chatter", () => {
    expect(extractJsonText('Sure!\n```json\n{"verdict": "A>B", "reason": "r"}\n```\nThanks')).toBe('{"verdict": "A>B", "reason": "r"}');
    expect(parseJsonAnswer('Here: {"verdict": "B >> A", "reason": "r"}', pairwiseAnswerSchema)).toEqual({ ok: true, value: { verdict: "B>>A", reason: "r" } });
  });
  it("reports why an answer is not valid", () => {
    const r = parseJsonAnswer('{"verdict": "A>>>B", "reason": "r"}', pairwiseAnswerSchema);
    expect(r.ok).toBe(false);
    expect(parseJsonAnswer("no json here", pairwiseAnswerSchema)).toEqual({ ok: false, error: "no JSON object found" });
  });
});

describe("refusal detection", () => {
  it("uses the refusal field, the content filter, or a short apologetic answer", () => {
    expect(detectRefusal(null, "I can't do that")).toBe("I can't do that");
    expect(detectRefusal("", null, "content_filter")).toMatch(/content filter/);
    expect(detectRefusal("I can't help with that.")).toBe("I can't help with that.");
    expect(detectRefusal("I’m sorry, but I cannot assist with this request.")).not.toBeNull();
  });
  it("does not mistake a JSON verdict quoting a refusal, or a normal answer, for one", () => {
    expect(detectRefusal('{"verdict": "A>B", "reason": "B says I can\'t help with that"}')).toBeNull();
    expect(detectRefusal("The capital is Canberra.")).toBeNull();
  });
});
