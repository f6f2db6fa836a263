/**
 * BLEU exactly as sacrebleu 2.x computes it with its defaults: 13a tokenisation (after rstrip), n-gram
 * orders 1..4, clipped matches, brevity penalty exp(1 - ref/sys) when sys < ref, geometric mean of
 * precisions on the 0-100 scale, smoothing "exp" (each order without a match gets 100 / (2^k · total), k
 * counting such orders). Corpus BLEU sums the statistics of every pair before scoring; sentence BLEU
 * (`sentence_bleu`) uses effective order: orders the hypothesis has no n-gram of are left out of the mean.
 * Several references per prediction are supported as sacrebleu does (n-gram counts clipped by the maximum
 * over references, reference length = the closest to the hypothesis length, shorter on ties). Also supports sacrebleu's other smoothing methods (floor, add-k, none).
 */
import type { PairAccumulator } from "./pair-metric.ts";
import { tokenize13a } from "./tokenizer-13a.ts";
import { pyRstrip, pySplit } from "./whitespace.ts";
import { TokenInterner } from "./sequence-alignment.ts";

export const MAX_NGRAM_ORDER = 4;

export type SmoothMethod = "exp" | "floor" | "add-k" | "none";
export type BleuTokenizer = "13a" | "none" | "intl" | "char";
export const BLEU_TOKENIZERS: readonly BleuTokenizer[] = ["13a", "none", "intl", "char"];

export interface BleuOptions {
  smooth?: SmoothMethod;
  /** For floor (default 0.1) and add-k (default 1), as sacrebleu. */
  smoothValue?: number;
  effectiveOrder?: boolean;
  tokenize?: BleuTokenizer;
  maxOrder?: number;
}

/** Sufficient statistics: lengths, and per order the clipped matches and the hypothesis n-gram totals. */
export interface BleuStatistics {
  sysLen: number;
  refLen: number;
  correct: number[];
  total: number[];
}

export interface BleuResult {
  score: number;
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
  counts: number[];
  totals: number[];
}

const SMOOTH_DEFAULTS: Record<SmoothMethod, number | undefined> = { none: undefined, floor: 0.1, "add-k": 1, exp: undefined };

function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** sacrebleu's BLEU.compute_bleu over sufficient statistics. */
export function computeBleu(stats: BleuStatistics, options: BleuOptions = {}): BleuResult {
  const smooth = options.smooth ?? "exp";
  const maxOrder = options.maxOrder ?? MAX_NGRAM_ORDER;
  const effectiveOrder = options.effectiveOrder ?? false;
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[smooth] ?? 0;
  const correct = stats.correct.slice(0, maxOrder);
  const total = stats.total.slice(0, maxOrder);
  const { sysLen, refLen } = stats;

  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;

  const precisions = new Array<number>(maxOrder).fill(0);
  const result = (score: number): BleuResult => ({ score, precisions, bp, sysLen, refLen, counts: correct, totals: total });
  if (!correct.some((c) => c > 0)) return result(0);

  let smoothMteval = 1;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (smooth === "add-k" && n > 1) {
      correct[n - 1] += smoothValue;
      total[n - 1] += smoothValue;
    }
    if (total[n - 1] === 0) break;
    if (effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (smooth === "exp") {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]);
      } else if (smooth === "floor") {
        precisions[n - 1] = (100 * smoothValue) / total[n - 1];
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]) / total[n - 1];
    }
  }
  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += myLog(precisions[i]);
  return result(bp * Math.exp(logSum / effOrder));
}

export function bleuTokens(segment: string, tokenize: BleuTokenizer = "13a"): string[] {
  const s = pyRstrip(segment);
  switch (tokenize) {
    case "13a":
      return tokenize13a(s);
    case "intl":
      return pySplit(tokenizeIntl(s));
    case "char":
      // sacrebleu's TokenizerChar puts a space between characters; BLEU then splits on whitespace.
      return pySplit(Array.from(s).join(" "));
    default:
      return pySplit(s);
  }
}

/**
 * sacrebleu's TokenizerV14International (mteval-v14's --international-tokenization): punctuation
 * not next to a digit is split off on both sides, and every symbol is set apart.
 */
const INTL_PUNCT_AFTER = /(\P{N})(\p{P})/gu;
const INTL_PUNCT_BEFORE = /(\p{P})(\P{N})/gu;
const INTL_SYMBOL = /(\p{S})/gu;
export function tokenizeIntl(line: string): string {
  return line.replace(INTL_PUNCT_AFTER, "$1 $2 ").replace(INTL_PUNCT_BEFORE, " $1 $2").replace(INTL_SYMBOL, " $1 ");
}

