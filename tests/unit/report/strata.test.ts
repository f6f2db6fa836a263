/**
 * Strata of slice-first serving (issue 17 item 4) and the report's PPI over them: hand-built
 * allocations, expected values from ppi_mean_ci per stratum (itself checked against ppi_py).
 */
import { describe, expect, it } from "vitest";
import { assembleReport } from "../../../app/core/report/report-assembly.ts";
import { needySlices, servedFirstCases, strataOf } from "../../../app/core/report/strata.ts";
import type { ReportInput } from "../../../app/core/report/types.ts";
import { Gate, type Pack } from "../../../app/schemas/pack.ts";
import { ppiMeanCi } from "../../../app/core/stats/ppi.ts";
import { Z95 } from "../../../app/core/stats/wilson.ts";

describe("strata of recorded allocations", () => {
  it("a case's stratum is the set of allocations that put it first", () => {
    const s = strataOf([
      { id: 3, case_ids: [1, 2, 3] },
      { id: 4, case_ids: [] },
      { id: 5, case_ids: [3, 4] },
    ])!;
    expect([1, 2, 3, 4, 5].map((c) => s.of(c))).toEqual(["10", "10", "11", "01", "00"]);
    expect(s.label("11")).toBe("served first in allocation #3, #5");
    expect(s.label("00")).toBe("never served first");
    expect(strataOf([{ id: 1, case_ids: [] }])).toBeNull();
    expect(strataOf([])).toBeNull();
  });

  it("only human gates over a slice that can still clear ask for data", () => {
    const g = (id: string, metric: string, scope: unknown, status: string, extra: Record<string, unknown> = {}) => ({ id, metric, scope, status, n: 4, n_needed: 40, ...extra }) as never;
    const slices = needySlices([
      g("a", "human_win_rate", { category: "x" }, "not_conclusive"),
      g("b", "human_win_rate", "all", "insufficient_data"),
      g("c", "judge_win_rate", { category: "x" }, "insufficient_data"),
      g("d", "human_agreement_alpha", { tag: "t" }, "insufficient_data", { n_needed: null }),
      g("e", "human_win_rate", { category: "y" }, "pass"),
      g("f", "human_win_rate_lc", { category: "z" }, "not_conclusive", { cannot_clear: true }),
    ]);
    expect(slices.map((s) => s.gate)).toEqual(["a", "d"]);
    const cases = [
      { id: 7, category: "x", tags: [] },
      { id: 2, category: "y", tags: ["t"] },
      { id: 5, category: "y", tags: [] },
    ] as never[];
    expect(servedFirstCases(cases, slices)).toEqual([2, 7]);
  });
});

/**
 * 40 cases: odd ones in category "edge". Allocation #1 put the edge cases first, so humans judged
 * 16 of the 20 edge cases and 4 of the 20 others; the judge scored every case.
 */
const N = 40;
const judged = (i: number) => (i % 2 === 1 ? i < 32 : i < 8);
const judgeOf = (i: number): "a" | "b" | "tie" => (i % 7 === 0 ? "tie" : i % 3 === 0 ? "b" : "a");
const humanOf = (i: number): "a" | "b" | "tie" => (i % 2 === 1 ? (i % 5 === 0 ? "b" : "a") : i % 4 === 0 ? "b" : judgeOf(i));
const score = (o: string) => (o === "a" ? 1 : o === "b" ? 0 : 0.5);

