import { describe, expect, it } from "vitest";
import { halfWidth, moreJudgments, nNeeded } from "../../app/core/stats/index.ts";

describe("n_needed", () => {
  it("hand-computed cases", () => {
    // 40 items, 0.62 ± 0.15, threshold 0.55: 40·(0.15/0.07)² = 183.67 → 184.
    expect(nNeeded(40, 0.62, 0.15, 0.55)).toEqual({ n_needed: 184, cannot_clear: false });
    // Half-width twice the gap: 4× the items, exactly (no rounding up past 4n).
    expect(nNeeded(25, 0.5, 0.2, 0.6)).toEqual({ n_needed: 100, cannot_clear: false });
    // Below the threshold works the same way (the interval would clear it from below).
    expect(nNeeded(10, 0.4, 0.3, 0.6).n_needed).toBe(23); // 10·(1.5)² = 22.5 → 23
  });

  it("cannot clear on the threshold; unknown without an estimate", () => {
    expect(nNeeded(30, 0.6, 0.1, 0.6)).toEqual({ n_needed: null, cannot_clear: true });
    expect(nNeeded(0, null, null, 0.6)).toEqual({ n_needed: null, cannot_clear: false });
  });

  it("turns items into judgments at k votes per item", () => {
    const need = nNeeded(40, 0.62, 0.15, 0.55);
    expect(moreJudgments(need, 40, 3)).toBe((184 - 40) * 3);
    expect(halfWidth([0.47, 0.77])).toBeCloseTo(0.15, 12);
  });
});
