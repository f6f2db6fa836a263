/**
 * Agreement of one rater with the majority of the others: on each item where the target rated
 * and the other ratings have a strict majority label (more than half of them), does the target
 * give that label? Items without a strict majority are skipped, not counted as disagreement,
 * because there is no consensus to agree with. Used per annotator and for the LLM judge against
 * the human majority.
 */
import { isPresent, raterCount, type AgreementValue, type Label, type Rating, type RatingMatrix } from "./labels.ts";

export interface MajorityAgreement extends AgreementValue {
  /** Items where the target rated and the others had a strict majority. */
  n_items: number;
  /** Of those, items where the target gave the majority label. */
  n_agree: number;
}

/** The label held by more than half of the present ratings, or null. */
export function strictMajority(ratings: Iterable<Rating>): Label | null {
  const counts = new Map<Label, number>();
  let m = 0;
  for (const r of ratings) {
    if (!isPresent(r)) continue;
    counts.set(r, (counts.get(r) ?? 0) + 1);
    m++;
  }
  for (const [label, c] of counts) if (2 * c > m) return label;
  return null;
}

/** target[i] is the target's label for item i, others[i] the other raters' labels for it. */
export function agreementWithMajority(target: readonly Rating[], others: RatingMatrix): MajorityAgreement {
  let nItems = 0;
  let nAgree = 0;
  const length = Math.min(target.length, others.length);
  for (let i = 0; i < length; i++) {
    const t = target[i];
    if (!isPresent(t)) continue;
    const majority = strictMajority(others[i]);
    if (majority === null) continue;
    nItems++;
    if (majority === t) nAgree++;
  }
  if (nItems === 0) {
    return { value: null, reason: "no item rated by this rater has a strict majority among the others", n_items: 0, n_agree: 0 };
  }
  return { value: nAgree / nItems, n_items: nItems, n_agree: nAgree };
}

export interface RaterMajorityAgreement extends MajorityAgreement {
  /** Column index of the rater in the matrix. */
  rater: number;
}

/** For every rater (column) of the matrix, agreement with the majority of the other columns. */
export function perRaterMajorityAgreement(matrix: RatingMatrix): RaterMajorityAgreement[] {
  const width = raterCount(matrix);
  const result: RaterMajorityAgreement[] = [];
  for (let r = 0; r < width; r++) {
    const target = matrix.map((row) => row[r]);
    const others = matrix.map((row) => row.filter((_, j) => j !== r));
    result.push({ rater: r, ...agreementWithMajority(target, others) });
  }
  return result;
}
