/**
 * Cohen's kappa for two raters (Cohen 1960), and weighted kappa (Cohen 1968) with linear |i-j|
 * or quadratic (i-j)² disagreement weights over an ordered category list:
 * κ_w = 1 - Σ w·observed / Σ w·expected, which for 0/1 weights is (p_o - p_e) / (1 - p_e).
 * Items not rated by both raters are left out.
 */
import { StatsInputError } from "./errors.ts";
import { describeLabels, isPresent, orderedCategories, type AgreementValue, type Label, type RatingMatrix } from "./labels.ts";

export type KappaWeights = "none" | "linear" | "quadratic";

export interface CohenKappaOptions {
  weights?: KappaWeights;
  /** Ordered categories for weighted kappa; required when labels are not numbers. */
  categories?: readonly Label[];
  /** Row i counts this many times (a bootstrap resample over distinct rows); 1 each by default. */
  rowWeights?: ArrayLike<number>;
}

export interface CohenKappa extends AgreementValue {
  weights: KappaWeights;
  /** Items rated by both raters. */
  n_items: number;
  /** Observed agreement p_o (unweighted) or 1 - observed weighted disagreement share. */
  observed: number | null;
  /** Chance agreement p_e (unweighted) or its weighted counterpart. */
  expected: number | null;
}

/** Rows are items with the two raters' labels in columns 0 and 1. */
export function cohenKappa(matrix: RatingMatrix, options: CohenKappaOptions = {}): CohenKappa {
  const weights = options.weights ?? "none";
  const a: Label[] = [];
  const b: Label[] = [];
  const w: number[] = [];
  const rowWeights = options.rowWeights;
  let width = 0;
  let r = -1;
  for (const row of matrix) {
    r++;
    width = Math.max(width, row.length);
    if (row.length > 2) {
      for (let j = 2; j < row.length; j++) {
        if (isPresent(row[j])) throw new StatsInputError(`Cohen's kappa is for two raters; a row has ${row.length} columns`);
      }
    }
    if (isPresent(row[0]) && isPresent(row[1])) {
      a.push(row[0] as Label);
      b.push(row[1] as Label);
      w.push(rowWeights ? rowWeights[r] : 1);
    }
  }
  let n = 0;
  for (let t = 0; t < w.length; t++) n += w[t];
  const empty = { weights, n_items: n, observed: null, expected: null };
  if (width < 2) return { value: null, reason: "a single rater: agreement needs two", ...empty };
  if (n === 0) return { value: null, reason: "no item was rated by both raters", ...empty };

  let categories: Label[];
  if (weights === "none") {
    categories = [...new Set([...a, ...b])];
  } else {
    if (!options.categories) {
      const setA = new Set(a);
      const setB = new Set(b);
      const equal = setA.size === setB.size && [...setA].every((l) => setB.has(l));
      if (!equal) {
        throw new StatsInputError(
          `unequal label sets for weighted kappa: rater 1 used ${describeLabels(setA)}, rater 2 used ${describeLabels(setB)}; ` +
            "give the ordered categories so the distances between labels are defined",
        );
      }
    }
    categories = orderedCategories([...a, ...b], options.categories);
  }

  const k = categories.length;
  const index = new Map<Label, number>(categories.map((c, i) => [c, i]));
  const table = new Float64Array(k * k);
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  for (let t = 0; t < a.length; t++) {
    const i = index.get(a[t])!;
    const j = index.get(b[t])!;
    table[i * k + j] += w[t];
    rowSum[i] += w[t];
    colSum[j] += w[t];
  }
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  let maxWeight = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights === "none" ? (i === j ? 0 : 1) : weights === "linear" ? Math.abs(i - j) : (i - j) * (i - j);
      if (w > maxWeight) maxWeight = w;
      observedDisagreement += (w * table[i * k + j]) / n;
      expectedDisagreement += (w * rowSum[i] * colSum[j]) / (n * n);
    }
  }
  // Report agreement on the 0..1 scale the weights are usually normalised to (w / w_max).
  const observed = maxWeight === 0 ? 1 : 1 - observedDisagreement / maxWeight;
  const expected = maxWeight === 0 ? 1 : 1 - expectedDisagreement / maxWeight;
  if (expectedDisagreement === 0) {
    return {
      value: null,
      reason: "both raters used one and the same label throughout, so chance agreement is 1 and kappa is undefined",
      weights,
      n_items: n,
      observed,
      expected,
    };
  }
  return { value: 1 - observedDisagreement / expectedDisagreement, weights, n_items: n, observed, expected };
}
