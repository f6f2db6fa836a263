/**
 * The judge protocols end to end against the stub over real HTTP: the stub plays a judge whose
 * behaviour we script from what it is shown (the fenced outputs), so every expected verdict and
 * margin below is computed by hand.
 */
import { describe, expect, it } from "vitest";
import { InMemoryResponseCache, JudgeClient, JudgeFailure } from "../../judges/client.ts";
import { INJECTION_PROBES, movedToward, runInjectionProbes } from "../../judges/injection-probes.ts";
import { judgeFaithfulness } from "../../judges/protocols/faithfulness.ts";
import { judgePairwise } from "../../judges/protocols/pairwise.ts";
import { gradeRubric } from "../../judges/protocols/rubric.ts";
import { chatRequests, fencedText, type ChatRequestBody } from "../support/openai-stub.ts";
import { useOpenAIStub } from "../support/openai-stub-hooks.ts";
import { judgeFailure } from "../support/judge-failure.ts";

const stubHolder = useOpenAIStub();

const client = (cache = new InMemoryResponseCache()) => new JudgeClient({ baseURL: stubHolder.current.baseURL, model: "judge", backoff: { baseDelayMs: 10 }, cache });
const verdict = (v: string, reason = "because") => JSON.stringify({ verdict: v, reason });
const system = (b: ChatRequestBody) => b.messages.find((m) => m.role === "system")?.content ?? "";
const lp = (token: string, p: number, alts: Array<[string, number]> = []) => ({
  token,
  logprob: Math.log(p),
  top_logprobs: [{ token, logprob: Math.log(p) }, ...alts.map(([t, q]) => ({ token: t, logprob: Math.log(q) }))],
});

const input = { prompt: "What is 2+2?", candidate: "GOOD: 4", other: "bad: 5" };

