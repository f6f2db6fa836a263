/**
 * Percent agreement for any number of raters: for each item with at least two ratings, the share
 * of rater pairs that gave the same label; then the mean over those items. With two raters this
 * is the share of items both rated on which they agree; with complete data it is Fleiss' P̄.
 */
import { isPresent, type AgreementValue, type Label, type RatingMatrix } from "./labels.ts";

export interface PercentAgreement extends AgreementValue {
  /** Items with at least two ratings, the ones the mean is over. */
  n_items: number;
}

export function percentAgreement(matrix: RatingMatrix): PercentAgreement {
  let sum = 0;
  let items = 0;
  const counts = new Map<Label, number>();
  for (const row of matrix) {
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
    sum += agreeingPairs / ((m * (m - 1)) / 2);
    items++;
  }
  if (items === 0) return { value: null, reason: "no item has ratings from two raters", n_items: 0 };
  return { value: sum / items, n_items: items };
}
