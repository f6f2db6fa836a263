/**
 * Percent agreement for any number of raters: for each item with at least two ratings, the share
 * of rater pairs that gave the same label; then the mean over those items. With two raters this
 * is the share of items both rated on which they agree; with complete data it is Fleiss' P̄.
 * Beside it, the pooled figure: agreeing rater pairs over all rater pairs of all items, which
 * weights an item by its number of pairs (the MT-bench paper's agreement is of this kind).
 * `rowWeights` counts row i that many times (a bootstrap resample over distinct rows).
 */
import { isPresent, type AgreementValue, type Label, type RatingMatrix } from "./labels.ts";

export interface PercentAgreement extends AgreementValue {
  /** Items with at least two ratings, the ones the mean is over. */
  n_items: number;
  /** Agreeing pairs / all pairs, pooled over the items (null when there is no pair). */
  pooled: number | null;
  /** Rater pairs within items, the pooled figure's denominator. */
  n_pairs: number;
}

export interface PercentAgreementOptions {
  rowWeights?: ArrayLike<number>;
}

export function percentAgreement(matrix: RatingMatrix, options: PercentAgreementOptions = {}): PercentAgreement {
  const weights = options.rowWeights;
  let sum = 0;
  let items = 0;
  let agreeing = 0;
  let pairs = 0;
  let i = -1;
  const counts = new Map<Label, number>();
  for (const row of matrix) {
    i++;
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    counts.clear();
    let m = 0;
    for (const r of row) {
      if (!isPresent(r)) continue;
      counts.set(r, (counts.get(r) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let agreeingPairs = 0;
    for (const c of counts.values()) agreeingPairs += (c * (c - 1)) / 2;
    const itemPairs = (m * (m - 1)) / 2;
    sum += (w * agreeingPairs) / itemPairs;
    items += w;
    agreeing += w * agreeingPairs;
    pairs += w * itemPairs;
  }
  if (items === 0) return { value: null, reason: "no item has ratings from two raters", n_items: 0, pooled: null, n_pairs: 0 };
  return { value: sum / items, n_items: items, pooled: agreeing / pairs, n_pairs: pairs };
}