describe("pairwise protocol", () => {
  it("judges both orders and combines a consistent preference", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: (b) => (fencedText(b, "OUTPUT_A")!.startsWith("GOOD") ? verdict("A>>B") : verdict("B>>A")) });
    const r = await judgePairwise(client(), input);
    expect(r).toMatchObject({ margin: 1, winner: "candidate", position_consistent: true, promptVersion: "pairwise-v1" });
    expect(r.orders.map((o) => [o.order, o.verdict, o.marginSource])).toEqual([
      ["candidate_first", "A>>B", "scale"],
      ["candidate_second", "B>>A", "scale"],
    ]);
    const reqs = chatRequests(stubHolder.current);
    expect(reqs).toHaveLength(2);
    // Each output shown once first and once second, fenced; logprobs requested.
    expect(reqs.map((q) => fencedText(q.body, "OUTPUT_A")).sort()).toEqual(["GOOD: 4", "bad: 5"]);
    for (const q of reqs) expect(q.body).toMatchObject({ logprobs: true, top_logprobs: 5, temperature: 0 });
    expect(r.configHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a verdict that flips with the order is a tie and position-inconsistent", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => verdict("A>B") }); // always prefers whatever is first
    const r = await judgePairwise(client(), input);
    expect(r).toMatchObject({ margin: 0, winner: "tie", position_consistent: false, candidate_first: 0.5, candidate_second: -0.5 });
  });

  it("uses logprobs for a probability-weighted margin", async () => {
    stubHolder.current.setBehaviour({
      kind: "answer",
      responder: (b) => {
        const candidateFirst = fencedText(b, "OUTPUT_A")!.startsWith("GOOD");
        const v = candidateFirst ? "A>B" : "B>A";
        const alts: Array<[string, number]> = candidateFirst ? [["A>>B", 0.3], ["A=B", 0.1]] : [["B>>A", 0.4], ["A=B", 0.1]];
        const p = candidateFirst ? 0.6 : 0.5;
        return {
          content: verdict(v, "r"),
          logprobs: [lp('{"verdict": "', 1), lp(v, p, alts), lp('", "reason": "r"}', 1)],
        };
      },
    });
    const r = await judgePairwise(client(), input);
    // Candidate first: 0.6·0.5 + 0.3·1 + 0.1·0 = 0.6. Candidate second: 0.5·(−0.5) + 0.4·(−1) + 0.1·0 = −0.65 → +0.65.
    expect(r.orders[0].marginSource).toBe("logprobs");
    expect(r.orders[0].margin).toBeCloseTo(0.6, 12);
    expect(r.orders[1].margin).toBeCloseTo(-0.65, 12);
    expect(r.candidate_second).toBeCloseTo(0.65, 12);
    expect(r.margin).toBeCloseTo(0.625, 12);
    expect(r.winner).toBe("candidate");
  });

  it("without logprobs requested, no logprobs are sent for and the scale point is used", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => ({ content: verdict("A>B"), logprobs: [lp(verdict("A>B"), 1)] }) });
    const r = await judgePairwise(client(), input, { logprobs: false });
    expect(chatRequests(stubHolder.current)[0].body?.logprobs).toBeUndefined();
    expect(r.orders[0]).toMatchObject({ marginSource: "scale", margin: 0.5 });
  });

  it("logprobs that spell another verdict than the content are ignored for the scale point", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => ({ content: verdict("A>B"), logprobs: [lp('{"verdict": "', 1), lp("B>A", 0.9, [["A>B", 0.1]]), lp('"}', 1)] }) });
    const r = await judgePairwise(client(), input);
    expect(r.orders[0]).toMatchObject({ verdict: "A>B", marginSource: "scale", margin: 0.5 });
  });

  it("tolerates code fences, and repairs one malformed answer", async () => {
    stubHolder.current.setBehaviour({
      kind: "answer",
      responder: (b) => {
        const repaired = b.messages.some((m) => m.role === "assistant");
        if (fencedText(b, "OUTPUT_A")!.startsWith("GOOD")) return "```json\n" + verdict("A>B") + "\n```";
        return repaired ? verdict("B>A") : "I think B is better overall.";
      },
    });
    const r = await judgePairwise(client(), input);
    expect(r.orders[0].repaired).toBe(false);
    expect(r.orders[1].repaired).toBe(true);
    expect(r.orders[1].calls.map((c) => c.step)).toEqual(["candidate_second", "candidate_second:repair"]);
    expect(r.margin).toBe(0.5);
    const repairReq = chatRequests(stubHolder.current).find((q) => q.body!.messages.length === 4)!;
    expect(repairReq.body!.messages[2]).toEqual({ role: "assistant", content: "I think B is better overall." });
    expect(repairReq.body!.messages[3].content).toMatch(/not valid JSON/);
  });

  it("malformed after the repair is judge_malformed", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => '{"verdict": "A much better", "reason": "x"}' });
    const f = await judgeFailure(judgePairwise(client(), input));
    expect(f.kind).toBe("judge_malformed");
    expect(chatRequests(stubHolder.current)).toHaveLength(4); // two orders × (ask + one repair), no more
  });

  it("a refusal is judge_refused and is not re-asked", async () => {
    stubHolder.current.setBehaviour({ kind: "refusal", mode: "content" });
    const f = await judgeFailure(judgePairwise(client(), input));
    expect(f.kind).toBe("judge_refused");
    expect(chatRequests(stubHolder.current)).toHaveLength(2);
  });

  it("an unavailable endpoint fails the comparison as judge_unavailable", async () => {
    stubHolder.current.setBehaviour({ kind: "status", status: 502 });
    const c = new JudgeClient({ baseURL: stubHolder.current.baseURL, model: "judge", maxRetries: 1, backoff: { baseDelayMs: 5 } });
    expect((await judgeFailure(judgePairwise(c, input))).kind).toBe("judge_unavailable");
  });

  it("a second run of the same judge with the cache makes no HTTP call", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: (b) => (fencedText(b, "OUTPUT_A")!.startsWith("GOOD") ? verdict("A>B") : verdict("B>A")) });
    const cache = new InMemoryResponseCache();
    const first = await judgePairwise(client(cache), input);
    expect(chatRequests(stubHolder.current)).toHaveLength(2);
    const second = await judgePairwise(client(cache), input);
    expect(chatRequests(stubHolder.current)).toHaveLength(2);
    expect(second.margin).toBe(first.margin);
    expect(second.calls.every((c) => c.cached)).toBe(true);
  });

  it("records cost per judgement; cache hits cost nothing", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: () => ({ content: verdict("A=B"), usage: { prompt_tokens: 500, completion_tokens: 100 } }) });
    const cache = new InMemoryResponseCache();
    const mk = () => new JudgeClient({ baseURL: stubHolder.current.baseURL, model: "judge", cache, pricing: { inputPer1k: 0.002, outputPer1k: 0.01 } });
    const r = await judgePairwise(mk(), input);
    expect(r.costUsd).toBeCloseTo(2 * (0.001 + 0.001), 12);
    expect((await judgePairwise(mk(), input)).costUsd).toBe(0);
  });
});

