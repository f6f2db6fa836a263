/**
 * Fleiss' kappa (Fleiss 1971) for any fixed number of raters per item:
 * κ = (P̄ - P̄e) / (1 - P̄e), P̄ the mean over items of agreeing rater pairs among all pairs,
 * P̄e = Σ p_j² with p_j the share of all ratings in category j. It needs complete data: every
 * item has the same number of ratings (the raters may differ between items).
 */
import { StatsInputError } from "./errors.ts";
import { isPresent, type AgreementValue, type Label, type RatingMatrix } from "./labels.ts";

export interface FleissKappa extends AgreementValue {
  n_items: number;
  /** Ratings per item. */
  n_raters: number;
  observed: number | null;
  expected: number | null;
}

export interface FleissKappaOptions {
  /** Row i counts this many times (a bootstrap resample over distinct rows); 1 each by default. */
  rowWeights?: ArrayLike<number>;
}

export function fleissKappa(matrix: RatingMatrix, options: FleissKappaOptions = {}): FleissKappa {
  const weights = options.rowWeights;
  let nItems = weights ? 0 : matrix.length;
  let perItem = -1;
  const categoryTotals = new Map<Label, number>();
  const counts = new Map<Label, number>();
  let sumP = 0;
  for (let i = 0; i < matrix.length; i++) {
    const w = weights ? weights[i] : 1;
    if (weights) nItems += w;
    counts.clear();
    let m = 0;
    for (const r of matrix[i]) {
      if (!isPresent(r)) continue;
      counts.set(r, (counts.get(r) ?? 0) + 1);
      m++;
    }
    if (perItem < 0) perItem = m;
    else if (m !== perItem) {
      throw new StatsInputError(
        `Fleiss' kappa needs complete data (the same number of ratings per item): item ${i + 1} has ${m}, item 1 has ${perItem}; use Krippendorff's alpha for missing data`,
      );
    }
    let pairs = 0;
    for (const [label, c] of counts) {
      pairs += c * (c - 1);
      if (w !== 0) categoryTotals.set(label, (categoryTotals.get(label) ?? 0) + w * c);
    }
    if (m >= 2) sumP += (w * pairs) / (m * (m - 1));
  }
  const base = { n_items: nItems, n_raters: Math.max(perItem, 0) };
  if (nItems === 0) return { value: null, reason: "no items", observed: null, expected: null, ...base };
  if (perItem < 2) {
    return { value: null, reason: "fewer than two ratings per item: a single rater cannot agree", observed: null, expected: null, ...base };
  }
  const total = nItems * perItem;
  let expected = 0;
  for (const c of categoryTotals.values()) expected += (c / total) * (c / total);
  const observed = sumP / nItems;
  if (categoryTotals.size === 1) {
    return { value: null, reason: "only one label was used, so chance agreement is 1 and kappa is undefined", observed, expected: 1, ...base };
  }
  return { value: (observed - expected) / (1 - expected), observed, expected, ...base };
}
