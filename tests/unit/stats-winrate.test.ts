import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  binomialHalfLowerTail,
  bootstrapWinRate,
  countOutcomes,
  reverseCounts,
  signTest,
  wilsonInterval,
  winRate,
  winRateBreakdown,
  type Outcome,
} from "../../app/core/stats/index.ts";

describe("Wilson score interval", () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i/%i → [%f, %f]", (x, n, lo, hi) => {
    const [l, h] = wilsonInterval(x, n)!;
    expect(l).toBeCloseTo(lo, 4);
    expect(h).toBeCloseTo(hi, 4);
  });

  it("is null for n = 0 and always contains the observed proportion", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const [lo, hi] = wilsonInterval(x, n)!;
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(x / n + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });
});

describe("exact sign test", () => {
  it("matches hand-computed binomial tails", () => {
    // 9 of 10: 2·(C(10,9) + C(10,10))/2^10 = 22/1024.
    expect(signTest(9, 1).p_value).toBeCloseTo(22 / 1024, 12);
    expect(signTest(9, 1).p_value).toBeCloseTo(0.02148, 5);
    // 7 of 10: 2·(120 + 45 + 10 + 1)/1024 = 0.34375.
    expect(signTest(7, 3).p_value).toBeCloseTo(0.34375, 12);
    expect(signTest(3, 7).p_value).toBeCloseTo(0.34375, 12);
    // 10 of 10: 2/1024. 5 of 10 and 0 of 1: the whole distribution.
    expect(signTest(10, 0).p_value).toBeCloseTo(2 / 1024, 14);
    expect(signTest(5, 5).p_value).toBe(1);
    expect(signTest(0, 1).p_value).toBe(1);
    // 2·P(X <= 0) for n = 20: 2/2^20.
    expect(signTest(0, 20).p_value).toBeCloseTo(2 / 2 ** 20, 15);
  });

  it("matches the normal approximation in the large-n regime and does not underflow early", () => {
    // n = 10000, 5100 wins: z = (5100 - 5000)/50 = 2 → two-sided ≈ 0.0455 (continuity-corrected ≈ 0.0461).
    const p = signTest(5100, 4900).p_value!;
    expect(p).toBeGreaterThan(0.044);
    expect(p).toBeLessThan(0.048);
    // 2·2^-1074 is the smallest double: 1000 of 1000 gives 2^-999, still representable.
    expect(signTest(1000, 0).p_value).toBeCloseTo(2 * 2 ** -1000, 310);
    expect(signTest(1000, 0).p_value).toBeGreaterThan(0);
  });

  it("lower tail agrees with direct summation for small n", () => {
    const choose = (n: number, k: number) => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
      return c;
    };
    for (let n = 1; n <= 30; n++) {
      let cumulative = 0;
      for (let k = 0; k <= n; k++) {
        cumulative += choose(n, k) / 2 ** n;
        expect(binomialHalfLowerTail(k, n)).toBeCloseTo(cumulative, 12);
      }
    }
  });

  it("is null with a reason when every judgment is a tie", () => {
    expect(signTest(0, 0).p_value).toBeNull();
  });
});

describe("win rate", () => {
  it("counts ties (and both-bad) as half a win", () => {
    const w = winRate({ wins: 60, losses: 30, ties: 8, both_bad: 2 }, { resamples: 0 });
    expect(w).toMatchObject({ n: 100, wins: 60, losses: 30, ties: 10, both_bad: 2 });
    expect(w.win_rate).toBeCloseTo(0.65, 12);
    expect(w.decisive_win_rate).toBeCloseTo(60 / 90, 12);
    expect(w.ci95_decisive).toEqual(wilsonInterval(60, 90));
    expect(w.p_value).toEqual(signTest(60, 30).p_value);
    expect(w.ci95_win_rate).toBeNull();
  });

  it("reports null figures with a reason on empty or all-tie input", () => {
    expect(winRate({ wins: 0, losses: 0, ties: 0 })).toMatchObject({ n: 0, win_rate: null, reason: "no judgments" });
    const ties = winRate({ wins: 0, losses: 0, ties: 4 }, { resamples: 100 });
    expect(ties.win_rate).toBe(0.5);
    expect(ties.decisive_win_rate).toBeNull();
    expect(ties.ci95_win_rate).toEqual([0.5, 0.5]);
  });

  it("bootstrap interval is reproducible and close to the normal-theory interval", () => {
    const counts = { wins: 5500, losses: 4000, ties: 500 };
    const a = bootstrapWinRate(counts, 4000, 42)!;
    expect(bootstrapWinRate(counts, 4000, 42)).toEqual(a);
    // p = (5500 + 250)/10000 = 0.575; per-item variance of {1, 0, 1/2} scores:
    // E[s²] = 0.55 + 0.05/4 = 0.5625, var = 0.5625 - 0.575² = 0.230875; SE = sqrt(var/n) = 0.004805.
    const se = Math.sqrt(0.230875 / 10000);
    expect(a[0]).toBeCloseTo(0.575 - 1.96 * se, 3);
    expect(a[1]).toBeCloseTo(0.575 + 1.96 * se, 3);
  });

  it("of A over B is 1 minus that of B over A", () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(50), (wins, losses, ties, bothBad) => {
        fc.pre(wins + losses + ties + bothBad > 0);
        const counts = { wins, losses, ties, both_bad: bothBad };
        const ab = winRate(counts, { resamples: 0 });
        const ba = winRate(reverseCounts(counts), { resamples: 0 });
        expect(ab.win_rate! + ba.win_rate!).toBeCloseTo(1, 12);
        if (wins + losses > 0) {
          expect(ab.decisive_win_rate! + ba.decisive_win_rate!).toBeCloseTo(1, 12);
          expect(ab.p_value).toBeCloseTo(ba.p_value!, 12);
          expect(ab.ci95_decisive![0]).toBeCloseTo(1 - ba.ci95_decisive![1], 12);
        }
      }),
    );
  });

  it("breaks down by any grouping, a record with several tags counting in each", () => {
    const records: { o: Outcome; category: string; tags: string[] }[] = [
      { o: "win", category: "simple", tags: ["math"] },
      { o: "loss", category: "simple", tags: ["math", "code"] },
      { o: "tie", category: "edge_case", tags: ["code"] },
      { o: "both_bad", category: "edge_case", tags: [] },
    ];
    const byCategory = winRateBreakdown(records, (r) => r.o, (r) => r.category, { resamples: 0 });
    expect(byCategory.map((g) => [g.group, g.n, g.win_rate])).toEqual([
      ["simple", 2, 0.5],
      ["edge_case", 2, 0.5],
    ]);
    expect(byCategory[1].both_bad).toBe(1);
    const byTag = winRateBreakdown(records, (r) => r.o, (r) => r.tags, { resamples: 0 });
    expect(byTag.map((g) => [g.group, g.wins, g.losses, g.ties])).toEqual([
      ["math", 1, 1, 0],
      ["code", 0, 1, 1],
    ]);
  });

  it("counts outcomes and rejects unknown ones", () => {
    expect(countOutcomes(["win", "win", "tie", "both_bad", "loss"])).toEqual({ wins: 2, losses: 1, ties: 1, both_bad: 1 });
    expect(() => countOutcomes(["draw" as Outcome])).toThrow(/unknown outcome/);
  });
});
