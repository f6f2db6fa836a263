/**
 * Issue 13, pure parts: slice flags only when the slice can tell, gate explanations in the gate's own
 * unit, the sign-off policy, and the clustered preference with identical pairs (hand-computed figures).
 */
import { describe, expect, it } from "vitest";
import { gateStatus } from "../../../app/core/report/gate-evaluation.ts";
import { formatGateValue } from "../../../app/core/report/gate-units.ts";
import { identicalOutputs } from "../../../app/core/report/identical.ts";
import { exclusionFilter, exclusionHref } from "../../../app/core/report/exclusions.ts";
import { preference, type PreferenceItem } from "../../../app/core/report/preference.ts";
import { sliceStatus } from "../../../app/core/report/regressions.ts";
import { checkSignoff } from "../../../app/core/report/signoff-policy.ts";

describe("slice flags (item 7)", () => {
  it("flags only beyond the threshold with an interval excluding 0 and n >= min_n", () => {
    expect(sliceStatus(-0.2, [-0.35, -0.05], 20, 0.05, 10)).toBe("regression");
    expect(sliceStatus(0.2, [0.05, 0.35], 20, 0.05, 10)).toBe("gain");
    // Beyond the threshold but the interval contains 0: within noise.
    expect(sliceStatus(-0.2, [-0.45, 0.05], 20, 0.05, 10)).toBe("within_noise");
    expect(sliceStatus(-0.2, [-0.4, 0], 20, 0.05, 10)).toBe("within_noise");
    expect(sliceStatus(-0.2, null, 20, 0.05, 10)).toBe("within_noise");
    // Too few cases: never flagged, whatever the interval.
    expect(sliceStatus(-0.5, [-0.8, -0.3], 9, 0.05, 10)).toBe("below_min_n");
    // Inside the threshold.
    expect(sliceStatus(-0.04, [-0.06, -0.02], 200, 0.05, 10)).toBe("within_threshold");
  });
});

describe("gate explanations in the gate's unit (item 7)", () => {
  const rule = { comparator: ">=" as const, min_n: 1, decide_on: "bound" as const };
  it("points for a delta of rates, % for a rate, × for a ratio, ms for latency", () => {
    expect(gateStatus({ ...rule, threshold: 0.05, metric: "assertion_pass_rate", mode: "delta" }, { value: 0.03, n: 40, ci95: [-0.02, 0.08] }).explanation).toBe(
      "the 95% interval [−2.0 pts, +8.0 pts] straddles the threshold +5.0 pts",
    );
    expect(gateStatus({ ...rule, threshold: 0.6, metric: "human_win_rate", mode: "value" }, { value: 0.638, n: 45, ci95: [0.61, 0.66] }).explanation).toBe(
      "the whole 95% interval [61.0%, 66.0%] is >= 60.0%",
    );
    expect(gateStatus({ ...rule, comparator: "<=", threshold: 2, metric: "latency_p99", mode: "ratio", decide_on: "point" }, { value: 2.5, n: 60, ci95: [2.1, 2.9] }).explanation).toBe(
      "2.50× misses <= 2.00×",
    );
    expect(formatGateValue("latency_p50", "value", 812.4)).toBe("812 ms");
    expect(formatGateValue("latency_p50", "delta", -12)).toBe("−12 ms");
    expect(formatGateValue("bleu", "value", 31.25)).toBe("31.25");
    expect(formatGateValue("error_rate", "relative", -0.125)).toBe("−12.5%");
  });
});

