import { describe, expect, it } from "vitest";
import { IMBALANCE_BOUND, comparisonBalanced } from "../../app/core/position-balance.ts";
import { bigStickHitRate, sidePredictability } from "../../app/core/side-predictability.ts";
import { createRng } from "../../app/core/stats/rng.ts";
import { runQueueModel } from "../support/queue-model.ts";

/** An independent big-stick walk: fair coins, forced back at the bound. */
function bigStickWalk(n: number, bound: number, seed: number): boolean[] {
  const rng = createRng(seed);
  const out: boolean[] = [];
  let d = 0;
  for (let i = 0; i < n; i++) {
    const left = d >= bound ? false : d <= -bound ? true : rng.next() < 0.5;
    out.push(left);
    d += left ? 1 : -1;
  }
  return out;
}

describe("sidePredictability", () => {
  it("scores strict alternation 100% for the alternate guesser and 0% for repeat (hand count)", () => {
    const p = sidePredictability([[true, false, true, false], [false, true, false, true]]);
    expect(p.predictions).toBe(6);
    expect(p.hitRates.alternate).toBe(1);
    expect(p.hitRates.repeat).toBe(0);
    expect(p.best.hitRate).toBe(1);
    expect(p.maxImbalance).toBe(1);
    expect(p.maxFinalImbalance).toBe(0);
  });

  it("the old |L-R| <= 1 rule (a coin at 0, forced at 1) is 75% predictable", () => {
    const seqs = Array.from({ length: 100 }, (_, a) => bigStickWalk(200, 1, a + 1));
    const p = sidePredictability(seqs, 1);
    expect(bigStickHitRate(1)).toBe(0.75);
    expect(Math.abs(p.best.hitRate - 0.75)).toBeLessThan(0.015);
  });

  it("an independent big-stick walk with bound 3 lands on the theory's 7/12", () => {
    expect(bigStickHitRate(3)).toBeCloseTo(7 / 12, 12);
    const seqs = Array.from({ length: 100 }, (_, a) => bigStickWalk(200, 3, 1000 + a));
    const p = sidePredictability(seqs, 3);
    // 19,900 predictions: one standard error is about 0.0035.
    expect(Math.abs(p.best.hitRate - 7 / 12)).toBeLessThan(0.015);
    expect(p.maxImbalance).toBe(3);
  });
});

describe("the queue's sides (claim model of migration 0008), 100 annotators x 200 tasks", () => {
  const k = 3;
  const run = runQueueModel({ seed: 20261202, annotators: 100, tasksEach: 200, comparisons: 8000, k });
  const p = sidePredictability(run.sequences, IMBALANCE_BOUND);

  it("serves every annotator their 200 tasks", () => {
    expect(run.sequences.every((s) => s.length === 200)).toBe(true);
  });

  it("the best guesser's hit rate on the next side is at most 0.60 (theory 0.583)", () => {
    expect(p.best.hitRate).toBeLessThanOrEqual(0.6);
    expect(Math.abs(p.best.hitRate - bigStickHitRate(3))).toBeLessThan(0.02);
    // Alternation no longer gives it away.
    expect(p.hitRates.alternate).toBeLessThan(0.6);
  });

  it("every annotator's imbalance stays within 3, at the end and at every step", () => {
    expect(p.maxFinalImbalance).toBeLessThanOrEqual(3);
    expect(p.maxImbalance).toBeLessThanOrEqual(3);
  });

  it("every comparison keeps floor/ceil(k/2) on the left", () => {
    for (const [lefts, judged] of run.comparisons) expect(comparisonBalanced(k, lefts, judged)).toBe(true);
  });
});
