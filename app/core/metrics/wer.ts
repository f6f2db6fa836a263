/**
 * Word error rate. Corpus WER = total word-level edits (substitutions + deletions + insertions, minimal
 * Levenshtein alignment) over all pairs / total reference words, as jiwer.wer computes it on lists.
 * Tokens: the text split on runs of whitespace (Python's str.split()). jiwer's default transform differs
 * only in splitting on single spaces after collapsing runs of two or more whitespace characters, so a lone
 * tab inside a line joins two words there and separates them here. No case or punctuation normalisation.
 * An empty reference has no words to err on: it is rejected (jiwer raises too).
 */
import type { PairAccumulator } from "./pair-metric.ts";
import { TokenInterner, editDistance } from "./sequence-alignment.ts";
import { pySplit } from "./whitespace.ts";

export class EmptyReferenceError extends RangeError {
  constructor() {
    super("empty reference: WER is undefined for a reference without words");
  }
}

const interner = new TokenInterner();

export function wordEdits(prediction: string, reference: string): { edits: number; referenceWords: number } {
  const hyp = pySplit(prediction);
  const ref = pySplit(reference);
  interner.reset();
  const edits = editDistance(interner.ids32(hyp), interner.ids32(ref));
  return { edits, referenceWords: ref.length };
}

/** WER of one pair. */
export function wer(prediction: string, reference: string): number {
  const { edits, referenceWords } = wordEdits(prediction, reference);
  if (referenceWords === 0) throw new EmptyReferenceError();
  return edits / referenceWords;
}

export class CorpusWer implements PairAccumulator {
  edits = 0;
  referenceWords = 0;
  n = 0;
  add(prediction: string, reference: string): void {
    const r = wordEdits(prediction, reference);
    if (r.referenceWords === 0) throw new EmptyReferenceError();
    this.edits += r.edits;
    this.referenceWords += r.referenceWords;
    this.n++;
  }
  result(): number {
    return this.n === 0 ? Number.NaN : this.edits / this.referenceWords;
  }
}

export function corpusWer(predictions: readonly string[], references: readonly string[]): number {
  if (predictions.length !== references.length) {
    throw new RangeError(`WER needs as many references as predictions (${predictions.length} vs ${references.length})`);
  }
  const acc = new CorpusWer();
  for (let i = 0; i < predictions.length; i++) acc.add(predictions[i], references[i]);
  return acc.result();
}