describe("sign-off policy (items 2, 3)", () => {
  const none = { confirmed: false, reason: "" };
  it("refuses a non-current snapshot unless signed as older with a reason", () => {
    expect(checkSignoff({ decision: "no_go", reportDecision: "NO_GO", current: false, older: none, override: none })).toMatchObject({ ok: false, status: 409, code: "stale_snapshot" });
    expect(checkSignoff({ decision: "no_go", reportDecision: "NO_GO", current: false, older: { confirmed: true, reason: " " }, override: none })).toMatchObject({ ok: false, code: "older_reason" });
    expect(checkSignoff({ decision: "no_go", reportDecision: "NO_GO", current: false, older: { confirmed: true, reason: "board" }, override: none })).toMatchObject({ ok: true, older: true, olderReason: "board" });
  });
  it("a GO on NO_GO or INSUFFICIENT is an override that needs its confirmation and reason; GO on SHIP and NO-GO on anything are not", () => {
    for (const reportDecision of ["NO_GO", "INSUFFICIENT"] as const) {
      expect(checkSignoff({ decision: "go", reportDecision, current: true, older: none, override: none })).toMatchObject({ ok: false, code: "override_unconfirmed" });
      expect(checkSignoff({ decision: "go", reportDecision, current: true, older: none, override: { confirmed: true, reason: "" } })).toMatchObject({ ok: false, code: "override_reason" });
      expect(checkSignoff({ decision: "go", reportDecision, current: true, older: none, override: { confirmed: true, reason: "why" } })).toMatchObject({ ok: true, override: true, overrideReason: "why" });
    }
    expect(checkSignoff({ decision: "go", reportDecision: "SHIP", current: true, older: none, override: none })).toMatchObject({ ok: true, override: false, overrideReason: null });
    expect(checkSignoff({ decision: "no_go", reportDecision: "SHIP", current: true, older: none, override: none })).toMatchObject({ ok: true, override: false });
  });
});

describe("preference with identical pairs (items 1, 6)", () => {
  const item = (key: string, w: number, l: number, t: number, bb = 0, identical = false): PreferenceItem => ({ key, category: "x", wins: w, losses: l, ties: t, both_bad: bb, identical });
  it("identical pairs are tie items nobody voted on; exclude leaves them out", () => {
    // Two judged items (3 votes each) and two identical pairs.
    const items = [item("1", 3, 0, 0), item("2", 1, 2, 0), item("3", 0, 0, 0, 0, true), item("4", 2, 0, 0, 0, true)];
    const tie = preference(items, { seed: 1, resamples: 0 });
    // (1 + 1/3 + ½ + ½) / 4 = 7/12; the identical item's votes are ignored.
    expect(tie).toMatchObject({ n: 4, n_votes: 6, n_identical: 2, wins: 1, losses: 1, ties: 2 });
    expect(tie.win_rate).toBeCloseTo(7 / 12, 12);
    const ex = preference(items, { seed: 1, resamples: 0, identical: "exclude" });
    expect(ex).toMatchObject({ n: 2, n_votes: 6, n_identical: 0, n_identical_excluded: 2 });
    expect(ex.win_rate).toBeCloseTo((1 + 1 / 3) / 2, 12);
  });
  it("duplicating every vote leaves the figure unchanged", () => {
    const a = [item("1", 2, 1, 0), item("2", 0, 2, 1), item("3", 1, 1, 1, 0), item("4", 3, 0, 0)];
    const b = a.map((x) => ({ ...x, wins: 2 * x.wins, losses: 2 * x.losses, ties: 2 * x.ties }));
    const pa = preference(a, { seed: 7 });
    const pb = preference(b, { seed: 7 });
    expect(pb.win_rate).toBeCloseTo(pa.win_rate!, 12);
    expect(pb.ci95_win_rate).toEqual(pa.ci95_win_rate);
    expect(pb.p_value).toBe(pa.p_value);
    expect(pb.n_votes).toBe(2 * pa.n_votes);
  });
  it("identical means byte-identical after trimming, both outputs present and not failed", () => {
    expect(identicalOutputs({ text: " a\n" }, { text: "a" })).toBe(true);
    expect(identicalOutputs({ text: "a b" }, { text: "a  b" })).toBe(false);
    expect(identicalOutputs({ text: "A" }, { text: "a" })).toBe(false);
    expect(identicalOutputs({ text: "a", error: "boom" }, { text: "a" })).toBe(false);
    expect(identicalOutputs({ text: null }, { text: null })).toBe(false);
  });
});

describe("exclusion links (item 9)", () => {
  it("carry the gate's scope and the reason's explorer filter", () => {
    expect(exclusionFilter({ suite: "target", category: "adversarial" }, "pending_llm_rubric", "assertion_pass_rate")).toEqual({ suite: "target", category: "adversarial", assert: "pending" });
    expect(exclusionFilter("all", "not_judged", "judge_win_rate")).toEqual({ judge: "none", identical: "0" });
    expect(exclusionHref(3, { suite: "target", assert: "pending" })).toBe("/evals/3/explore?suite=target&assert=pending");
  });
});
