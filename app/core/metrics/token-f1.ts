/**
 * Token F1 with SQuAD normalisation (the official SQuAD evaluate script): lowercase, remove ASCII
 * punctuation (Python's string.punctuation), remove the articles a / an / the as whole words, collapse
 * whitespace; F1 of the bag-of-tokens overlap. As in SQuAD v2's script, when either side normalises to
 * no tokens the score is 1 if both are empty and 0 otherwise.
 */
import { MeanAccumulator } from "./pair-metric.ts";

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// Python's \b is Unicode-aware for str patterns: a word character is a letter, digit or underscore.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

export function normalizeAnswer(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, "").replace(ARTICLES, " ").split(/\s+/).filter(Boolean).join(" ");
}

export function squadTokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized === "" ? [] : normalized.split(" ");
}

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

export function tokenPrf(prediction: string, reference: string): PrecisionRecallF1 {
  const pred = squadTokens(prediction);
  const ref = squadTokens(reference);
  if (pred.length === 0 || ref.length === 0) {
    const same = pred.length === ref.length ? 1 : 0;
    return { precision: same, recall: same, f1: same };
  }
  const counts = new Map<string, number>();
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of pred) {
    const c = counts.get(t);
    if (c) {
      common++;
      counts.set(t, c - 1);
    }
  }
  if (common === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = common / pred.length;
  const recall = common / ref.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

export function tokenF1(prediction: string, reference: string): number {
  return tokenPrf(prediction, reference).f1;
}

export function tokenF1Accumulator(): MeanAccumulator {
  return new MeanAccumulator(tokenF1);
}
