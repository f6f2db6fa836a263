/**
 * ROUGE-1 / ROUGE-2 / ROUGE-L F-measure with rouge-score's conventions (google-research/rouge):
 * lowercase, replace every run of characters outside [a-z0-9] by a space, split on whitespace, optionally
 * Porter-stem tokens longer than 3 characters (NLTK's stemmer, see porter-stemmer.ts).
 * ROUGE-N: clipped n-gram overlap; precision = overlap / max(prediction n-grams, 1), recall = overlap /
 * max(reference n-grams, 1). ROUGE-L: LCS / prediction length and LCS / reference length, 0 when either is
 * empty. F = 2PR / (P + R), 0 when P + R = 0. The corpus figure is the mean of per-pair F-measures.
 * Arguments are (prediction, reference); rouge-score's own `score` takes (target, prediction).
 */
import { MeanAccumulator } from "./pair-metric.ts";
import { porterStem } from "./porter-stemmer.ts";
import { TokenInterner, lcsLength } from "./sequence-alignment.ts";

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (rouge-score's use_stemmer). Default false. */
  stem?: boolean;
}

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

// Replacing runs of other characters by spaces and splitting on whitespace leaves exactly the runs of [a-z0-9].
const ALPHANUMERIC_RUN = /[a-z0-9]+/g;
const stemCache = new Map<string, string>();

function cachedStem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    if (stemCache.size > 200_000) stemCache.clear();
    s = porterStem(token);
    stemCache.set(token, s);
  }
  return s;
}

export function rougeTokenize(text: string, options: RougeOptions = {}): string[] {
  const tokens = text.toLowerCase().match(ALPHANUMERIC_RUN);
  if (tokens === null) return [];
  if (options.stem) {
    // A stem is [a-z0-9]+ again, so rouge-score's final validity filter has nothing left to drop.
    for (let i = 0; i < tokens.length; i++) if (tokens[i].length > 3) tokens[i] = cachedStem(tokens[i]);
  }
  return tokens;
}

export function fMeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i] : tokens.slice(i, i + n).join("\u0001");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function rougeNTokens(prediction: readonly string[], reference: readonly string[], n: number): RougeScore {
  const pred = ngramCounts(prediction, n);
  const ref = ngramCounts(reference, n);
  let overlap = 0;
  let refTotal = 0;
  for (const [gram, c] of ref) {
    refTotal += c;
    const p = pred.get(gram);
    if (p) overlap += Math.min(c, p);
  }
  const predTotal = Math.max(prediction.length - n + 1, 0);
  const precision = overlap / Math.max(predTotal, 1);
  const recall = overlap / Math.max(refTotal, 1);
  return { precision, recall, fmeasure: fMeasure(precision, recall) };
}

export function rougeN(prediction: string, reference: string, n: number, options: RougeOptions = {}): RougeScore {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ROUGE-N needs an integer n >= 1, got ${n}`);
  return rougeNTokens(rougeTokenize(prediction, options), rougeTokenize(reference, options), n);
}

const interner = new TokenInterner();

export function rougeLTokens(prediction: readonly string[], reference: readonly string[]): RougeScore {
  if (prediction.length === 0 || reference.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  interner.reset();
  const lcs = lcsLength(interner.ids32(prediction), interner.ids32(reference));
  const precision = lcs / prediction.length;
  const recall = lcs / reference.length;
  return { precision, recall, fmeasure: fMeasure(precision, recall) };
}

export function rougeL(prediction: string, reference: string, options: RougeOptions = {}): RougeScore {
  return rougeLTokens(rougeTokenize(prediction, options), rougeTokenize(reference, options));
}

export type RougeType = "rouge1" | "rouge2" | "rougeL";

export function rougeScore(type: RougeType, prediction: string, reference: string, options: RougeOptions = {}): RougeScore {
  if (type === "rougeL") return rougeL(prediction, reference, options);
  return rougeN(prediction, reference, type === "rouge1" ? 1 : 2, options);
}

/** Mean F-measure of one ROUGE type over streamed pairs. */
export function rougeAccumulator(type: RougeType, options: RougeOptions = {}): MeanAccumulator {
  return new MeanAccumulator((p, r) => rougeScore(type, p, r, options).fmeasure);
}
