/**
 * Gate evaluation against hand-computed cases, one per status and comparator.
 *
 * Wilson 95% interval of 45/50 (z = 1.959964, z² = 3.841459):
 *   p = 0.9, denom = 1 + z²/n = 1.0768292, centre = (0.9 + z²/(2n)) / denom = 0.9384146 / 1.0768292 = 0.8714610,
 *   half = (z/denom)·sqrt(p(1−p)/n + z²/(4n²)) = 1.8201284 · sqrt(0.0018 + 0.00038415) = 1.8201284 · 0.0467349 = 0.0850635
 *   → [0.786398, 0.956524]. Likewise 49/50 → [0.895046, 0.996461] and 30/50 → [0.461814, 0.723916].
 */
import { describe, expect, it } from "vitest";
import { decide, evaluateGate, gateStatus } from "../../../app/core/report/gate-evaluation.ts";
import { nominalAlphaFromCounts } from "../../../app/core/report/agreement.ts";
import { compareMeans, compareQuantiles } from "../../../app/core/report/resample.ts";
import { canonicalJson } from "../../../app/core/report/canonical-json.ts";
import { krippendorffAlpha } from "../../../app/core/stats/krippendorff-alpha.ts";
import { wilsonInterval } from "../../../app/core/stats/wilson.ts";
import { Gate } from "../../../app/schemas/pack.ts";

const gate = (over: Partial<Gate> = {}): Gate => Gate.parse({ id: "g", metric: "assertion_pass_rate", comparator: ">=", threshold: 0.8, min_n: 30, decide_on: "bound", ...over });

describe("gate evaluation", () => {
  it("Wilson interval of 45/50 is [0.786398, 0.956524] by hand", () => {
    const ci = wilsonInterval(45, 50)!;
    expect(ci[0]).toBeCloseTo(0.786398, 6);
    expect(ci[1]).toBeCloseTo(0.956524, 6);
  });

  it("45/50 against >= 0.8 on the bound is not conclusive (0.786 < 0.8 < 0.957)", () => {
    const r = evaluateGate(gate(), { value: 0.9, n: 50, ci95: wilsonInterval(45, 50) });
    expect(r.status).toBe("not_conclusive");
    expect(r.explanation).toContain("straddles");
  });

  it("the same figure decided on the point passes (0.9 >= 0.8)", () => {
    expect(evaluateGate(gate({ decide_on: "point" }), { value: 0.9, n: 50, ci95: wilsonInterval(45, 50) }).status).toBe("pass");
  });

  it("passes on the bound when the whole interval clears the threshold: 49/50 → [0.895046, 0.996461] >= 0.8", () => {
    const ci = wilsonInterval(49, 50)!;
    expect(ci[0]).toBeCloseTo(0.895046, 5);
    expect(evaluateGate(gate(), { value: 0.98, n: 50, ci95: ci }).status).toBe("pass");
  });

  it("fails on the bound when the whole interval misses: 30/50 → [0.461814, 0.723916] < 0.8", () => {
    const ci = wilsonInterval(30, 50)!;
    expect(ci[1]).toBeCloseTo(0.723916, 5);
    expect(evaluateGate(gate(), { value: 0.6, n: 50, ci95: ci }).status).toBe("fail");
  });

  it("is insufficient data when n < min_n, whatever the value", () => {
    const r = evaluateGate(gate({ min_n: 60 }), { value: 1, n: 50, ci95: [0.99, 1] });
    expect(r.status).toBe("insufficient_data");
    expect(r.explanation).toBe("n = 50 is below min_n = 60");
    expect(gateStatus(gate(), { value: null, n: 0, ci95: null }).status).toBe("insufficient_data");
  });

  it("handles <= and < (latency ratio): interval [1.5, 1.9] <= 2 passes, [1.9, 2.4] is not conclusive, [2.1, 2.4] fails", () => {
    const g = gate({ metric: "latency_p99", mode: "ratio", comparator: "<=", threshold: 2, min_n: 1 });
    expect(gateStatus(g, { value: 1.7, n: 40, ci95: [1.5, 1.9] }).status).toBe("pass");
    expect(gateStatus(g, { value: 2, n: 40, ci95: [1.9, 2.4] }).status).toBe("not_conclusive");
    expect(gateStatus(g, { value: 2.2, n: 40, ci95: [2.1, 2.4] }).status).toBe("fail");
    const strict = gate({ comparator: "<", threshold: 2, min_n: 1 });
    expect(gateStatus(strict, { value: 1.5, n: 5, ci95: [1, 2] }).status).toBe("not_conclusive");
    expect(gateStatus(strict, { value: 2, n: 5, ci95: null }).status).toBe("fail");
  });

  it("> with a bound equal to the threshold is not conclusive; >= with it passes", () => {
    expect(gateStatus(gate({ comparator: ">", min_n: 1 }), { value: 0.9, n: 10, ci95: [0.8, 0.95] }).status).toBe("not_conclusive");
    expect(gateStatus(gate({ comparator: ">=", min_n: 1 }), { value: 0.9, n: 10, ci95: [0.8, 0.95] }).status).toBe("pass");
  });

  it("== passes only on a point interval at the threshold (schema compliance 5/5 decided on the point)", () => {
    const g = gate({ metric: "schema_compliance", comparator: "==", threshold: 1, min_n: 1 });
    expect(gateStatus(g, { value: 1, n: 5, ci95: [1, 1] }).status).toBe("pass");
    expect(gateStatus(g, { value: 1, n: 5, ci95: wilsonInterval(5, 5) }).status).toBe("not_conclusive");
    expect(gateStatus(g, { value: 0.8, n: 5, ci95: [0.3, 0.96] }).status).toBe("fail");
    expect(gateStatus({ ...g, decide_on: "point" }, { value: 1, n: 5, ci95: wilsonInterval(5, 5) }).status).toBe("pass");
  });

  it("without an interval the bound gate falls back to the point and says so", () => {
    const r = evaluateGate(gate({ min_n: 1 }), { value: 0.85, n: 10, ci95: null });
    expect(r.status).toBe("pass");
    expect(r.explanation).toContain("point estimate decides");
  });

  it("decides SHIP only when every gate passes; INSUFFICIENT when only missing data blocks; else NO_GO", () => {
    expect(decide([{ status: "pass" }, { status: "pass" }])).toBe("SHIP");
    expect(decide([{ status: "pass" }, { status: "insufficient_data" }])).toBe("INSUFFICIENT");
    expect(decide([{ status: "insufficient_data" }, { status: "not_conclusive" }])).toBe("NO_GO");
    expect(decide([{ status: "fail" }, { status: "pass" }])).toBe("NO_GO");
    expect(decide([])).toBe("INSUFFICIENT");
  });
});

