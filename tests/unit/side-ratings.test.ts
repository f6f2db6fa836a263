import { describe, expect, it } from "vitest";
import { sideRatingSummary } from "../../app/core/side-ratings.ts";

describe("criteria ratings per side on the human tab", () => {
  it("means per system, the per-comparison difference and its interval over comparisons (hand-computed)", () => {
    const pair = "ft vs base";
    const s = sideRatingSummary(
      [
        // Comparison 1, two votes: differences 2 and 0 → item difference 1.
        { comparison_id: 1, pair, a: { accuracy: 4, clarity: 3 }, b: { accuracy: 2, clarity: 3 } },
        { comparison_id: 1, pair, a: { accuracy: 3 }, b: { accuracy: 3 } },
        // Comparison 2: difference 3.
        { comparison_id: 2, pair, a: { accuracy: 5 }, b: { accuracy: 2 } },
        // Comparison 3: only a rated: counts for a's mean, not for the difference.
        { comparison_id: 3, pair, a: { accuracy: 1 }, b: {} },
      ],
      ["accuracy", "clarity", "tone"],
    );
    expect(s).toHaveLength(1);
    const acc = s[0].rows.find((r) => r.criterion === "accuracy")!;
    expect(acc.mean_a).toBeCloseTo((4 + 3 + 5 + 1) / 4, 12);
    expect(acc.mean_b).toBeCloseTo((2 + 3 + 2) / 3, 12);
    expect([acc.n_a, acc.n_b, acc.n_items]).toEqual([4, 3, 2]);
    // Items 1 and 2 (differences 1 and 3): mean 2, sample sd √2, half-width 1.959964 · √2 / √2.
    expect(acc.mean_diff).toBe(2);
    expect(acc.ci95![0]).toBeCloseTo(2 - 1.959963984540054, 9);
    expect(acc.ci95![1]).toBeCloseTo(2 + 1.959963984540054, 9);
    const clarity = s[0].rows.find((r) => r.criterion === "clarity")!;
    expect([clarity.mean_a, clarity.mean_b, clarity.n_items, clarity.mean_diff, clarity.ci95]).toEqual([3, 3, 1, 0, null]);
    // A criterion nobody rated is left out.
    expect(s[0].rows.map((r) => r.criterion)).toEqual(["accuracy", "clarity"]);
  });
});
