import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bootstrapItems,
  clusterBootstrap,
  clusteredProportion,
  clusteredWinRate,
  countOutcomes,
  groupClusters,
  signTest,
  tallyVotes,
  winRate,
  wilsonInterval,
  Z95,
  type ItemTally,
  type Outcome,
} from "../../app/core/stats/index.ts";

const OUTCOMES: Outcome[] = ["win", "loss", "tie", "both_bad"];

/** k copies of each vote of each item. */
function tallies(items: Outcome[][], k = 1): ItemTally[] {
  const rows = items.flatMap((votes, i) => votes.flatMap((v) => Array.from({ length: k }, () => ({ item: `i${i}`, v }))));
  return tallyVotes(rows, (r) => r.item, (r) => r.v);
}

describe("clustered win rate: definitions by hand", () => {
  it("scores items by the mean of their votes and counts them by balance", () => {
    const items: Outcome[][] = [
      ["win", "win", "loss"], // 2/3, a win
      ["loss"], // 0, a loss
      ["win", "loss"], // 1/2, balance: a tie
      ["tie", "win"], // 3/4, a win
      ["both_bad", "both_bad"], // 1/2, a tie, both bad
    ];
    const w = clusteredWinRate(tallies(items), { resamples: 0 });
    expect(w).toMatchObject({ n: 5, n_votes: 10, wins: 2, losses: 1, ties: 2, both_bad: 1, single_vote: false });
    expect(w.win_rate).toBeCloseTo((2 / 3 + 0 + 0.5 + 0.75 + 0.5) / 5, 14);
    expect(w.decisive_win_rate).toBeCloseTo(2 / 3, 14);
    // Sign test on 2 item wins, 1 item loss: 2·P(X <= 1 | n = 3) = 2·4/8 = 1.
    expect(w.p_value).toBeCloseTo(1, 12);
    expect(w.ci95_decisive_method).toBe("cluster_bootstrap");
  });

  it("accepts fractional scores (AlpacaEval weighted annotators): win rate is the mean score", () => {
    const t = tallyVotes([0.9, 0.2, 0.5, 0.75].map((s, i) => ({ s, i })), (r) => String(r.i), (r) => r.s);
    const w = clusteredWinRate(t, { resamples: 0 });
    expect(w.win_rate).toBeCloseTo((0.9 + 0.2 + 0.5 + 0.75) / 4, 14);
    expect(w).toMatchObject({ wins: 2, losses: 1, ties: 1, single_vote: true });
    expect(w.ci95_decisive).toEqual(wilsonInterval(2, 3));
  });

  it("issue 13's example: 40 items × 3 identical votes give the single-vote p-value", () => {
    // 27 wins, 12 losses, 1 tie per item; as 120 independent votes the sign test would be 81 vs 36.
    const items: Outcome[][] = [...Array(27).fill(["win"]), ...Array(12).fill(["loss"]), ["tie"]];
    const one = clusteredWinRate(tallies(items), { resamples: 2000, seed: 7 });
    const three = clusteredWinRate(tallies(items, 3), { resamples: 2000, seed: 7 });
    expect(three.p_value).toBe(signTest(27, 12).p_value);
    expect(three.p_value).toBe(one.p_value);
    expect(signTest(81, 36).p_value!).toBeLessThan(one.p_value! / 100);
    expect(three.n).toBe(40);
    expect(three.n_votes).toBe(120);
  });
});

describe("clustered win rate: one vote per item is today's winRate", () => {
  it("equals winRate field for field, intervals to the last digit", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OUTCOMES), { minLength: 1, maxLength: 200 }), fc.integer(), (votes, seed) => {
        const old = winRate(countOutcomes(votes), { resamples: 300, seed });
        const neu = clusteredWinRate(tallies(votes.map((v) => [v])), { resamples: 300, seed });
        const { n_votes, single_vote, ci95_decisive_method, ci95_win_rate_method, ...rest } = neu;
        expect(rest).toEqual(old);
        expect(n_votes).toBe(votes.length);
        expect(single_vote).toBe(true);
        expect(ci95_decisive_method).toBe("wilson");
      }),
      { numRuns: 60 },
    );
  });
});

