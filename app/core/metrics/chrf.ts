/**
 * chrF as sacrebleu 2.x computes it with its defaults (CHRF(): char_order 6, word_order 0, beta 2,
 * whitespace excluded, case-sensitive, eps_smoothing False): character n-grams (Unicode code points) of
 * the text with all whitespace removed; per order the hypothesis n-gram count (counted only when the
 * reference has n-grams of that order), the reference count and the clipped matches, summed over the
 * corpus; precision and recall averaged over the orders where both sides have n-grams ("effective
 * order"), then F-beta, on the 0-100 scale. `epsSmoothing: true` gives sacrebleu's eps_smoothing=True
 * variant (mean of per-order F with 1e-16 in place of undefined values, chrF++.py / NLTK / Moses style).
 */
import type { PairAccumulator } from "./pair-metric.ts";
import { pySplit } from "./whitespace.ts";

export const CHAR_ORDER = 6;
export const BETA = 2;

export interface ChrfOptions {
  charOrder?: number;
  beta?: number;
  epsSmoothing?: boolean;
}

function charNgramCounts(chars: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = n === 1 ? chars[i] : chars.slice(i, i + n).join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** [hyp, ref, match] for each order, flattened (sacrebleu's segment statistics). */
export function chrfStatistics(prediction: string, reference: string, charOrder = CHAR_ORDER): number[] {
  const hyp = Array.from(pySplit(prediction).join(""));
  const ref = Array.from(pySplit(reference).join(""));
  const stats: number[] = [];
  for (let n = 1; n <= charOrder; n++) {
    const h = charNgramCounts(hyp, n);
    const r = charNgramCounts(ref, n);
    let hypCount = 0;
    let match = 0;
    for (const [gram, c] of h) {
      hypCount += c;
      const rc = r.get(gram);
      if (rc) match += Math.min(c, rc);
    }
    const refCount = Math.max(ref.length - n + 1, 0);
    stats.push(r.size > 0 ? hypCount : 0, refCount, match);
  }
  return stats;
}

export function chrfFromStatistics(stats: readonly number[], options: ChrfOptions = {}): number {
  const order = options.charOrder ?? CHAR_ORDER;
  const factor = (options.beta ?? BETA) ** 2;
  const eps = 1e-16;
  let score = 0;
  let effectiveOrder = 0;
  let avgPrec = 0;
  let avgRec = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i];
    const nRef = stats[3 * i + 1];
    const nMatch = stats[3 * i + 2];
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder++;
    }
  }
  if (options.epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) return 0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

export function sentenceChrf(prediction: string, reference: string, options: ChrfOptions = {}): number {
  return chrfFromStatistics(chrfStatistics(prediction, reference, options.charOrder), options);
}

export class CorpusChrf implements PairAccumulator {
  private readonly stats: number[];
  n = 0;
  constructor(private readonly options: ChrfOptions = {}) {
    this.stats = new Array(3 * (options.charOrder ?? CHAR_ORDER)).fill(0);
  }
  add(prediction: string, reference: string): void {
    const s = chrfStatistics(prediction, reference, this.options.charOrder);
    for (let i = 0; i < s.length; i++) this.stats[i] += s[i];
    this.n++;
  }
  /** One prediction with several references: the statistics of the best one (sacrebleu). */
  addReferences(prediction: string, references: readonly string[]): void {
    const s = bestReferenceStatistics(prediction, references, this.options);
    for (let i = 0; i < s.length; i++) this.stats[i] += s[i];
    this.n++;
  }
  result(): number {
    return this.n === 0 ? Number.NaN : chrfFromStatistics(this.stats, this.options);
  }
}

/** With several references, the statistics of the reference giving the best sentence F (first on ties), as sacrebleu. */
export function bestReferenceStatistics(prediction: string, references: readonly string[], options: ChrfOptions = {}): number[] {
  let best: number[] = [];
  let bestF = -1;
  for (const ref of references) {
    const stats = chrfStatistics(prediction, ref, options.charOrder);
    const f = chrfFromStatistics(stats, options);
    if (f > bestF) {
      bestF = f;
      best = stats;
    }
  }
  return best;
}

/** Corpus chrF; `references[i]` is one reference or the list of references of prediction i. */
export function corpusChrf(predictions: readonly string[], references: readonly (string | readonly string[])[], options: ChrfOptions = {}): number {
  if (predictions.length !== references.length) {
    throw new RangeError(`chrF needs as many references as predictions (${predictions.length} vs ${references.length})`);
  }
  const totals = new Array(3 * (options.charOrder ?? CHAR_ORDER)).fill(0);
  for (let i = 0; i < predictions.length; i++) {
    const refs = typeof references[i] === "string" ? [references[i] as string] : (references[i] as readonly string[]);
    const s = bestReferenceStatistics(predictions[i], refs, options);
    for (let k = 0; k < s.length; k++) totals[k] += s[k];
  }
  return chrfFromStatistics(totals, options);
}
