import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../app/core/report/snapshot-diff";
import type { ReportBody } from "../../app/core/report/types";

function body(over: { decision: string; gates: { id: string; status: string; value: number | null; ci95: [number, number] | null }[]; human?: { win_rate: number; ci95_win_rate: [number, number] | null } }): ReportBody {
  return {
    decision: over.decision,
    gates: over.gates.map((g) => ({ metric: "assertion_pass_rate", mode: "value", ...g })),
    human: { overall: over.human ?? null, by_category: [] },
    judge: { pairwise: null, faithfulness: null },
    assertions: { by_system: [], delta: [] },
    latency: [],
  } as unknown as ReportBody;
}

describe("snapshot diff", () => {
  it("lists gates whose status changed, and figures outside the older interval", () => {
    const a = body({
      decision: "SHIP",
      gates: [
        { id: "g1", status: "pass", value: 0.9, ci95: [0.85, 0.95] },
        { id: "g2", status: "pass", value: 0.7, ci95: [0.6, 0.8] },
        { id: "gone", status: "fail", value: 0.1, ci95: null },
      ],
      human: { win_rate: 0.6, ci95_win_rate: [0.55, 0.65] },
    });
    const b = body({
      decision: "NO_GO",
      gates: [
        { id: "g1", status: "fail", value: 0.84, ci95: [0.8, 0.88] }, // 0.84 < 0.85: moved
        { id: "g2", status: "pass", value: 0.8, ci95: [0.7, 0.9] }, // 0.8 is the interval's end: within
        { id: "new", status: "pass", value: 1, ci95: null },
      ],
      human: { win_rate: 0.66, ci95_win_rate: [0.6, 0.7] }, // 0.66 > 0.65: moved
    });
    const d = diffSnapshots(a, b);
    expect(d.decision).toEqual({ before: "SHIP", after: "NO_GO", changed: true });
    expect(d.gates.filter((g) => g.changed).map((g) => g.id)).toEqual(["g1", "gone", "new"]);
    expect(d.figures.filter((f) => f.moved).map((f) => f.key)).toEqual(["gate:g1", "human:win_rate"]);
    expect(d.figures.find((f) => f.key === "gate:g2")?.moved).toBe(false);
    // A figure new in the newer snapshot has nothing to compare with.
    expect(d.figures.some((f) => f.key === "gate:new")).toBe(false);
  });
});
