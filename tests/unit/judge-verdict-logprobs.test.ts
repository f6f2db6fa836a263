import { describe, expect, it } from "vitest";
import { verdictDistribution } from "../../judges/protocols/verdict-logprobs.ts";
import type { TokenLogprob } from "../../judges/types.ts";

const t = (token: string, p: number, alts: Array<[string, number]> = []): TokenLogprob => ({
  token,
  logprob: Math.log(p),
  top_logprobs: [{ token, logprob: Math.log(p) }, ...alts.map(([tok, q]) => ({ token: tok, logprob: Math.log(q) }))],
});

describe("probability-weighted verdict from logprobs", () => {
  it("one token per verdict: the exact expectation", () => {
    const tokens = [t('{"verdict": "', 1), t("A>B", 0.6, [["A>>B", 0.2], ["B>A", 0.1], ["A=B", 0.1]]), t('", "reason": "x"}', 1)];
    // 0.6·0.5 + 0.2·1 + 0.1·(−0.5) + 0.1·0 = 0.45
    const d = verdictDistribution(tokens)!;
    expect(d.score).toBeCloseTo(0.45, 12);
    expect(d.coveredMass).toBeCloseTo(1, 12);
  });

  it("verdict split over several tokens, ambiguous branches spread evenly (hand-computed)", () => {
    const tokens = [
      t("{", 1),
      t('"verdict', 1),
      t('":', 1),
      t(' "', 1),
      t("A", 0.6, [["B", 0.3], [" ", 0.1]]), // " " cannot start a verdict: dropped
      t(">", 0.5, [[">>", 0.3], ["=", 0.2]]),
      t("B", 0.9, [[">", 0.1]]),
      t('",', 1),
      t(' "reason": "close"}', 1),
    ];
    // Branches: "B" 0.3 → {B>A −0.5, B>>A −1} mean −0.75; "A>>" 0.6·0.3 = 0.18 → +1; "A=" 0.6·0.2 = 0.12 → 0;
    // "A>>" again via ">" after "A>" 0.6·0.5·0.1 = 0.03 → +1; path "A>B" 0.6·0.5·0.9 = 0.27 → +0.5.
    // Mass 0.9; sum = −0.225 + 0.18 + 0 + 0.03 + 0.135 = 0.12; score 0.12 / 0.9 = 0.1333…
    const d = verdictDistribution(tokens)!;
    expect(d.coveredMass).toBeCloseTo(0.9, 12);
    expect(d.score).toBeCloseTo(0.12 / 0.9, 12);
    expect(d.probs["A>B"]).toBeCloseTo(0.27, 12);
    expect(d.probs["A>>B"]).toBeCloseTo(0.21, 12);
    expect(d.probs["B>A"]).toBeCloseTo(0.15, 12);
  });

  it("an opening quote glued to the verdict's first token", () => {
    const tokens = [t('{"verdict":', 1), t(' "B', 0.7, [[' "A', 0.3]]), t(">>", 0.8, [[">", 0.2]]), t('A"}', 1)];
    // " \"A" 0.3 → {A>>B 1, A>B 0.5, A=B 0} mean 0.5 → 0.15; "B>" 0.7·0.2 = 0.14 → {B>A, B>>A} mean −0.75 → −0.105;
    // path B>>A 0.56 → −0.56. Total −0.515 over mass 1.
    expect(verdictDistribution(tokens)!.score).toBeCloseTo(-0.515, 12);
  });

  it("no verdict field or an invalid verdict: no distribution", () => {
    expect(verdictDistribution([t('{"reason": "x"}', 1)])).toBeUndefined();
    expect(verdictDistribution([t('{"verdict": "maybe"}', 1)])).toBeUndefined();
  });
});