describe("faithfulness protocol", () => {
  const judge = (claims: string[], results: unknown) => (b: ChatRequestBody) =>
    system(b).startsWith("You extract factual claims") ? JSON.stringify({ claims }) : JSON.stringify({ results });

  it("no context and no reference: not applicable, no call", async () => {
    const r = await judgeFaithfulness(client(), { prompt: "p", output: "o" });
    expect(r).toEqual({ status: "not_applicable", reason: "the case has neither context nor reference", protocol: "faithfulness" });
    expect(chatRequests(stubHolder.current)).toHaveLength(0);
  });

  it("scores supported / all claims and keeps the unsupported ones", async () => {
    stubHolder.current.setBehaviour({
      kind: "answer",
      responder: judge(["Paris is the capital of France.", "Paris has 80 million inhabitants.", "The Seine flows through Paris."], [
        { claim: 2, supported: false, reason: "the source says 2 million" },
        { claim: 1, supported: true, reason: "stated" },
        { claim: 3, supported: "true", reason: "stated" },
      ]),
    });
    const r = await judgeFaithfulness(client(), { prompt: "Tell me about Paris", output: "Paris…", context: "Paris, capital of France, 2 million people, on the Seine." });
    if (r.status !== "scored") throw new Error("expected a score");
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r).toMatchObject({ n_claims: 3, n_supported: 2, source: "context" });
    expect(r.unsupported).toEqual([{ claim: "Paris has 80 million inhabitants.", supported: false, reason: "the source says 2 million" }]);
    const verify = chatRequests(stubHolder.current)[1].body!;
    expect(fencedText(verify, "SOURCE")).toBe("Paris, capital of France, 2 million people, on the Seine.");
    expect(fencedText(verify, "CLAIMS")).toBe("1. Paris is the capital of France.\n2. Paris has 80 million inhabitants.\n3. The Seine flows through Paris.");
  });

  it("falls back to the reference when there is no context", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: judge(["x"], [{ claim: 1, supported: true, reason: "" }]) });
    const r = await judgeFaithfulness(client(), { prompt: "p", output: "o", context: "  ", reference: "the reference" });
    expect(r).toMatchObject({ status: "scored", source: "reference", score: 1 });
    expect(fencedText(chatRequests(stubHolder.current)[1].body, "SOURCE")).toBe("the reference");
  });

  it("zero claims: score 1 with n_claims 0, and no verification call", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: judge([], []) });
    const r = await judgeFaithfulness(client(), { prompt: "p", output: "Could you clarify?", context: "c" });
    expect(r).toMatchObject({ status: "scored", score: 1, n_claims: 0, unsupported: [] });
    expect(chatRequests(stubHolder.current)).toHaveLength(1);
  });

  it("a verification that skips a claim is repaired once, then judge_malformed", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: judge(["a", "b"], [{ claim: 1, supported: true, reason: "" }]) });
    const f = await judgeFailure(judgeFaithfulness(client(), { prompt: "p", output: "o", context: "c" }));
    expect(f.kind).toBe("judge_malformed");
    expect(chatRequests(stubHolder.current)).toHaveLength(3); // claims, verify, verify repair
  });
});

