/**
 * The judge client against the OpenAI-compatible stub over real HTTP, with the real openai client.
 */
import { describe, expect, it } from "vitest";
import { BudgetExhausted, InMemoryResponseCache, JudgeClient, JudgeFailure, type JudgeClientConfig } from "../../judges/client.ts";
import { chatRequests, startOpenAIStub } from "../support/openai-stub.ts";
import { useOpenAIStub } from "../support/openai-stub-hooks.ts";
import { judgeFailure } from "../support/judge-failure.ts";

const stubHolder = useOpenAIStub();

const ask = (text: string) => ({ messages: [{ role: "user" as const, content: text }], protocol: "test", promptVersion: "test-v1" });
/** Short base delay so 5xx retries do not slow the suite; Retry-After tests do not use it. */
const client = (over: Partial<JudgeClientConfig> = {}) =>
  new JudgeClient({ baseURL: stubHolder.current.baseURL, model: "stub-model", backoff: { baseDelayMs: 20 }, ...over });

describe("judge client over HTTP", () => {
  it("returns content, usage, cost and latency; sends model and messages on the wire", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => ({ content: "hello", usage: { prompt_tokens: 1000, completion_tokens: 500 } }) });
    const c = client({ pricing: { inputPer1k: 0.01, outputPer1k: 0.03 } });
    const r = await c.complete({ ...ask("hi"), params: { temperature: 0 } });
    expect(r.content).toBe("hello");
    expect(r.usage).toEqual({ prompt_tokens: 1000, completion_tokens: 500 });
    expect(r.costUsd).toBeCloseTo(0.01 + 0.015, 10);
    expect(r.attempts).toBe(1);
    expect(r.refusal).toBeNull();
    expect(r.cached).toBe(false);
    const [req] = chatRequests(stubHolder.current);
    expect(req.body?.model).toBe("stub-model");
    expect(req.body?.messages).toEqual([{ role: "user", content: "hi" }]);
    expect(req.body?.temperature).toBe(0);
  });

  it("waits for a slow answer and reports its latency", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", delayMs: 300 });
    const r = await client().complete(ask("slow"));
    expect(r.latencyMs).toBeGreaterThanOrEqual(280);
  });

  it("honours Retry-After on 429: waits about a second, then succeeds", async () => {
    stubHolder.current.enqueue({ kind: "status", status: 429, retryAfter: 1 });
    const t0 = performance.now();
    const r = await client().complete(ask("rate limited"));
    const elapsed = performance.now() - t0;
    expect(r.content).toBe("ok");
    expect(r.attempts).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(980);
    expect(elapsed).toBeLessThan(2500);
    const [first, second] = chatRequests(stubHolder.current);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("honours retry-after-ms too", async () => {
    stubHolder.current.enqueue({ kind: "status", status: 429, retryAfterMs: 300 });
    const t0 = performance.now();
    await client({ backoff: { baseDelayMs: 5_000 } }).complete(ask("rate limited ms"));
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
  });

  it("retries 500 twice, then succeeds", async () => {
    stubHolder.current.enqueue({ kind: "status", status: 500 }, { kind: "status", status: 500 });
    const r = await client().complete(ask("flaky"));
    expect(r.content).toBe("ok");
    expect(r.attempts).toBe(3);
    expect(chatRequests(stubHolder.current)).toHaveLength(3);
  });

  it("5xx after all retries is judge_unavailable", async () => {
    stubHolder.current.setBehaviour({ kind: "status", status: 503 });
    const f = await judgeFailure(client({ maxRetries: 2 }).complete(ask("down")));
    expect(f.kind).toBe("judge_unavailable");
    expect(f.attempts).toBe(3);
    expect(f.status).toBe(503);
    expect(chatRequests(stubHolder.current)).toHaveLength(3);
  });

  it("does not retry a 400: the endpoint rejects the request as configured", async () => {
    stubHolder.current.setBehaviour({ kind: "status", status: 400 });
    const f = await judgeFailure(client().complete(ask("bad")));
    expect(f.kind).toBe("judge_unavailable");
    expect(chatRequests(stubHolder.current)).toHaveLength(1);
  });

  it("a hanging endpoint times out, is retried, then is judge_unavailable", async () => {
    stubHolder.current.setBehaviour({ kind: "hang" });
    const t0 = performance.now();
    const f = await judgeFailure(client({ timeoutMs: 200, maxRetries: 1 }).complete(ask("hang")));
    expect(f.kind).toBe("judge_unavailable");
    expect(f.message).toMatch(/timed out/);
    expect(f.attempts).toBe(2);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(chatRequests(stubHolder.current)).toHaveLength(2);
  });

  it("connection refused is judge_unavailable", async () => {
    const dead = await startOpenAIStub();
    const url = dead.baseURL;
    await dead.close();
    const f = await judgeFailure(new JudgeClient({ baseURL: url, model: "m", maxRetries: 1, backoff: { baseDelayMs: 10 } }).complete(ask("x")));
    expect(f.kind).toBe("judge_unavailable");
    expect(f.message).toMatch(/ECONNREFUSED|connection/i);
  });

  it("no endpoint configured is judge_unavailable without any call", async () => {
    const c = new JudgeClient({ model: "m" });
    expect(c.configured).toBe(false);
    const f = await judgeFailure(c.complete(ask("x")));
    expect(f.kind).toBe("judge_unavailable");
    expect(f.message).toMatch(/no judge endpoint configured/);
  });

  it("a body that is not JSON is judge_malformed and not retried", async () => {
    stubHolder.current.setBehaviour({ kind: "malformed" });
    const f = await judgeFailure(client().complete(ask("garbled")));
    expect(f.kind).toBe("judge_malformed");
    expect(chatRequests(stubHolder.current)).toHaveLength(1);
  });

  it("a JSON body that is not a chat completion is judge_malformed", async () => {
    stubHolder.current.setBehaviour({ kind: "status", status: 200, body: { id: "x", choices: [] } });
    const f = await judgeFailure(client().complete(ask("empty choices")));
    expect(f.kind).toBe("judge_malformed");
  });

  it("reports refusals from message.refusal and from apologetic content", async () => {
    stubHolder.current.enqueue({ kind: "refusal", mode: "field" }, { kind: "refusal", mode: "content" });
    const c = client();
    const a = await c.complete(ask("r1"));
    const b = await c.complete(ask("r2"));
    expect(a.refusal).toMatch(/can't assist/);
    expect(b.refusal).toMatch(/can't help/);
  });

  it("a cache hit makes no second HTTP call", async () => {
    const cache = new InMemoryResponseCache();
    const c1 = client({ cache });
    const first = await c1.complete(ask("cache me"));
    const c2 = client({ cache }); // a second run of the same judge
    const second = await c2.complete(ask("cache me"));
    expect(chatRequests(stubHolder.current)).toHaveLength(1);
    expect(second.cached).toBe(true);
    expect(second.attempts).toBe(0);
    expect(second.content).toBe(first.content);
    expect(second.cacheKey).toBe(first.cacheKey);
    // A different parameter is a different request.
    await c2.complete({ ...ask("cache me"), params: { temperature: 0.5 } });
    expect(chatRequests(stubHolder.current)).toHaveLength(2);
  });

  it("identical requests in flight together make one HTTP call", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", delayMs: 100 });
    const c = client();
    const rs = await Promise.all([c.complete(ask("same")), c.complete(ask("same")), c.complete(ask("same"))]);
    expect(chatRequests(stubHolder.current)).toHaveLength(1);
    expect(rs.filter((r) => r.cached)).toHaveLength(2);
  });

  it("refusals are not cached: a re-run asks again", async () => {
    stubHolder.current.enqueue({ kind: "refusal", mode: "field" });
    const c = client();
    expect((await c.complete(ask("refuse once"))).refusal).not.toBeNull();
    expect((await c.complete(ask("refuse once"))).refusal).toBeNull();
    expect(chatRequests(stubHolder.current)).toHaveLength(2);
  });

  it("budget exhaustion stops the run cleanly: in-flight calls finish, later ones fail fast without HTTP", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", delayMs: 50, responder: () => ({ content: "x", usage: { prompt_tokens: 60, completion_tokens: 40 } }) });
    const c = client({ concurrency: 2, budget: { maxTokens: 250 } });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => c.complete(ask(`q${i}`))));
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // Two go out (100 tokens each); then two more (200 < 250); when those land 400 >= 250 and the rest fail fast.
    expect(ok).toBe(4);
    expect(failed).toHaveLength(6);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(BudgetExhausted);
      expect((f.reason as JudgeFailure).kind).toBe("budget_exhausted");
    }
    expect(chatRequests(stubHolder.current)).toHaveLength(4);
    const before = chatRequests(stubHolder.current).length;
    const f = await judgeFailure(c.complete(ask("after")));
    expect(f.kind).toBe("budget_exhausted");
    expect(chatRequests(stubHolder.current)).toHaveLength(before);
    expect(c.budget.spend.tokens).toBe(400);
  });

  it("a cost budget is enforced from the configured prices", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => ({ content: "x", usage: { prompt_tokens: 1000, completion_tokens: 0 } }) });
    const c = client({ concurrency: 1, budget: { maxCostUsd: 0.025 }, pricing: { inputPer1k: 0.01, outputPer1k: 0 } });
    for (let i = 0; i < 3; i++) await c.complete(ask(`c${i}`));
    const f = await judgeFailure(c.complete(ask("c3")));
    expect(f.kind).toBe("budget_exhausted");
    expect(chatRequests(stubHolder.current)).toHaveLength(3);
  });

  it("respects the concurrency limit across calls", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", delayMs: 60 });
    const c = client({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.complete(ask(`p${i}`))));
    expect(chatRequests(stubHolder.current)).toHaveLength(12);
    expect(stubHolder.current.maxInFlight).toBe(3);
  });

  it("reaches 32 concurrent requests (no connection pool cap below that)", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", delayMs: 150 });
    const c = client({ concurrency: 32 });
    await Promise.all(Array.from({ length: 64 }, (_, i) => c.complete(ask(`w${i}`))));
    expect(stubHolder.current.maxInFlight).toBe(32);
  });

  it("asks for logprobs and returns them in the wire format", async () => {
    stubHolder.current.setBehaviour({
      kind: "answer",
      responder: () => ({ content: "hi", logprobs: [{ token: "hi", logprob: -0.1, top_logprobs: [{ token: "hi", logprob: -0.1 }, { token: "yo", logprob: -2.5 }] }] }),
    });
    const r = await client().complete({ ...ask("lp"), params: { logprobs: true, top_logprobs: 2 } });
    expect(chatRequests(stubHolder.current)[0].body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(r.logprobs).toEqual([{ token: "hi", logprob: -0.1, top_logprobs: [{ token: "hi", logprob: -0.1 }, { token: "yo", logprob: -2.5 }] }]);
  });
});
