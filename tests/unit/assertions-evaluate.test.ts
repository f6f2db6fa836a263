import { describe, expect, it } from "vitest";
import { AssertionListSchema } from "../../app/core/assertions/schema.ts";
import { evaluateCase } from "../../app/core/assertions/evaluate.ts";
import { passRates, wilsonInterval } from "../../app/core/assertions/pass-rates.ts";

const list = (x: unknown[]) => AssertionListSchema.parse(x);

describe("case verdicts", () => {
  it("pass when every check holds", () => {
    const v = evaluateCase(list([{ type: "contains", value: "Paris" }, { type: "max_latency_ms", value: 500 }]), { output: "Paris", latencyMs: 120 });
    expect(v.status).toBe("pass");
    expect(v.reason).toBeNull();
    expect(v.checks.map((c) => c.status)).toEqual(["pass", "pass"]);
  });
  it("fail with the reason of the first failing check, even when a rubric is pending", () => {
    const v = evaluateCase(
      list([{ type: "llm_rubric", rubric: "polite" }, { type: "is_json" }, { type: "not_contains", value: "secret" }]),
      { output: "the secret is 42" },
    );
    expect(v.status).toBe("fail");
    expect(v.reason).toMatch(/^is_json: output is not valid JSON/);
  });
  it("pending when only the judge's rubric is undecided", () => {
    const v = evaluateCase(list([{ type: "contains", value: "sorry" }, { type: "llm_rubric", rubric: "polite" }]), { output: "sorry, no" });
    expect(v.status).toBe("pending");
    expect(v.reason).toMatch(/^llm_rubric: awaiting the LLM judge/);
  });
  it("an error output fails; no assertions is 'none'", () => {
    expect(evaluateCase(list([{ type: "contains", value: "x" }]), { output: null, error: "timeout" })).toMatchObject({ status: "fail", reason: "the system returned an error: timeout" });
    expect(evaluateCase([], { output: "x" }).status).toBe("none");
  });
});

describe("pass rates", () => {
  it("per category and suite, with n, pending apart and a Wilson interval", () => {
    const r = passRates([
      { status: "pass", category: "adversarial", suite: "target" },
      { status: "pass", category: "adversarial", suite: "target" },
      { status: "fail", category: "adversarial", suite: "general" },
      { status: "pending", category: "adversarial", suite: "general" },
      { status: "pass", category: "simple", suite: "general" },
      { status: "none", category: "simple", suite: "general" },
    ]);
    expect(r.overall).toMatchObject({ passed: 3, failed: 1, pending: 1, n: 4, rate: 0.75 });
    expect(r.byCategory.adversarial).toMatchObject({ passed: 2, failed: 1, pending: 1, n: 3 });
    expect(r.byCategory.adversarial.rate).toBeCloseTo(2 / 3, 12);
    expect(r.byCategory.simple).toMatchObject({ passed: 1, n: 1, rate: 1 });
    expect(r.bySuite.general).toMatchObject({ passed: 1, failed: 1, pending: 1, n: 2 });
    expect(r.overall.ci95![0]).toBeLessThan(0.75);
    expect(r.overall.ci95![1]).toBeGreaterThan(0.75);
  });
  it("Wilson interval: hand-computed values for 81/263 and 0/10, and n = 0", () => {
    // p̂ = 0.3080, Wilson 95%: [0.2553, 0.3662]
    const [lo, hi] = wilsonInterval(81, 263)!;
    expect(lo).toBeCloseTo(0.2553, 3);
    expect(hi).toBeCloseTo(0.3662, 3);
    const [l0, h0] = wilsonInterval(0, 10)!;
    expect(l0).toBe(0);
    expect(h0).toBeCloseTo(0.2775, 3);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
