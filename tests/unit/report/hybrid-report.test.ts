import { describe, expect, it } from "vitest";
import { assembleReport } from "../../../app/core/report/report-assembly.ts";
import type { ReportInput } from "../../../app/core/report/types.ts";
import type { Pack } from "../../../app/schemas/pack.ts";
import { Gate } from "../../../app/schemas/pack.ts";
import { lengthControlledWinRate, ppiMeanCi } from "../../../app/core/stats/index.ts";

/**
 * 60 cases; the judge gave one order-combined verdict on every case, humans judged the first 20
 * with k = 2. The candidate's output is longer on even cases.
 */
const N = 60;
const LABELED = 20;
const judgeOf = (i: number): "a" | "b" | "tie" => (i % 5 === 0 ? "tie" : i % 3 === 0 ? "b" : "a");
const humanOf = (i: number): ["a" | "b" | "tie", "a" | "b" | "tie"] => (i % 4 === 0 ? ["a", "b"] : i % 3 === 0 ? ["b", "b"] : [judgeOf(i), "a"]);
const cand = (i: number) => "x".repeat(i % 2 === 0 ? 300 + i : 100 + i);
const base = (i: number) => "y".repeat(200);

function input(gates: Pack["gates"], byHand = 0): ReportInput {
  const count = (o: string[], w: string) => o.filter((x) => x === w).length;
  return {
    eval: { id: 1, name: "hybrid", seed: 7 },
    systems: [
      { id: 1, name: "ft", role: "candidate" },
      { id: 2, name: "base", role: "baseline" },
    ],
    cases: Array.from({ length: N }, (_, i) => ({ id: i + 1, external_id: `c${i}`, input: `q${i}`, context: null, reference: null, category: i % 2 ? "odd" : "even", suite: "s", shape: "open", tags: [], assertions: [] })),
    outputs: Array.from({ length: N }, (_, i) => [
      { id: 2 * i + 1, case_id: i + 1, system_id: 1, text: cand(i), latency_ms: 1, error: null, logprobs: null },
      { id: 2 * i + 2, case_id: i + 1, system_id: 2, text: base(i), latency_ms: 1, error: null, logprobs: null },
    ]).flat(),
    pack: { version: 1, body: { name: "p", regression_threshold: 0.05, gates }, content_hash: "h", locked_version: null, latest_version: 1 },
    judgments: Array.from({ length: LABELED }, (_, i) => {
      const v = humanOf(i);
      return { comparison_id: i + 1, case_id: i + 1, system_a_id: 1, system_b_id: 2, a: count(v, "a"), b: count(v, "b"), tie: count(v, "tie"), both_bad: 0 };
    }),
    verdicts: Array.from({ length: N }, (_, i) => {
      const v = judgeOf(i);
      return { comparison_id: 100 + i, case_id: i + 1, system_a_id: 1, system_b_id: 2, a: v === "a" ? 1 : 0, b: v === "b" ? 1 : 0, tie: v === "tie" ? 1 : 0, inconsistent: 0 };
    }),
    faithfulness: [],
    rubrics: [],
    lossReasons: [],
    backgroundReasons: [],
    judgeRuns: [{ protocol: "pairwise", verdicts: N }],
    humanSampling: { drawn: LABELED - byHand, by_hand: byHand },
  };
}

const score = (o: string): number => (o === "a" ? 1 : o === "b" ? 0 : 0.5);
const Y = Array.from({ length: LABELED }, (_, i) => (score(humanOf(i)[0]) + score(humanOf(i)[1])) / 2);
const F = Array.from({ length: N }, (_, i) => score(judgeOf(i)));

const gate = (g: Record<string, unknown>): Pack["gates"][number] => Gate.parse({ comparator: ">=", threshold: 0.5, min_n: 5, ...g });

