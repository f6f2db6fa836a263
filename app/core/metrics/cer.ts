/**
 * Character error rate as jiwer.cer computes it with its default transform (strip, then a list of
 * characters, spaces included): corpus CER = total character edits (minimal Levenshtein:
 * substitutions + deletions + insertions) / total reference characters. Characters are Unicode code
 * points. An empty reference is rejected, as jiwer does.
 */
import type { PairAccumulator } from "./pair-metric.ts";
import { editDistance } from "./sequence-alignment.ts";
import { pyStrip } from "./whitespace.ts";

export class EmptyReferenceCharactersError extends RangeError {
  constructor() {
    super("empty reference: CER is undefined for a reference without characters");
  }
}

function codePoints(text: string): Int32Array {
  const chars = Array.from(pyStrip(text));
  const out = new Int32Array(chars.length);
  for (let i = 0; i < chars.length; i++) out[i] = chars[i].codePointAt(0)!;
  return out;
}

export function characterEdits(prediction: string, reference: string): { edits: number; referenceCharacters: number } {
  const ref = codePoints(reference);
  return { edits: editDistance(codePoints(prediction), ref), referenceCharacters: ref.length };
}

export class CorpusCer implements PairAccumulator {
  edits = 0;
  referenceCharacters = 0;
  n = 0;
  add(prediction: string, reference: string): void {
    const r = characterEdits(prediction, reference);
    if (r.referenceCharacters === 0) throw new EmptyReferenceCharactersError();
    this.edits += r.edits;
    this.referenceCharacters += r.referenceCharacters;
    this.n++;
  }
  result(): number {
    return this.n === 0 ? Number.NaN : this.edits / this.referenceCharacters;
  }
}
