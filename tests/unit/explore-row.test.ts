import { describe, expect, it } from "vitest";
import { exploreRow, humanOutcome, judgeOutcome } from "../../app/core/explore/row";
import { parseExploreQuery, exploreHref } from "../../app/core/explore/filters";

describe("explorer outcomes (definitions of app/core/explore/filters.ts)", () => {
  it("human outcome: the mean vote against ½, from the candidate's side; adjudication wins", () => {
    // a, b, tie: scores 1, 0, ½ → mean ½ → tie.
    expect(humanOutcome(["a", "b", "tie"], null, true)).toBe("tie");
    // a, a, b: mean ⅔ → win for a candidate on side a, loss when the candidate is b.
    expect(humanOutcome(["a", "a", "b"], null, true)).toBe("win");
    expect(humanOutcome(["a", "a", "b"], null, false)).toBe("loss");
    // both_bad counts ½: a, both_bad → ¾ → win.
    expect(humanOutcome(["a", "both_bad"], null, true)).toBe("win");
    expect(humanOutcome(["a", "a", "a"], "b", true)).toBe("loss");
    expect(humanOutcome([], null, true)).toBe("none");
  });
  it("judge outcome: a flip (null) is a tie, no verdict is none", () => {
    expect(judgeOutcome("a", false)).toBe("loss");
    expect(judgeOutcome("b", false)).toBe("win");
    expect(judgeOutcome(null, true)).toBe("tie");
    expect(judgeOutcome(undefined, true)).toBe("none");
  });
  it("a case row: assertions, identical after trimming, disagreement, missing", () => {
    const row = exploreRow({
      assertions: [{ type: "equals", value: "refund" }],
      candidate: { id: 1, text: " refund\n", error: null, latency_ms: 10 },
      baseline: { id: 2, text: "refund", error: null, latency_ms: 10 },
      rubrics: [],
      votes: ["a", "a"],
      adjudicated: null,
      candidateIsA: true,
      judgeWinner: "b",
    });
    expect(row.identical).toBe(true);
    expect(row.human).toBe("win");
    expect(row.judge).toBe("loss");
    expect(row.disagree).toBe(true);
    expect(row.missing).toBe(false);
    const err = exploreRow({ assertions: [{ type: "equals", value: "x" }], candidate: { id: 1, text: null, error: "timeout", latency_ms: null }, baseline: null, rubrics: [], votes: [], adjudicated: null, candidateIsA: true, judgeWinner: undefined });
    expect(err.cand_assert).toBe("fail");
    expect(err.base_assert).toBe("none");
    expect(err.missing).toBe(true);
    expect(err.identical).toBe(false);
    expect(err.disagree).toBe(false);
  });
  it("query parameters: parsed, refused with the parameter's name, and written back", () => {
    const ok = parseExploreQuery(new URLSearchParams("suite=target&assert=fail&flagged=1&after=40&q="));
    expect(ok).toEqual({ ok: true, filters: { suite: "target", assert: "fail", flagged: true }, page: { after: 40, limit: 25 } });
    const bad = parseExploreQuery(new URLSearchParams("human=maybe"));
    expect(bad.ok === false && bad.error).toContain("human");
    const unknown = parseExploreQuery(new URLSearchParams("colour=red"));
    expect(unknown.ok === false && unknown.error).toContain("colour");
    expect(exploreHref(3, { suite: "target", assert: "fail", identical: true, category: undefined })).toBe("/evals/3/explore?suite=target&assert=fail&identical=1");
  });
});
