import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  agreementWithMajority,
  bootstrapItems,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  percentAgreement,
  perRaterMajorityAgreement,
  StatsInputError,
  strictMajority,
  type Label,
  type Rating,
} from "../../app/core/stats/index.ts";

/** Expands a 2×2 (or k×k) contingency table of counts into item rows [rater1, rater2]. */
function rowsFromTable(labels: Label[], table: number[][]): Label[][] {
  const rows: Label[][] = [];
  table.forEach((line, i) => line.forEach((count, j) => {
    for (let c = 0; c < count; c++) rows.push([labels[i], labels[j]]);
  }));
  return rows;
}

/** Expands per-item category counts (Fleiss' layout) into rows of labels. */
function rowsFromCounts(counts: number[][]): Label[][] {
  return counts.map((line) => line.flatMap((count, j) => Array<Label>(count).fill(j + 1)));
}

describe("Cohen's kappa", () => {
  it("reproduces Wikipedia's worked example (a=20, b=5, c=10, d=15 → κ = 0.4)", () => {
    // Rows: rater A; columns: rater B. A yes/B yes 20, A yes/B no 5, A no/B yes 10, A no/B no 15.
    const rows = rowsFromTable(["yes", "no"], [[20, 5], [10, 15]]);
    const k = cohenKappa(rows);
    expect(k.n_items).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.value).toBeCloseTo(0.4, 12);
  });

  // Hand computation for the 3×3 table below (n = 20, row sums 7,6,7, column sums 6,8,6):
  // unweighted p_o = 14/20, p_e = (42+48+42)/400 = 0.33 → κ = 0.37/0.67.
  // Linear: observed disagreement Σ|i-j|·o/n = 6/20; expected Σ|i-j|·r_i·c_j/n² = (184 + 2·84)/400 = 0.88
  //   → κ = 1 - 0.3/0.88 = 29/44. Quadratic: expected (184 + 4·84)/400 = 1.3 → κ = 1 - 0.3/1.3 = 10/13.
  const table = [[5, 2, 0], [1, 4, 1], [0, 2, 5]];
  it("matches a hand-computed unweighted, linear and quadratic kappa", () => {
    const rows = rowsFromTable([1, 2, 3], table);
    expect(cohenKappa(rows).value).toBeCloseTo(0.37 / 0.67, 12);
    expect(cohenKappa(rows, { weights: "linear" }).value).toBeCloseTo(29 / 44, 12);
    expect(cohenKappa(rows, { weights: "quadratic" }).value).toBeCloseTo(10 / 13, 12);
  });

  it("weights by position in the given category order, not by label text", () => {
    const rows = rowsFromTable(["low", "mid", "high"], table);
    expect(cohenKappa(rows, { weights: "linear", categories: ["low", "mid", "high"] }).value).toBeCloseTo(29 / 44, 12);
    expect(() => cohenKappa(rows, { weights: "linear" })).toThrow(StatsInputError);
  });

  it("refuses weighted kappa when the raters used unequal label sets and no order is given", () => {
    const rows: Label[][] = [[1, 1], [2, 3], [3, 3]];
    expect(() => cohenKappa(rows, { weights: "quadratic" })).toThrow(/unequal label sets/);
    expect(cohenKappa(rows, { weights: "quadratic", categories: [1, 2, 3] }).value).not.toBeNull();
  });

  it("is null with a reason, never NaN, on degenerate input", () => {
    const one = cohenKappa([["a", "a"], ["a", "a"]]);
    expect(one.value).toBeNull();
    expect(one.reason).toMatch(/one and the same label/);
    expect(cohenKappa([["a"], ["b"]]).reason).toMatch(/single rater/);
    expect(cohenKappa([["a", null], [null, "b"]]).reason).toMatch(/no item/);
    expect(() => cohenKappa([["a", "b", "c"]])).toThrow(StatsInputError);
  });

  const labelPair = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 60 });

  it("is 1 for identical raters whenever defined", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 50 }), (labels) => {
        const rows = labels.map((l) => [l, l]);
        for (const weights of ["none", "linear", "quadratic"] as const) {
          const k = cohenKappa(rows, { weights });
          if (new Set(labels).size > 1) expect(k.value).toBeCloseTo(1, 12);
          else expect(k.value).toBeNull();
        }
      }),
    );
  });

  it("is invariant to renaming labels and to rater order", () => {
    fc.assert(
      fc.property(labelPair, fc.shuffledSubarray(["p", "q", "r", "s", "t", "u", "v"], { minLength: 5, maxLength: 5 }), (pairs, names) => {
        const base = cohenKappa(pairs);
        const renamed = cohenKappa(pairs.map(([a, b]) => [names[a], names[b]]));
        const swapped = cohenKappa(pairs.map(([a, b]) => [b, a]));
        for (const other of [renamed, swapped]) {
          if (base.value === null) expect(other.value).toBeNull();
          else expect(other.value).toBeCloseTo(base.value, 12);
        }
        // Weighted kappa does not depend on which rater is first either.
        const setsEqual = (() => {
          const a = new Set(pairs.map((p) => p[0]));
          const b = new Set(pairs.map((p) => p[1]));
          return a.size === b.size && [...a].every((x) => b.has(x));
        })();
        if (setsEqual) {
          const w1 = cohenKappa(pairs, { weights: "quadratic" }).value;
          const w2 = cohenKappa(pairs.map(([a, b]) => [b, a]), { weights: "quadratic" }).value;
          if (w1 === null) expect(w2).toBeNull();
          else expect(w2).toBeCloseTo(w1, 12);
        }
      }),
    );
  });
});

