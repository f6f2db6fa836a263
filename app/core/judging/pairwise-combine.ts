/**
 * Combining a pairwise judge's two orders into one verdict (DESIGN rule 3). Pure: no I/O.
 *
 * The judge sees every pair twice, candidate shown first (as A) and shown second (as B). Each
 * order gives a margin in [-1, 1] from the side shown first; it is turned to the candidate's side
 * and the two are combined. A verdict that flips with the order (the candidate wins in one order
 * and loses in the other) reveals position bias, not preference: it becomes a tie with margin 0
 * and is marked position-inconsistent. A tie in one order and a preference in the other is not a
 * flip; the mean (half the preference) keeps its direction.
 */

export const VERDICTS = ["A>>B", "A>B", "A=B", "B>A", "B>>A"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The scale point of each verdict, from the side shown first (A). */
export const VERDICT_SCORE: Readonly<Record<Verdict, number>> = { "A>>B": 1, "A>B": 0.5, "A=B": 0, "B>A": -0.5, "B>>A": -1 };

/** Below this a combined margin is a tie, so float noise in probability-weighted margins is not a win. */
const TIE_EPSILON = 1e-9;

export type PairwiseWinner = "candidate" | "other" | "tie";

export interface CombinedPairwise {
  /** Candidate's margin in [-1, 1]: +1 strongly preferred in both orders, 0 tie or flip. */
  margin: number;
  winner: PairwiseWinner;
  position_consistent: boolean;
  /** Each order's margin turned to the candidate's side, before combination. */
  candidate_first: number;
  candidate_second: number;
}

/** Probability-weighted scale point. Probabilities need not sum to 1; they are renormalised. */
export function expectedScore(probs: Partial<Record<Verdict, number>>): number | undefined {
  let mass = 0;
  let sum = 0;
  for (const v of VERDICTS) {
    const p = probs[v] ?? 0;
    if (!(p >= 0)) throw new RangeError(`probability of ${v} must be >= 0, got ${p}`);
    mass += p;
    sum += p * VERDICT_SCORE[v];
  }
  return mass > 0 ? clamp(sum / mass) : undefined;
}

/** A margin from the side shown first, seen from the candidate's side. */
export function toCandidateSide(marginFirstShown: number, candidateShownFirst: boolean): number {
  return candidateShownFirst ? marginFirstShown : -marginFirstShown;
}

/**
 * @param firstShownMarginWhenCandidateFirst the judge's margin for A when A was the candidate
 * @param firstShownMarginWhenCandidateSecond the judge's margin for A when A was the other system
 */
export function combineOrders(firstShownMarginWhenCandidateFirst: number, firstShownMarginWhenCandidateSecond: number): CombinedPairwise {
  for (const m of [firstShownMarginWhenCandidateFirst, firstShownMarginWhenCandidateSecond]) {
    if (!Number.isFinite(m) || m < -1 - 1e-12 || m > 1 + 1e-12) throw new RangeError(`margin must be in [-1, 1], got ${m}`);
  }
  const c1 = clamp(toCandidateSide(firstShownMarginWhenCandidateFirst, true));
  const c2 = clamp(toCandidateSide(firstShownMarginWhenCandidateSecond, false));
  const s1 = sign(c1);
  const s2 = sign(c2);
  if (s1 * s2 < 0) return { margin: 0, winner: "tie", position_consistent: false, candidate_first: c1, candidate_second: c2 };
  const margin = clamp((c1 + c2) / 2);
  const s = sign(margin);
  return { margin, winner: s > 0 ? "candidate" : s < 0 ? "other" : "tie", position_consistent: true, candidate_first: c1, candidate_second: c2 };
}

export interface PositionConsistency {
  n: number;
  consistent: number;
  /** NaN when there is nothing to measure. */
  rate: number;
}

export function positionConsistencyRate(results: ReadonlyArray<{ position_consistent: boolean }>): PositionConsistency {
  const consistent = results.filter((r) => r.position_consistent).length;
  return { n: results.length, consistent, rate: results.length ? consistent / results.length : Number.NaN };
}

function sign(x: number): -1 | 0 | 1 {
  return x > TIE_EPSILON ? 1 : x < -TIE_EPSILON ? -1 : 0;
}

function clamp(x: number): number {
  return Math.max(-1, Math.min(1, x));
}
