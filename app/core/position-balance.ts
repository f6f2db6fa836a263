/**
 * Position balance (DESIGN rule 3), pure and seeded.
 *
 * Per comparison judged by k annotators, the candidate (system_a) is on the left for floor(k/2) or
 * ceil(k/2) of them. We make that structural: each comparison gets floor(k/2) slots fixed "left",
 * floor(k/2) fixed "right" and, when k is odd, one *free* slot whose side is decided when it is
 * claimed. Whatever side the free slot takes, the comparison ends with floor or ceil of k/2 on
 * the left, and no two claims can race each other into breaking it (each slot is its own row).
 *
 * Per annotator (within one eval), a big-stick design: the counts of "candidate left" and
 * "candidate right" differ by at most IMBALANCE_BOUND (3) at any time, and only an annotator at
 * the bound is forced back. Below it the claim serves any slot on its seeded side (a fixed slot's
 * side, or the free slot's seeded preferred side), so the next side is a coin to whoever watches;
 * at the bound it serves only a slot that can take the side they need: a fixed slot of that side,
 * or a free slot, which is then recorded on that side. The old bound of 1 forced alternation: after
 * one task the next side was known (a 75% guess). With 3 the best guesser is right 7/12 = 58.3% of
 * the time (the walk on -3..3 spends 1/6 of its steps at the bounds; see side-predictability.ts).
 * The SQL in migration 0008 (arbiter_claim_task) implements exactly `sideForClaim`.
 */
import { createRng, type Rng, type Seed } from "./stats/rng.ts";

export interface SlotPlan {
  /** 0..k-1, unique within the comparison. */
  slot: number;
  /** false for the free slot of an odd k. */
  sideFixed: boolean;
  /** The side for a fixed slot; the seeded preferred side for the free slot. */
  candidateLeft: boolean;
  /** Serving order within the comparison: fixed slots (seeded order) first, the free slot last. */
  rank: number;
}

export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new RangeError(`overlap k must be an integer from 1 to 50, got ${k}`);
}

/** The k slots of one comparison. Draws from `rng` (the eval's seeded stream). */
export function planSlots(k: number, rng: Rng): SlotPlan[] {
  checkK(k);
  const half = Math.floor(k / 2);
  const fixed: boolean[] = [];
  for (let i = 0; i < half; i++) fixed.push(true, false);
  shuffleInPlace(fixed, rng);
  const plans: SlotPlan[] = fixed.map((left, i) => ({ slot: i, sideFixed: true, candidateLeft: left, rank: i }));
  if (k % 2 === 1) plans.push({ slot: k - 1, sideFixed: false, candidateLeft: rng.next() < 0.5, rank: k - 1 });
  return plans;
}

/** Fisher-Yates with the given generator. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** The generator for an eval's human queue: every draw derives from the eval's seed. */
export function queueRng(seed: Seed): Rng {
  return createRng(`${seed}:human-queue`);
}

export type Need = "left" | "right" | "any";

/**
 * A claim picks among the first CLAIM_WINDOW rows (queue order) the annotator may take, by a
 * per-annotator hash: each annotator gets their own order while the queue drains front to back.
 */
export const CLAIM_WINDOW = 32;

/** How far an annotator's left and right counts may drift apart (DESIGN rule 3). */
export const IMBALANCE_BOUND = 3;

/** Which side an annotator with these counts may take next without breaking |left - right| <= bound. */
export function needOf(left: number, right: number, bound: number = IMBALANCE_BOUND): Need {
  if (left - right >= bound) return "right";
  if (right - left >= bound) return "left";
  return "any";
}

/**
 * The side a slot would be served on to an annotator with these counts, or null when serving it
 * would break the annotator's balance (the claim then passes over it).
 */
export function sideForClaim(
  slot: { sideFixed: boolean; candidateLeft: boolean; preferredLeft?: boolean | null },
  annotatorLeft: number,
  annotatorRight: number,
): boolean | null {
  const need = needOf(annotatorLeft, annotatorRight);
  if (slot.sideFixed) {
    if (need === "any") return slot.candidateLeft;
    return slot.candidateLeft === (need === "left") ? slot.candidateLeft : null;
  }
  if (need === "any") return slot.preferredLeft ?? slot.candidateLeft;
  return need === "left";
}

/**
 * The side an annotator's next task should carry: forced back at the bound, otherwise their own
 * seeded coin for this step (the claim draws it from the eval's seed, the annotator and how many
 * judgments they have). Drawing the side first and then a row of that side makes the sequence a
 * big-stick walk whatever the queue holds; picking a row first let the side depend on what the
 * window of open rows happened to contain (a 59-60% alternation guess in the queue model).
 */
export function wantedSide(annotatorLeft: number, annotatorRight: number, coinLeft: boolean): boolean {
  const need = needOf(annotatorLeft, annotatorRight);
  return need === "any" ? coinLeft : need === "left";
}

/**
 * The side a slot is served on to an annotator who wants `want`, or null when it cannot take it.
 * When no row of the wanted side is open and the annotator is within the bound, the claim falls
 * back to the other side (`sideForClaim` is the union: every row that keeps the bound).
 */
export function sideForWant(slot: { sideFixed: boolean; candidateLeft: boolean }, want: boolean): boolean | null {
  if (slot.sideFixed) return slot.candidateLeft === want ? want : null;
  return want;
}

/** True when `lefts` of k judgments with the candidate on the left is floor(k/2) or ceil(k/2). */
export function comparisonBalanced(k: number, lefts: number, judged = k): boolean {
  const ceil = Math.ceil(k / 2);
  // Before all k are in, the final count can still land in range iff neither side exceeds ceil.
  return lefts <= ceil && judged - lefts <= ceil && (judged < k || (lefts >= Math.floor(k / 2) && lefts <= ceil));
}

/** True when every prefix of the annotator's sequence of sides keeps |left - right| <= bound. */
export function annotatorBalanced(sides: readonly boolean[], bound: number = IMBALANCE_BOUND): boolean {
  let d = 0;
  for (const left of sides) {
    d += left ? 1 : -1;
    if (Math.abs(d) > bound) return false;
  }
  return true;
}

export type ChoiceName = "left" | "right" | "tie" | "both_bad";
export type OutcomeName = "a" | "b" | "tie" | "both_bad";

/** An annotator's choice mapped back to systems: a = system_a (the candidate side). */
export function outcomeOf(choice: ChoiceName, candidateLeft: boolean): OutcomeName {
  if (choice === "left") return candidateLeft ? "a" : "b";
  if (choice === "right") return candidateLeft ? "b" : "a";
  return choice;
}
