import { describe, expect, it } from "vitest";
import { humanMajority, judgeHumanAgreement, type HumanJudgmentRecord, type JudgeVerdictRecord } from "../../app/core/judging/judge-human-agreement.ts";

describe("human majority", () => {
  it("takes the most frequent label, both_bad as tie, and a shared top count as tie", () => {
    expect(humanMajority(["a", "a", "b"])).toBe("a");
    expect(humanMajority(["a", "b"])).toBe("tie");
    expect(humanMajority(["both_bad", "both_bad", "a"])).toBe("tie");
    expect(humanMajority(["b", "both_bad", "tie"])).toBe("tie");
    expect(humanMajority(["b"])).toBe("b");
    expect(humanMajority([])).toBeNull();
  });
});

describe("judge-human agreement", () => {
  // Hand-computed: judge a,a,b,tie,a,b against majorities a,b,b,tie,a,a.
  // Observed 4/6; marginals judge (3,2,1), humans (3,2,1): p_e = (9+4+1)/36 = 14/36;
  // kappa = (24/36 - 14/36) / (1 - 14/36) = 10/22.
  const judge = ["a", "a", "b", "tie", "a", "b"] as const;
  const humans: HumanJudgmentRecord["outcome"][][] = [
    ["a", "a", "b"], // a
    ["b"], // b
    ["b", "b", "tie"], // b
    ["both_bad", "tie"], // tie
    ["a"], // a
    ["a", "a"], // a
  ];
  const verdicts: JudgeVerdictRecord[] = judge.map((w, i) => ({ id: i + 1, comparison_id: 100 + i, config_hash: "h1", winner: w }));
  const judgments: HumanJudgmentRecord[] = humans.flatMap((os, i) => os.map((outcome) => ({ comparison_id: 100 + i, outcome })));

  it("computes kappa, accuracy and the confusion table", () => {
    const [r] = judgeHumanAgreement(verdicts, judgments);
    expect(r.config_hash).toBe("h1");
    expect(r.n).toBe(6);
    expect(r.accuracy).toBeCloseTo(4 / 6, 12);
    expect(r.kappa).toBeCloseTo(10 / 22, 12);
    expect(r.confusion).toEqual({ a: { a: 2, b: 1, tie: 0 }, b: { a: 1, b: 1, tie: 0 }, tie: { a: 0, b: 0, tie: 1 } });
    expect(r.ci95_accuracy![0]).toBeLessThan(4 / 6);
    expect(r.ci95_accuracy![1]).toBeGreaterThan(4 / 6);
  });

  it("keeps configs apart, lets a later verdict of a config replace an earlier one, and skips comparisons no human saw", () => {
    const extra: JudgeVerdictRecord[] = [
      { id: 50, comparison_id: 100, config_hash: "h2", winner: "b" },
      { id: 60, comparison_id: 999, config_hash: "h2", winner: "a" }, // no human
      { id: 70, comparison_id: 101, config_hash: "h1", winner: "b" }, // re-run: now agrees
    ];
    const [h1, h2] = judgeHumanAgreement([...verdicts, ...extra], judgments);
    expect(h1.n).toBe(6);
    expect(h1.accuracy).toBeCloseTo(5 / 6, 12);
    expect(h2).toMatchObject({ config_hash: "h2", n: 1, accuracy: 0 });
    expect(h2.kappa).toBe(0); // one disagreement, chance agreement 0: (0 - 0) / (1 - 0)
  });

  it("has no figures without overlap", () => {
    const [r] = judgeHumanAgreement(verdicts, []);
    expect(r).toMatchObject({ n: 0, accuracy: null, kappa: null, ci95_accuracy: null });
  });
});