function input(allocations: { id: number; case_ids: number[] }[]): ReportInput {
  const gates: Pack["gates"] = [
    Gate.parse({ id: "h", metric: "human_win_rate", comparator: ">=", threshold: 0.5, min_n: 5, estimator: "ppi" }),
    Gate.parse({ id: "h_edge", metric: "human_win_rate", scope: { category: "edge" }, comparator: ">=", threshold: 0.5, min_n: 5, estimator: "ppi" }),
  ];
  const idx = Array.from({ length: N }, (_, i) => i);
  return {
    eval: { id: 1, name: "strata", seed: 7 },
    systems: [
      { id: 1, name: "ft", role: "candidate" },
      { id: 2, name: "base", role: "baseline" },
    ],
    cases: idx.map((i) => ({ id: i + 1, external_id: `c${i}`, input: `q${i}`, context: null, reference: null, category: i % 2 ? "edge" : "plain", suite: "s", shape: "open", tags: [], assertions: [] })),
    outputs: idx.flatMap((i) => [
      { id: 2 * i + 1, case_id: i + 1, system_id: 1, text: `a${i}`, latency_ms: 1, error: null, logprobs: null },
      { id: 2 * i + 2, case_id: i + 1, system_id: 2, text: `b${i}`, latency_ms: 1, error: null, logprobs: null },
    ]),
    pack: { version: 1, body: { name: "p", regression_threshold: 0.05, gates }, content_hash: "h", locked_version: null, latest_version: 1 },
    judgments: idx.filter(judged).map((i) => {
      const v = humanOf(i);
      return { comparison_id: i + 1, case_id: i + 1, system_a_id: 1, system_b_id: 2, a: v === "a" ? 1 : 0, b: v === "b" ? 1 : 0, tie: v === "tie" ? 1 : 0, both_bad: 0 };
    }),
    verdicts: idx.map((i) => {
      const v = judgeOf(i);
      return { comparison_id: 100 + i, case_id: i + 1, system_a_id: 1, system_b_id: 2, a: v === "a" ? 1 : 0, b: v === "b" ? 1 : 0, tie: v === "tie" ? 1 : 0, inconsistent: 0 };
    }),
    faithfulness: [],
    rubrics: [],
    lossReasons: [],
    backgroundReasons: [],
    judgeRuns: [{ protocol: "pairwise", verdicts: N }],
    humanSampling: { drawn: 20, by_hand: 0, allocations },
  };
}

function cell(filter: (i: number) => boolean) {
  const idx = Array.from({ length: N }, (_, i) => i).filter(filter);
  const lab = idx.filter(judged);
  return {
    n: idx.length,
    r: ppiMeanCi({ y: lab.map((i) => score(humanOf(i))), yhat: lab.map((i) => score(judgeOf(i))), yhatUnlabeled: idx.filter((i) => !judged(i)).map((i) => score(judgeOf(i))) }),
  };
}

describe("the report's PPI after slice-first serving", () => {
  const edgeIds = Array.from({ length: N }, (_, i) => i).filter((i) => i % 2 === 1).map((i) => i + 1);

  it("is PPI++ per stratum combined by shares, and the gate decides on it", () => {
    const body = assembleReport(input([{ id: 1, case_ids: edgeIds }]));
    const edge = cell((i) => i % 2 === 1);
    const plain = cell((i) => i % 2 === 0);
    const theta = 0.5 * edge.r.estimate + 0.5 * plain.r.estimate;
    const se = Math.sqrt(0.25 * edge.r.std_error ** 2 + 0.25 * plain.r.std_error ** 2);
    const p = body.hybrid!.ppi!;
    expect(p.ppi.win_rate).toBeCloseTo(theta, 9);
    expect(p.ppi.ci95[0]).toBeCloseTo(theta - Z95 * se, 9);
    expect(p.strata!.map((s) => [s.label, s.n_labeled, s.n_unlabeled, s.fraction])).toEqual([
      ["served first in allocation #1", 16, 4, 0.8],
      ["never served first", 4, 16, 0.2],
    ]);
    expect(body.gates[0].value).toBeCloseTo(theta, 9);
    expect(body.hybrid!.sampling_note).toContain("served first in allocation #1: 16 of 20 (80%); never served first: 4 of 20 (20%)");
    expect(body.gates[0].method).toMatch(/stratified PPI\+\+ over 2 strata/);
    // A gate over the edge slice alone sits in one stratum: plain ppi_mean_ci there.
    expect(body.gates[1].value).toBeCloseTo(edge.r.estimate, 9);
    expect(body.gates[1].method).toMatch(/^PPI\+\+ \(λ/);
  });

  it("without a recorded allocation it is ppi_mean_ci over all items, as before", () => {
    const body = assembleReport(input([]));
    const all = cell(() => true);
    expect(body.hybrid!.ppi!.ppi.win_rate).toBeCloseTo(all.r.estimate, 9);
    expect(body.hybrid!.ppi!.strata).toBeUndefined();
    expect(body.hybrid!.sampling_note).toBeUndefined();
  });

  it("waits, saying why, while a stratum has fewer than two human-judged items", () => {
    const body = assembleReport(input([{ id: 1, case_ids: edgeIds }, { id: 2, case_ids: [3] }]));
    expect(body.hybrid!.ppi).toBeNull();
    expect(body.hybrid!.ppi_note).toMatch(/"served first in allocation #2" has 1 of 1/);
  });
});