describe("Fleiss' kappa", () => {
  // Wikipedia, "Fleiss' kappa", worked example: 10 items, 14 raters, 5 categories.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it("reproduces Wikipedia's worked example (P̄ = 0.378, P̄e = 0.213, κ = 0.210)", () => {
    const k = fleissKappa(rowsFromCounts(wikipedia));
    expect(k.n_items).toBe(10);
    expect(k.n_raters).toBe(14);
    expect(k.observed!).toBeCloseTo(0.378, 3);
    expect(k.expected!).toBeCloseTo(0.213, 3);
    expect(k.value!).toBeCloseTo(0.21, 3);
  });

  it("demands complete data", () => {
    expect(() => fleissKappa([["a", "b", "a"], ["a", "b"]])).toThrow(/complete data/);
    expect(() => fleissKappa([["a", "b", "a"], ["a", null, "b"]])).toThrow(StatsInputError);
  });

  it("is null with a reason for one label or one rater", () => {
    expect(fleissKappa([["a", "a"], ["a", "a"]]).reason).toMatch(/only one label/);
    expect(fleissKappa([["a"], ["b"]]).reason).toMatch(/single rater/);
  });

  it("with two raters equals Scott's pi (pooled marginals)", () => {
    const rows = rowsFromTable(["yes", "no"], [[20, 5], [10, 15]]);
    // Scott's pi: p_e from pooled marginals: yes = (25 + 30)/100, no = 45/100.
    const pe = 0.55 ** 2 + 0.45 ** 2;
    expect(fleissKappa(rows).value).toBeCloseTo((0.7 - pe) / (1 - pe), 12);
  });

  it("is invariant to label renaming and to the order of ratings within items", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 30 }),
        (rows) => {
          const base = fleissKappa(rows).value;
          const renamed = fleissKappa(rows.map((r) => r.map((x) => `L${(x * 7) % 4}`))).value;
          const reversed = fleissKappa(rows.map((r) => [...r].reverse())).value;
          for (const v of [renamed, reversed]) {
            if (base === null) expect(v).toBeNull();
            else expect(v).toBeCloseTo(base, 12);
          }
        },
      ),
    );
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
  // 12 units, missing data. Rows here are units, columns observers A, B, C, D.
  const _ = null;
  const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _];
  const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3];
  const C = [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _];
  const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _];
  const units: Rating[][] = A.map((_, u) => [A[u], B[u], C[u], D[u]]);

  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
    ["ratio", 0.797],
  ] as const)("reproduces the paper's %s alpha (%s)", (level, expected) => {
    const a = krippendorffAlpha(units, level);
    expect(a.n_units).toBe(11); // unit 12 has one value and is not pairable
    expect(a.n_values).toBe(40);
    expect(a.value!).toBeCloseTo(expected, 3);
  });

  it("reproduces the paper's binary two-observer example (α = 0.095)", () => {
    const obs1 = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const obs2 = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const a = krippendorffAlpha(obs1.map((x, u) => [x, obs2[u]]), "nominal");
    expect(a.value!).toBeCloseTo(0.095, 3);
  });

  it("reproduces the paper's nominal two-observer example (α = 0.692)", () => {
    const obs1 = "a a b b d c c c e d d a".split(" ");
    const obs2 = "b a b b b c c c e d d d".split(" ");
    expect(krippendorffAlpha(obs1.map((x, u) => [x, obs2[u]]), "nominal").value!).toBeCloseTo(0.692, 3);
  });

  it("orders string labels by the given order for ordinal data", () => {
    const names = ["", "one", "two", "three", "four", "five"];
    const renamed = units.map((row) => row.map((v) => (v === null ? null : names[v as number])));
    expect(krippendorffAlpha(renamed, "ordinal", { order: names.slice(1) }).value!).toBeCloseTo(0.815, 3);
    expect(() => krippendorffAlpha(renamed, "ordinal")).toThrow(StatsInputError);
    expect(() => krippendorffAlpha(renamed, "interval")).toThrow(/numeric/);
  });

  it("is null with a reason when nothing is pairable or all values agree", () => {
    expect(krippendorffAlpha([[1, null], [null, 2]]).reason).toMatch(/pairable/);
    expect(krippendorffAlpha([[1, 1], [1, 1, 1]]).reason).toMatch(/expected disagreement is zero/);
    expect(krippendorffAlpha([[3], [4]], "interval").value).toBeNull();
  });

  const reliabilityData = fc.array(
    fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { minLength: 3, maxLength: 3 }),
    { minLength: 1, maxLength: 25 },
  );

  it("does not change when units are shuffled or observers reordered", () => {
    fc.assert(
      fc.property(reliabilityData, fc.integer(), (rows, seed) => {
        const shuffled = [...rows];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const reordered = rows.map((r) => [r[2], r[0], r[1]]);
        for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
          const base = krippendorffAlpha(rows, level).value;
          for (const other of [krippendorffAlpha(shuffled, level).value, krippendorffAlpha(reordered, level).value]) {
            if (base === null) expect(other).toBeNull();
            else expect(other).toBeCloseTo(base, 9);
          }
        }
      }),
    );
  });

  it("interval alpha is invariant to shifting and scaling the values", () => {
    fc.assert(
      fc.property(reliabilityData, fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 9 }), (rows, shift, scale) => {
        const base = krippendorffAlpha(rows, "interval").value;
        const moved = krippendorffAlpha(rows.map((r) => r.map((v) => (v === null ? null : v * scale + shift))), "interval").value;
        if (base === null) expect(moved).toBeNull();
        else expect(moved).toBeCloseTo(base, 9);
      }),
    );
  });

  it("is 1 when every unit's values agree (and the units differ)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 20 }), (values) => {
        fc.pre(new Set(values).size > 1);
        const rows = values.map((v) => [v, v, null, v]);
        for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
          expect(krippendorffAlpha(rows, level).value).toBeCloseTo(1, 12);
        }
      }),
    );
  });
});