describe("clustered win rate: duplicating every vote k times changes nothing", () => {
  it("keeps win rate, p-value and win-rate interval exactly; the decisive interval within bootstrap noise", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...OUTCOMES), { minLength: 1, maxLength: 4 }), { minLength: 30, maxLength: 120 }),
        fc.integer({ min: 2, max: 5 }),
        (items, k) => {
          const base = clusteredWinRate(tallies(items), { resamples: 2000, seed: 3 });
          const dup = clusteredWinRate(tallies(items, k), { resamples: 2000, seed: 3 });
          expect(dup.n).toBe(base.n);
          expect(dup.n_votes).toBe(k * base.n_votes);
          expect(dup.win_rate!).toBeCloseTo(base.win_rate!, 12);
          expect(dup.p_value).toBe(base.p_value);
          expect(dup.ci95_win_rate![0]).toBeCloseTo(base.ci95_win_rate![0], 12);
          expect(dup.ci95_win_rate![1]).toBeCloseTo(base.ci95_win_rate![1], 12);
          if (dup.ci95_decisive && base.ci95_decisive) {
            const wd = dup.ci95_decisive[1] - dup.ci95_decisive[0];
            const wb = base.ci95_decisive[1] - base.ci95_decisive[0];
            // Single-vote items: Wilson vs item bootstrap of the same proportion.
            expect(Math.abs(wd - wb)).toBeLessThan(0.25 * wb + 0.02);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it("is √k narrower if the votes were wrongly treated as independent (the bug this fixes)", () => {
    const items: Outcome[][] = [...Array(27).fill(["win"]), ...Array(12).fill(["loss"]), ["tie"]];
    const clustered = clusteredWinRate(tallies(items, 3), { resamples: 4000, seed: 1 });
    const naive = winRate(countOutcomes(items.flatMap((v) => [v[0], v[0], v[0]])), { resamples: 4000, seed: 1 });
    const wc = clustered.ci95_win_rate![1] - clustered.ci95_win_rate![0];
    const wn = naive.ci95_win_rate![1] - naive.ci95_win_rate![0];
    expect(wc / wn).toBeGreaterThan(Math.sqrt(3) * 0.85);
    expect(wc / wn).toBeLessThan(Math.sqrt(3) * 1.15);
  });
});

describe("cluster bootstrap width against the cluster-robust normal formula", () => {
  it("matches 2·1.96·sd(item scores)/√n within 8% on 600 items of mixed votes", () => {
    // Deterministic mixed items: votes cycle through patterns of different sizes.
    const patterns: Outcome[][] = [["win"], ["win", "loss", "win"], ["loss", "loss"], ["tie", "win"], ["both_bad"], ["win", "win"], ["loss", "tie", "loss"]];
    const items = Array.from({ length: 600 }, (_, i) => patterns[(i * 5 + (i >> 3)) % patterns.length]);
    const t = tallies(items);
    const scores = t.map((x) => x.score_sum / x.votes);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
    const expected = (2 * Z95 * sd) / Math.sqrt(scores.length);
    const w = clusteredWinRate(t, { resamples: 10_000, seed: 11 });
    expect(w.win_rate).toBeCloseTo(mean, 12);
    const width = w.ci95_win_rate![1] - w.ci95_win_rate![0];
    expect(Math.abs(width / expected - 1)).toBeLessThan(0.08);
  });
});

describe("clusteredProportion", () => {
  it("is Wilson with one trial per item", () => {
    const items = [...Array(15).fill({ successes: 1, trials: 1 }), ...Array(5).fill({ successes: 0, trials: 1 })];
    const p = clusteredProportion(items);
    expect(p).toMatchObject({ value: 0.75, n: 20, n_trials: 20, ci95_method: "wilson" });
    expect(p.ci95).toEqual(wilsonInterval(15, 20));
  });

  it("averages item proportions and resamples items", () => {
    const items = [{ successes: 3, trials: 3 }, { successes: 1, trials: 3 }, { successes: 0, trials: 1 }, { successes: 2, trials: 2 }];
    const p = clusteredProportion(items, { resamples: 500, seed: 2 });
    expect(p.value).toBeCloseTo((1 + 1 / 3 + 0 + 1) / 4, 14);
    expect(p).toMatchObject({ n: 4, n_trials: 9, ci95_method: "cluster_bootstrap" });
    expect(p.ci95![0]).toBeGreaterThanOrEqual(0);
    expect(p.ci95![1]).toBeLessThanOrEqual(1);
  });

  it("repeating every trial k times leaves value and interval unchanged", () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ successes: i % 3 === 0 ? 0 : 1, trials: 1 }));
    const mixed = [...items, { successes: 1, trials: 2 }];
    const a = clusteredProportion(mixed, { resamples: 800, seed: 9 });
    const b = clusteredProportion(mixed.map((x) => ({ successes: 3 * x.successes, trials: 3 * x.trials })), { resamples: 800, seed: 9 });
    expect(b.value).toBeCloseTo(a.value!, 14);
    expect(b.ci95).toEqual(a.ci95);
  });
});

describe("clusterBootstrap", () => {
  it("with clusters of k identical rows gives bootstrapItems' interval over one row each", () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 7) % 11);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const one = bootstrapItems(values, mean, { resamples: 500, seed: 4 });
    const clusters = groupClusters(values.flatMap((v, i) => [{ i, v }, { i, v }, { i, v }]), (r) => String(r.i));
    expect(clusters).toHaveLength(40);
    const three = clusterBootstrap(clusters, (rows) => mean(rows.map((r) => r.v)), { resamples: 500, seed: 4 });
    expect(three.interval![0]).toBeCloseTo(one.interval![0], 12);
    expect(three.interval![1]).toBeCloseTo(one.interval![1], 12);
  });
});
