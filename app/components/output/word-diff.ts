/** A word-level diff between two outputs (the `diff` package), split into what each side shows. */
import { diffWords } from "diff";

export interface DiffPiece {
  text: string;
  /** "same" on both sides; "only" on this side only. */
  kind: "same" | "only";
}

export function wordDiff(left: string, right: string): { left: DiffPiece[]; right: DiffPiece[] } {
  const parts = diffWords(left, right);
  const l: DiffPiece[] = [];
  const r: DiffPiece[] = [];
  for (const p of parts) {
    if (p.added) r.push({ text: p.value, kind: "only" });
    else if (p.removed) l.push({ text: p.value, kind: "only" });
    else {
      l.push({ text: p.value, kind: "same" });
      r.push({ text: p.value, kind: "same" });
    }
  }
  return { left: l, right: r };
}