const interner = new TokenInterner();

/**
 * Multiset of numbers for clipped n-gram matching: open addressing on the n-gram codes, O(1) reset by
 * generation stamps.
 */
class CodeCounter {
  private keys = new Float64Array(256);
  private counts = new Int32Array(256);
  private stamps = new Int32Array(256);
  private generation = 1;
  private mask = 255;

  /** Empties the counter, sized for up to `expected` distinct codes. */
  reset(expected: number): void {
    if (expected * 2 > this.keys.length) {
      let size = this.keys.length;
      while (expected * 2 > size) size *= 2;
      this.keys = new Float64Array(size);
      this.counts = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.mask = size - 1;
      this.generation = 1;
    } else if (++this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private slot(code: number): number {
    let h = Math.imul((code >>> 0) ^ Math.imul((code / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    let slot = h & this.mask;
    const gen = this.generation;
    while (this.stamps[slot] === gen && this.keys[slot] !== code) slot = (slot + 1) & this.mask;
    return slot;
  }

  add(code: number): void {
    const s = this.slot(code);
    if (this.stamps[s] === this.generation) this.counts[s]++;
    else {
      this.stamps[s] = this.generation;
      this.keys[s] = code;
      this.counts[s] = 1;
    }
  }

  /** Takes one occurrence of `code` if any is left; returns whether it did. */
  take(code: number): boolean {
    const s = this.slot(code);
    if (this.stamps[s] !== this.generation || this.counts[s] === 0) return false;
    this.counts[s]--;
    return true;
  }
}

const counter = new CodeCounter();
// Rolling n-gram codes: after order n, codes[i] encodes tokens i..i+n-1 in base `base`.
let hypCodes = new Float64Array(512);
let refCodes = new Float64Array(512);

function roll(codes: Float64Array, ids: Int32Array, n: number, base: number): number {
  const count = ids.length - n + 1;
  if (n === 1) for (let i = 0; i < count; i++) codes[i] = ids[i];
  else for (let i = 0; i < count; i++) codes[i] = codes[i] * base + ids[i + n - 1];
  return count;
}

function ngramCountsByString(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Adds the statistics of one tokenised pair to `into` (sysLen, refLen, correct, total). */
export function addPairStatistics(hyp: readonly string[], ref: readonly string[], into: BleuStatistics, maxOrder = MAX_NGRAM_ORDER): void {
  into.sysLen += hyp.length;
  into.refLen += ref.length;
  interner.reset();
  const h = interner.ids32(hyp);
  const r = interner.ids32(ref);
  const base = interner.size + 1;
  const exact = Math.pow(base, maxOrder) < Number.MAX_SAFE_INTEGER;
  if (exact) {
    if (hypCodes.length < hyp.length) hypCodes = new Float64Array(hyp.length * 2);
    if (refCodes.length < ref.length) refCodes = new Float64Array(ref.length * 2);
  }
  for (let n = 1; n <= maxOrder; n++) {
    const hn = Math.max(hyp.length - n + 1, 0);
    into.total[n - 1] += hn;
    if (hn === 0 || ref.length < n) continue;
    if (exact) {
      const hc = roll(hypCodes, h, n, base);
      const rc = roll(refCodes, r, n, base);
      counter.reset(rc);
      for (let i = 0; i < rc; i++) counter.add(refCodes[i]);
      let matches = 0;
      for (let i = 0; i < hc; i++) if (counter.take(hypCodes[i])) matches++;
      into.correct[n - 1] += matches;
    } else {
      const refCounts = ngramCountsByString(ref, n);
      for (const [gram, c] of ngramCountsByString(hyp, n)) {
        const rc = refCounts.get(gram);
        if (rc) into.correct[n - 1] += Math.min(c, rc);
      }
    }
  }
}

/** Closest reference length to the hypothesis length; on a tie the shorter (sacrebleu's _get_closest_ref_len). */
export function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = len;
    } else if (diff === bestDiff && len < best) best = len;
  }
  return best;
}

/** Statistics of one hypothesis against several tokenised references. */
export function addMultiReferenceStatistics(hyp: readonly string[], refs: readonly (readonly string[])[], into: BleuStatistics, maxOrder = MAX_NGRAM_ORDER): void {
  if (refs.length === 1) return addPairStatistics(hyp, refs[0], into, maxOrder);
  if (refs.length === 0) throw new RangeError("BLEU needs at least one reference");
  into.sysLen += hyp.length;
  into.refLen += closestRefLength(hyp.length, refs.map((r) => r.length));
  for (let n = 1; n <= maxOrder; n++) {
    const maxRef = new Map<string, number>();
    for (const ref of refs) {
      for (const [gram, c] of ngramCountsByString(ref, n)) maxRef.set(gram, Math.max(maxRef.get(gram) ?? 0, c));
    }
    for (const [gram, c] of ngramCountsByString(hyp, n)) {
      into.total[n - 1] += c;
      const rc = maxRef.get(gram);
      if (rc) into.correct[n - 1] += Math.min(c, rc);
    }
  }
}

export function emptyBleuStatistics(maxOrder = MAX_NGRAM_ORDER): BleuStatistics {
  return { sysLen: 0, refLen: 0, correct: new Array(maxOrder).fill(0), total: new Array(maxOrder).fill(0) };
}

export function bleuStatistics(prediction: string, reference: string, options: BleuOptions = {}): BleuStatistics {
  const maxOrder = options.maxOrder ?? MAX_NGRAM_ORDER;
  const stats = emptyBleuStatistics(maxOrder);
  addPairStatistics(bleuTokens(prediction, options.tokenize), bleuTokens(reference, options.tokenize), stats, maxOrder);
  return stats;
}

/** sacrebleu.sentence_bleu(prediction, [reference]): exp smoothing, effective order. */
export function sentenceBleu(prediction: string, reference: string, options: BleuOptions = {}): BleuResult {
  const opts: BleuOptions = { smooth: "exp", effectiveOrder: true, ...options };
  return computeBleu(bleuStatistics(prediction, reference, opts), opts);
}

/** sacrebleu.corpus_bleu over streamed pairs (defaults: 13a, exp smoothing, no effective order). */
export class CorpusBleu implements PairAccumulator {
  private readonly stats: BleuStatistics;
  private readonly options: BleuOptions;
  n = 0;
  constructor(options: BleuOptions = {}) {
    this.options = { smooth: "exp", effectiveOrder: false, ...options };
    this.stats = emptyBleuStatistics(this.options.maxOrder ?? MAX_NGRAM_ORDER);
  }
  add(prediction: string, reference: string): void {
    const t = this.options.tokenize;
    addPairStatistics(bleuTokens(prediction, t), bleuTokens(reference, t), this.stats, this.options.maxOrder ?? MAX_NGRAM_ORDER);
    this.n++;
  }
  /** One prediction with several references (clipped by the maximum over them, closest length). */
  addReferences(prediction: string, references: readonly string[]): void {
    const t = this.options.tokenize;
    const refs = references.map((r) => bleuTokens(r, t));
    addMultiReferenceStatistics(bleuTokens(prediction, t), refs, this.stats, this.options.maxOrder ?? MAX_NGRAM_ORDER);
    this.n++;
  }
  statistics(): BleuStatistics {
    return { ...this.stats, correct: [...this.stats.correct], total: [...this.stats.total] };
  }
  detail(): BleuResult {
    return computeBleu(this.statistics(), this.options);
  }
  result(): number {
    return this.n === 0 ? Number.NaN : this.detail().score;
  }
}

/**
 * Corpus BLEU of parallel arrays. `references[i]` is the reference of prediction i, or the list of its
 * references (several references per segment, as sacrebleu's list of reference streams transposed).
 */
export function corpusBleu(predictions: readonly string[], references: readonly (string | readonly string[])[], options: BleuOptions = {}): BleuResult {
  if (predictions.length !== references.length) {
    throw new RangeError(`corpus BLEU needs as many references as predictions (${predictions.length} vs ${references.length})`);
  }
  const opts: BleuOptions = { smooth: "exp", effectiveOrder: false, ...options };
  const maxOrder = opts.maxOrder ?? MAX_NGRAM_ORDER;
  const stats = emptyBleuStatistics(maxOrder);
  for (let i = 0; i < predictions.length; i++) {
    const refs = typeof references[i] === "string" ? [references[i] as string] : (references[i] as readonly string[]);
    addMultiReferenceStatistics(bleuTokens(predictions[i], opts.tokenize), refs.map((r) => bleuTokens(r, opts.tokenize)), stats, maxOrder);
  }
  return computeBleu(stats, opts);
}