describe("percent agreement", () => {
  it("is the share of agreeing pairs, averaged over items", () => {
    // Item 1: 3 of 3 pairs agree; item 2: 1 of 3; item 3 has one rating and is left out.
    const p = percentAgreement([["a", "a", "a"], ["a", "a", "b"], ["c", null, null]]);
    expect(p.n_items).toBe(2);
    expect(p.value).toBeCloseTo(2 / 3, 12);
  });
  it("with two raters is the share of items where they agree", () => {
    expect(percentAgreement(rowsFromTable(["yes", "no"], [[20, 5], [10, 15]])).value).toBeCloseTo(0.7, 12);
  });
  it("is null when no item has two ratings", () => {
    expect(percentAgreement([["a"], [null, "b"]]).value).toBeNull();
  });
});

describe("agreement with the majority of the others", () => {
  it("needs a strict majority", () => {
    expect(strictMajority(["a", "a", "b"])).toBe("a");
    expect(strictMajority(["a", "b"])).toBeNull();
    expect(strictMajority(["a", "a", "b", "b"])).toBeNull();
    expect(strictMajority(["a", null, undefined])).toBe("a");
  });

  it("counts only items where the others have a strict majority", () => {
    const rows: Rating[][] = [
      ["x", "x", "x"], // all agree
      ["y", "x", "x"], // rater 0 disagrees with majority x
      ["x", "y", "z"], // no majority among any two others
      ["x", "x", null], // rater 0: the single other says x
    ];
    const [r0, r1, r2] = perRaterMajorityAgreement(rows);
    expect(r0).toMatchObject({ rater: 0, n_items: 3, n_agree: 2 });
    expect(r0.value).toBeCloseTo(2 / 3, 12);
    // Rater 1: item 2 others {y, x} no majority; item 3 {x, z} none; items 1 and 4 agree.
    expect(r1).toMatchObject({ n_items: 2, n_agree: 2, value: 1 });
    // Rater 2: item 1 others {x, x} agree with it; item 2 others {y, x} and item 3 {x, y} have
    // no majority; item 4 it did not rate.
    expect(r2).toMatchObject({ n_items: 1, n_agree: 1, value: 1 });
  });

  it("works for a judge against the human majority", () => {
    const judge: Rating[] = ["A", "B", "tie"];
    const humans: Rating[][] = [["A", "A", "B"], ["A", "A", "A"], ["A", "B", "tie"]];
    expect(agreementWithMajority(judge, humans)).toMatchObject({ n_items: 2, n_agree: 1, value: 0.5 });
  });
});

