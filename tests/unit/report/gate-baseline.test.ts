/** A gate may name the baseline it is about (issue 18 item 3): its figure is against that system. */
import { describe, expect, it } from "vitest";
import { assembleReport } from "../../../app/core/report/report-assembly.ts";
import type { ReportInput } from "../../../app/core/report/types.ts";
import { Gate, type Pack } from "../../../app/schemas/pack.ts";

const N = 10;
function input(gates: Pack["gates"]): ReportInput {
  const cases = Array.from({ length: N }, (_, i) => ({ id: i + 1, external_id: `c${i}`, input: `q${i}`, context: null, reference: null, category: "all", suite: "s", shape: "open", tags: [], assertions: [] }));
  const outputs = cases.flatMap((c) => [1, 2, 3].map((s) => ({ id: c.id * 10 + s, case_id: c.id, system_id: s, text: `out ${s} ${c.id}`, latency_ms: 1, error: null, logprobs: null })));
  // One vote per case and pair: the candidate beats base-1 on 8 of 10 cases and base-2 on 3 of 10.
  const judgments = cases.flatMap((c, i) => [
    { comparison_id: c.id * 10 + 2, case_id: c.id, system_a_id: 1, system_b_id: 2, a: i < 8 ? 1 : 0, b: i < 8 ? 0 : 1, tie: 0, both_bad: 0 },
    { comparison_id: c.id * 10 + 3, case_id: c.id, system_a_id: 1, system_b_id: 3, a: i < 3 ? 1 : 0, b: i < 3 ? 0 : 1, tie: 0, both_bad: 0 },
  ]);
  return {
    eval: { id: 1, name: "two-baselines", seed: 3 },
    systems: [
      { id: 1, name: "cand", role: "candidate" },
      { id: 2, name: "base-1", role: "baseline" },
      { id: 3, name: "base-2", role: "baseline" },
    ],
    cases,
    outputs,
    pack: { version: 1, body: { name: "p", regression_threshold: 0.05, gates }, content_hash: "h", locked_version: null, latest_version: 1 },
    judgments,
    verdicts: [],
    faithfulness: [],
    rubrics: [],
    lossReasons: [],
    backgroundReasons: [],
    judgeRuns: [],
  };
}
const gate = (g: Record<string, unknown>) => Gate.parse({ metric: "human_win_rate", comparator: ">=", threshold: 0.5, decide_on: "point", ...g });

describe("gates naming their baseline", () => {
  it("each gate is computed against the baseline it names; without one, the eval's first baseline", () => {
    const body = assembleReport(input([gate({ id: "vs-default" }), gate({ id: "vs-base-2", baseline: "base-2" }), gate({ id: "vs-base-1", baseline: "base-1" })]));
    const [d, b2, b1] = body.gates;
    expect([d.value, d.n, d.baseline]).toEqual([0.8, 10, undefined]);
    expect([b2.value, b2.n, b2.baseline, b2.status]).toEqual([0.3, 10, "base-2", "fail"]);
    expect([b1.value, b1.status]).toEqual([0.8, "pass"]);
    // The ranking sees all three systems.
    expect(body.ranking!.human!.systems).toHaveLength(3);
  });

  it("a baseline the eval does not have is said in the notes", () => {
    const body = assembleReport(input([gate({ id: "x", baseline: "nope" })]));
    expect(body.notes.some((n) => n.includes("names baseline nope"))).toBe(true);
    expect(body.gates[0].status).toBe("insufficient_data");
  });
});
