import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  annotatorBalanced,
  comparisonBalanced,
  needOf,
  outcomeOf,
  planSlots,
  queueRng,
  sideForClaim,
  shuffleInPlace,
} from "../../app/core/position-balance.ts";

describe("planSlots", () => {
  for (let k = 1; k <= 9; k++) {
    it(`k=${k}: floor(k/2) fixed left, floor(k/2) fixed right, one free slot when odd, free last`, () => {
      const plans = planSlots(k, queueRng(7));
      expect(plans).toHaveLength(k);
      expect(new Set(plans.map((p) => p.slot)).size).toBe(k);
      const fixed = plans.filter((p) => p.sideFixed);
      expect(fixed.filter((p) => p.candidateLeft)).toHaveLength(Math.floor(k / 2));
      expect(fixed.filter((p) => !p.candidateLeft)).toHaveLength(Math.floor(k / 2));
      expect(plans.filter((p) => !p.sideFixed)).toHaveLength(k % 2);
      if (k % 2) expect(plans.find((p) => !p.sideFixed)!.rank).toBe(k - 1);
      // Whatever side the free slot takes, the comparison lands on floor or ceil of k/2.
      for (const freeLeft of [true, false]) {
        const lefts = plans.filter((p) => (p.sideFixed ? p.candidateLeft : freeLeft)).length;
        expect(comparisonBalanced(k, lefts)).toBe(true);
      }
    });
  }

  it("is deterministic for a seed and differs between seeds", () => {
    expect(planSlots(5, queueRng(1))).toEqual(planSlots(5, queueRng(1)));
    const many = (seed: number) => {
      const rng = queueRng(seed);
      return Array.from({ length: 40 }, () => planSlots(3, rng).map((p) => Number(p.candidateLeft)).join("")).join(",");
    };
    expect(many(1)).toEqual(many(1));
    expect(many(1)).not.toEqual(many(2));
  });

  it("rejects k outside 1..50", () => {
    expect(() => planSlots(0, queueRng(1))).toThrow(RangeError);
    expect(() => planSlots(2.5, queueRng(1))).toThrow(RangeError);
    expect(() => planSlots(51, queueRng(1))).toThrow(RangeError);
  });

  it("free slots prefer each side about half the time", () => {
    const rng = queueRng(99);
    let left = 0;
    for (let i = 0; i < 2000; i++) if (planSlots(3, rng).find((p) => !p.sideFixed)!.candidateLeft) left++;
    expect(left).toBeGreaterThan(900);
    expect(left).toBeLessThan(1100);
  });
});

describe("sideForClaim", () => {
  const fixedL = { sideFixed: true, candidateLeft: true };
  const fixedR = { sideFixed: true, candidateLeft: false };
  const free = { sideFixed: false, candidateLeft: false, preferredLeft: true };
  it("serves an annotator within the bound any slot on its own side, a free one on its preferred side", () => {
    expect(sideForClaim(fixedL, 2, 2)).toBe(true);
    expect(sideForClaim(fixedR, 2, 2)).toBe(false);
    expect(sideForClaim(free, 2, 2)).toBe(true);
    // Two off balance is still free: the big stick only strikes at 3.
    expect(needOf(4, 2)).toBe("any");
    expect(sideForClaim(fixedL, 4, 2)).toBe(true);
    expect(sideForClaim(fixedR, 2, 4)).toBe(false);
    expect(sideForClaim(free, 4, 2)).toBe(true);
  });
  it("serves an annotator at the bound only the side that brings them back, the free slot on that side", () => {
    expect(needOf(5, 2)).toBe("right");
    expect(needOf(2, 5)).toBe("left");
    expect(sideForClaim(fixedL, 5, 2)).toBeNull();
    expect(sideForClaim(fixedR, 5, 2)).toBe(false);
    expect(sideForClaim(free, 5, 2)).toBe(false);
    expect(sideForClaim(fixedR, 2, 5)).toBeNull();
    expect(sideForClaim(free, 2, 5)).toBe(true);
    expect(needOf(3, 2, 1)).toBe("right");
  });

  it("keeps both rules for any interleaving of annotators (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        (k, nComparisons, nAnnotators, seed) => {
          const rng = queueRng(seed);
          const slots = [];
          for (let c = 0; c < nComparisons; c++) {
            for (const p of planSlots(k, rng)) slots.push({ c, ...p, preferredLeft: p.sideFixed ? null : p.candidateLeft, taken: null as boolean | null });
          }
          const seqs: boolean[][] = Array.from({ length: nAnnotators }, () => []);
          const judged = Array.from({ length: nAnnotators }, () => new Set<number>());
          let progress = true;
          while (progress) {
            progress = false;
            for (const a of shuffleInPlace([...Array(nAnnotators).keys()], rng)) {
              const l = seqs[a].filter(Boolean).length;
              const r = seqs[a].length - l;
              const s = slots.find((x) => x.taken === null && !judged[a].has(x.c) && sideForClaim(x, l, r) !== null);
              if (!s) continue;
              s.taken = sideForClaim(s, l, r);
              seqs[a].push(s.taken!);
              judged[a].add(s.c);
              progress = true;
            }
          }
          for (const seq of seqs) expect(annotatorBalanced(seq)).toBe(true);
          for (let c = 0; c < nComparisons; c++) {
            const taken = slots.filter((s) => s.c === c && s.taken !== null);
            expect(comparisonBalanced(k, taken.filter((s) => s.taken).length, taken.length)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("helpers", () => {
  it("annotatorBalanced checks every prefix against the bound", () => {
    expect(annotatorBalanced([true, true, true, false, true, false])).toBe(true);
    expect(annotatorBalanced([true, true, true, true])).toBe(false);
    expect(annotatorBalanced([false, true, false, false, false, false])).toBe(false);
    expect(annotatorBalanced([true, true], 1)).toBe(false);
  });
  it("comparisonBalanced accepts floor and ceil only", () => {
    expect(comparisonBalanced(3, 1)).toBe(true);
    expect(comparisonBalanced(3, 2)).toBe(true);
    expect(comparisonBalanced(3, 3)).toBe(false);
    expect(comparisonBalanced(4, 1)).toBe(false);
    expect(comparisonBalanced(4, 2)).toBe(true);
    expect(comparisonBalanced(3, 2, 2)).toBe(true);
    expect(comparisonBalanced(4, 3, 3)).toBe(false);
  });
  it("outcomeOf maps the choice back to systems", () => {
    expect(outcomeOf("left", true)).toBe("a");
    expect(outcomeOf("left", false)).toBe("b");
    expect(outcomeOf("right", true)).toBe("b");
    expect(outcomeOf("right", false)).toBe("a");
    expect(outcomeOf("tie", false)).toBe("tie");
    expect(outcomeOf("both_bad", true)).toBe("both_bad");
  });
});
