/**
 * Identical outputs (issue 13 item 6): two answers that are byte-identical after trimming are not a
 * question for an annotator or the judge. They count as ties in every win rate (or are left out of a
 * gate whose pack says `identical: exclude`) and are listed apart. Trimming is String.prototype.trim;
 * the database's arbiter_trim (migration 0007) removes the same characters. Pure.
 */

export interface MaybeOutput {
  text: string | null;
  error?: string | null;
}

/** Both outputs exist, neither failed, and their texts are equal after trimming. */
export function identicalOutputs(a: MaybeOutput | null | undefined, b: MaybeOutput | null | undefined): boolean {
  if (!a || !b || a.error || b.error || a.text === null || b.text === null) return false;
  return a.text.trim() === b.text.trim();
}

/** "24 identical pairs, counted as ties" (or "left out of …"). */
export function identicalNote(n: number, policy: "tie" | "exclude"): string | null {
  if (n === 0) return null;
  const pairs = `${n} identical pair${n === 1 ? "" : "s"}`;
  return policy === "tie" ? `${pairs}, counted as ties` : `${pairs}, left out of the win-rate gates (pack: identical: exclude)`;
}