describe("bootstrap over items", () => {
  const rows = rowsFromTable(["yes", "no"], [[20, 5], [10, 15]]);

  it("reproduces from its seed and brackets the estimate", () => {
    const stat = (s: Label[][]) => cohenKappa(s).value;
    const a = bootstrapItems(rows, stat, { resamples: 500, seed: 7 });
    const b = bootstrapItems(rows, stat, { resamples: 500, seed: 7 });
    const c = bootstrapItems(rows, stat, { resamples: 500, seed: 8 });
    expect(a.interval).toEqual(b.interval);
    expect(a.interval).not.toEqual(c.interval);
    const [lo, hi] = a.interval!;
    expect(lo).toBeLessThan(0.4);
    expect(hi).toBeGreaterThan(0.4);
    // Large-sample SE of this kappa is about 0.13, so the 95% interval is roughly ±0.25 wide.
    expect(hi - lo).toBeGreaterThan(0.3);
    expect(hi - lo).toBeLessThan(0.7);
  });

  it("leaves out and counts resamples where the statistic is undefined", () => {
    const few: Label[][] = [["a", "a"], ["b", "b"]];
    const r = bootstrapItems(few, (s) => cohenKappa(s).value, { resamples: 400, seed: 1 });
    // A resample is degenerate when it draws the same item twice: probability 1/2.
    expect(r.undefined_resamples).toBeGreaterThan(140);
    expect(r.undefined_resamples).toBeLessThan(260);
    expect(r.interval).toEqual([1, 1]);
  });
});