describe("report statistics", () => {
  it("paired mean delta: candidate 8/10 vs baseline 5/10 on the same cases is +0.3 with a seeded, reproducible interval", () => {
    const c = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const b = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];
    const r1 = compareMeans(c, b, "delta", 7);
    const r2 = compareMeans(c, b, "delta", 7);
    expect(r1.value).toBeCloseTo(0.3, 12);
    expect(r1.ci95).toEqual(r2.ci95);
    expect(r1.ci95![0]).toBeLessThan(0.3);
    expect(r1.ci95![1]).toBeGreaterThan(0.3);
  });

  it("quantile ratio: p99 by linear interpolation, ratio of candidate to baseline", () => {
    const c = Array.from({ length: 101 }, (_, i) => i * 10); // p99 = 990
    const b = Array.from({ length: 101 }, (_, i) => i * 20); // p99 = 1980
    const r = compareQuantiles(c, b, 0.99, "ratio", 1, 200);
    expect(r.candidate).toBeCloseTo(990, 9);
    expect(r.baseline).toBeCloseTo(1980, 9);
    expect(r.value).toBeCloseTo(0.5, 12);
    // Perfectly proportional pairs: every resample has the same ratio.
    expect(r.ci95![0]).toBeCloseTo(0.5, 9);
    expect(r.ci95![1]).toBeCloseTo(0.5, 9);
  });

  it("Krippendorff's alpha from per-unit counts equals the rating-matrix implementation", () => {
    const labels = ["a", "b", "tie", "both_bad"];
    const matrix = [
      ["a", "a", "b"],
      ["b", "b", "b"],
      ["a", "tie", null],
      ["both_bad", "both_bad", "a"],
      ["a", null, null],
      ["tie", "tie", "tie"],
    ];
    const counts = matrix.map((row) => labels.map((l) => row.filter((x) => x === l).length));
    const fromCounts = nominalAlphaFromCounts(counts, 1, 0);
    const reference = krippendorffAlpha(matrix, "nominal");
    expect(fromCounts.value).toBeCloseTo(reference.value!, 12);
    expect(fromCounts.n_units).toBe(5);
  });

  it("canonical JSON sorts keys at every depth, so key order cannot change a hash", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { x: 2, y: 1 }] }, b: 1 }));
  });
});