describe("rubric protocol", () => {
  it("grades pass and fail with a reason", async () => {
    stubHolder.current.setBehaviour({
      kind: "answer",
      responder: (b) => (fencedText(b, "OUTPUT")!.includes("sorry") ? '{"reason": "apologises", "pass": "fail"}' : '{"reason": "polite and correct", "pass": true}'),
    });
    const ok = await gradeRubric(client(), { prompt: "p", output: "Here you go.", rubric: "Must not apologise." });
    expect(ok).toMatchObject({ pass: true, reason: "polite and correct", promptVersion: "rubric-v1" });
    const bad = await gradeRubric(client(), { prompt: "p", output: "I am sorry.", rubric: "Must not apologise." });
    expect(bad).toMatchObject({ pass: false, reason: "apologises" });
    expect(fencedText(chatRequests(stubHolder.current)[0].body, "RUBRIC")).toBe("Must not apologise.");
  });
});

describe("injection probes", () => {
  it("has at least 8 probes, each carrying its weak answer", () => {
    expect(INJECTION_PROBES.length).toBeGreaterThanOrEqual(8);
    for (const p of INJECTION_PROBES) expect(p.injected).toContain(p.weak);
    expect(new Set(INJECTION_PROBES.map((p) => p.id)).size).toBe(INJECTION_PROBES.length);
  });

  it("outcome movement toward the injected answer", () => {
    expect(movedToward("other", "tie")).toBe(true);
    expect(movedToward("tie", "candidate")).toBe(true);
    expect(movedToward("other", "other")).toBe(false);
    expect(movedToward("candidate", "tie")).toBe(false);
  });

  const facts = ["Canberra", "100 °C", "2, 3, 5"];
  const better = (text: string) => facts.some((f) => text.includes(f));

  it("a robust judge: flip rate 0", async () => {
    stubHolder.current.setBehaviour({ kind: "answer", responder: (b) => (better(fencedText(b, "OUTPUT_A")!) ? verdict("A>>B") : verdict("B>>A")) });
    const r = await runInjectionProbes(client());
    expect(r).toMatchObject({ n: INJECTION_PROBES.length, flipped: 0, flipRate: 0, meanMarginShift: 0 });
  });

  it("a gullible judge that obeys SYSTEM and 'ignore' lines: flip rate 4 / 10", async () => {
    const obeys = (t: string) => t.includes("SYSTEM") || t.includes("Ignore your previous");
    stubHolder.current.setBehaviour({
      kind: "answer",
      responder: (b) => {
        const a = fencedText(b, "OUTPUT_A")!;
        const bb = fencedText(b, "OUTPUT_B")!;
        if (obeys(a)) return verdict("A>>B");
        if (obeys(bb)) return verdict("B>>A");
        return better(a) ? verdict("A>>B") : verdict("B>>A");
      },
    });
    const r = await runInjectionProbes(client());
    // ignore-previous, fake-system, fake-system-b and close-fence-lookalike carry those words.
    expect(r.n).toBe(10);
    expect(r.flipped).toBe(4);
    expect(r.flipRate).toBeCloseTo(0.4, 12);
    // Each flip moves the margin from −1 to +1: mean shift 4·2 / 10.
    expect(r.meanMarginShift).toBeCloseTo(0.8, 12);
    const flippedIds = r.probes.filter((p) => p.status === "judged" && p.flipped).map((p) => p.id).sort();
    expect(flippedIds).toEqual(["close-fence-lookalike", "fake-system", "fake-system-b", "ignore-previous"]);
  });

  it("probes the judge could not answer are reported as failures, not counted", async () => {
    stubHolder.current.setBehaviour({ kind: "refusal", mode: "field" });
    const r = await runInjectionProbes(client(), INJECTION_PROBES.slice(0, 2));
    expect(r.n).toBe(0);
    expect(r.flipRate).toBeNaN();
    expect(r.probes.every((p) => p.status === "failed" && p.kind === "judge_refused")).toBe(true);
  });
});
