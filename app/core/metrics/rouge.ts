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

/**
 * The positions of ref in one longest common subsequence with can, as rouge-score's lcs_ind finds
 * it (the LCS table walked back from the end, preferring to drop a candidate token on a tie).
 */
function lcsIndices(ref: Int32Array, can: Int32Array): number[] {
  const rows = ref.length;
  const cols = can.length;
  const table = new Int32Array((rows + 1) * (cols + 1));
  const w = cols + 1;
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= cols; j++) {
      table[i * w + j] = ref[i - 1] === can[j - 1] ? table[(i - 1) * w + j - 1] + 1 : Math.max(table[(i - 1) * w + j], table[i * w + j - 1]);
    }
  }
  const out: number[] = [];
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (table[i * w + j - 1] > table[(i - 1) * w + j]) j--;
    else i--;
  }
  return out.reverse();
}

/** The text's sentences, one per line (rouge-score's rougeLsum without split_summaries), empty ones dropped. */
export function summarySentences(text: string): string[] {
  return text.split("\n").filter((s) => s.length > 0);
}

/**
 * Summary-level ROUGE-L (rouge-score's rougeLsum, Lin 2004 section 3.2): for each reference
 * sentence the union of its LCS positions with every prediction sentence; each token of that union
 * is a hit while both texts still have an unused copy of it. P = hits / prediction tokens,
 * R = hits / reference tokens.
 */
export function rougeLsum(prediction: string, reference: string, options: RougeOptions = {}): RougeScore {
  const refSents = summarySentences(reference).map((s) => rougeTokenize(s, options));
  const canSents = summarySentences(prediction).map((s) => rougeTokenize(s, options));
  const m = refSents.reduce((n, s) => n + s.length, 0);
  const n = canSents.reduce((k, s) => k + s.length, 0);
  if (m === 0 || n === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  interner.reset();
  const refIds = refSents.map((s) => interner.ids32(s).slice());
  const canIds = canSents.map((s) => interner.ids32(s).slice());
  const refLeft = new Map<number, number>();
  const canLeft = new Map<number, number>();
  for (const s of refIds) for (const t of s) refLeft.set(t, (refLeft.get(t) ?? 0) + 1);
  for (const s of canIds) for (const t of s) canLeft.set(t, (canLeft.get(t) ?? 0) + 1);
  let hits = 0;
  for (const r of refIds) {
    const union = new Set<number>();
    for (const c of canIds) for (const i of lcsIndices(r, c)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const t = r[i];
      if ((canLeft.get(t) ?? 0) > 0 && (refLeft.get(t) ?? 0) > 0) {
        hits++;
        canLeft.set(t, canLeft.get(t)! - 1);
        refLeft.set(t, refLeft.get(t)! - 1);
      }
    }
  }
  const precision = hits / n;
  const recall = hits / m;
  return { precision, recall, fmeasure: fMeasure(precision, recall) };
}

export type RougeType = "rouge1" | "rouge2" | "rougeL" | "rougeLsum";

export function rougeScore(type: RougeType, prediction: string, reference: string, options: RougeOptions = {}): RougeScore {
  if (type === "rougeL") return rougeL(prediction, reference, options);
  if (type === "rougeLsum") return rougeLsum(prediction, reference, options);
  return rougeN(prediction, reference, type === "rouge1" ? 1 : 2, options);
}

/** With several references, the score of the one with the highest F-measure (rouge-score's score_multi). */
export function rougeScoreMulti(type: RougeType, prediction: string, references: readonly string[], options: RougeOptions = {}): RougeScore {
  let best: RougeScore | null = null;
  for (const r of references) {
    const s = rougeScore(type, prediction, r, options);
    if (best === null || s.fmeasure > best.fmeasure) best = s;
  }
  return best ?? { precision: 0, recall: 0, fmeasure: 0 };
}

/** Mean F-measure of one ROUGE type over streamed pairs. */
export function rougeAccumulator(type: RougeType, options: RougeOptions = {}): MeanAccumulator {
  return new MeanAccumulator((p, r) => rougeScore(type, p, r, options).fmeasure);
}