describe("hybrid evidence in the report", () => {
  it("shows classical and PPI intervals of the human win rate with the effective n", () => {
    const body = assembleReport(input([gate({ id: "h", metric: "human_win_rate" })]));
    const expected = ppiMeanCi({ y: Y, yhat: F.slice(0, LABELED), yhatUnlabeled: F.slice(LABELED) });
    const p = body.hybrid!.ppi!;
    expect(p.ppi.n_labeled).toBe(20);
    expect(p.ppi.n_unlabeled).toBe(40);
    expect(p.ppi.win_rate).toBeCloseTo(expected.estimate, 6);
    expect(p.ppi.ci95[0]).toBeCloseTo(expected.ci95[0], 6);
    expect(p.classical.ci95[1]).toBeCloseTo(expected.classical.ci95[1], 6);
    expect(p.effective_n!).toBeCloseTo(expected.effective_n!, 3);
    expect(p.ppi.lambda).toBeCloseTo(expected.lambda, 6);
  });

  it("a gate with estimator ppi decides on the PPI interval; PPI is refused when humans were not drawn at random", () => {
    const g = gate({ id: "hp", metric: "human_win_rate", estimator: "ppi", threshold: 0.3 });
    const body = assembleReport(input([g]));
    const expected = ppiMeanCi({ y: Y, yhat: F.slice(0, LABELED), yhatUnlabeled: F.slice(LABELED) });
    expect(body.gates[0].value).toBeCloseTo(expected.estimate, 6);
    expect(body.gates[0].ci95![0]).toBeCloseTo(expected.ci95[0], 6);
    expect(body.gates[0].n).toBe(20);
    expect(body.gates[0].method).toMatch(/PPI\+\+/);
    const refused = assembleReport(input([g], 3));
    expect(refused.gates[0].status).toBe("insufficient_data");
    expect(refused.gates[0].explanation).toMatch(/not drawn at random/);
    expect(refused.hybrid!.ppi).toBeNull();
    expect(refused.hybrid!.ppi_note).toMatch(/refused/);
  });

  it("gives the judge's length-controlled win rate, as a figure and as a gate metric", () => {
    const body = assembleReport(input([gate({ id: "lc", metric: "judge_win_rate_lc" })]));
    const votes = F.map((s, i) => ({ item: String(i + 1), score: s, delta: cand(i).length - base(i).length }));
    const lc = lengthControlledWinRate(votes, { resamples: 0 });
    const j = body.hybrid!.length.judge!;
    expect(j.lc_win_rate).toBeCloseTo(lc.win_rate!, 6);
    expect(j.length_coef).toBeCloseTo(lc.length_coef!, 6);
    expect(j.raw_win_rate).toBeCloseTo(F.reduce((a, b) => a + b, 0) / N, 6);
    // Decisive judge verdicts: the longer output (even i) won when the candidate won.
    const decisive = F.map((s, i) => ({ s, i })).filter((x) => x.s !== 0.5);
    const longerWon = decisive.filter(({ s, i }) => (s === 1) === (i % 2 === 0)).length;
    expect(j.longer_won).toBeCloseTo(longerWon / decisive.length, 6);
    expect(body.gates[0].value).toBeCloseTo(lc.win_rate!, 6);
    expect(body.gates[0].n).toBe(60);
  });

  it("says how many items a gate that is not conclusive needs", () => {
    const body = assembleReport(input([gate({ id: "h", metric: "human_win_rate", threshold: 0.55 })]));
    const g = body.gates[0];
    expect(g.status).toBe("not_conclusive");
    const half = (g.ci95![1] - g.ci95![0]) / 2;
    const raw = g.n * (half / Math.abs(g.value! - 0.55)) ** 2;
    // The same ceiling as nNeeded: a value within float noise of an integer is that integer.
    const n = Math.abs(raw - Math.round(raw)) < 1e-9 * raw ? Math.round(raw) : Math.ceil(raw);
    expect(g.n_needed).toBe(Math.max(n, 5));
    expect(g.cannot_clear).toBe(false);
  });
});
