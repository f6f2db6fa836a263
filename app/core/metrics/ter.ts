/**
 * Translation edit rate (Snover et al. 2006) as sacrebleu 2.x's TER computes it with its defaults
 * (case-insensitive, no normalisation, punctuation kept; words split on whitespace): the fewest
 * insertions, deletions, substitutions and block shifts (each costing 1) that turn the hypothesis
 * into the reference, over the reference's length. Shifts are searched greedily as Tercom and
 * sacrebleu do: while some shift lowers the edit distance, take the best one (largest gain, then
 * longest block, then earliest start, then earliest target); blocks of at most 10 words moved at
 * most 50 positions, at most 1000 candidates per sentence, and the edit distance is computed in a
 * beam of width 25 around the diagonal. With several references, a segment counts the fewest edits
 * over them and the mean reference length. Corpus TER = 100 · Σ edits / Σ reference lengths.
 */
import type { PairAccumulator } from "./pair-metric.ts";
import { pySplit } from "./whitespace.ts";

const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const MAX_SHIFT_CANDIDATES = 1000;
const BEAM_WIDTH = 25;
const INFINITY = 1e16;

// Edit operations, rewriting the hypothesis (rows) into the reference (columns).
const NOP = 0;
const SUB = 1;
const INS = 2;
const DEL = 3;
const UNDEF = 4;

/** sacrebleu's TercomTokenizer with its defaults: lowercase, whitespace collapsed. */
export function terWords(text: string): string[] {
  return pySplit(text.toLowerCase());
}

/** Beam-limited Levenshtein distance from hyp to ref, with its trace (ops from the start). */
function beamEditDistance(hyp: Int32Array, ref: Int32Array): { distance: number; trace: number[] } {
  const nh = hyp.length;
  const nr = ref.length;
  const w = nr + 1;
  const cost = new Float64Array((nh + 1) * w).fill(INFINITY);
  const op = new Uint8Array((nh + 1) * w).fill(UNDEF);
  for (let j = 0; j <= nr; j++) {
    cost[j] = j;
    op[j] = INS;
  }
  const ratio = nh > 0 ? nr / nh : 1;
  // A very uneven pair would leave consecutive rows without overlap: widen the beam then.
  const beam = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
  for (let i = 1; i <= nh; i++) {
    const diag = Math.floor(i * ratio);
    const minJ = Math.max(0, diag - beam);
    const maxJ = i === nh ? nr + 1 : Math.min(nr + 1, diag + beam);
    for (let j = minJ; j < maxJ; j++) {
      const at = i * w + j;
      if (j === 0) {
        cost[at] = cost[(i - 1) * w] + 1;
        op[at] = DEL;
        continue;
      }
      const same = hyp[i - 1] === ref[j - 1];
      // Preference on equal cost: match/substitution, then deletion, then insertion (the trace is
      // read the other way round for the alignment, which makes this Tercom's order).
      const candidates: [number, number][] = [
        [cost[(i - 1) * w + j - 1] + (same ? 0 : 1), same ? NOP : SUB],
        [cost[(i - 1) * w + j] + 1, DEL],
        [cost[at - 1] + 1, INS],
      ];
      for (const [c, o] of candidates) {
        if (cost[at] > c) {
          cost[at] = c;
          op[at] = o;
        }
      }
    }
  }
  const trace: number[] = [];
  let i = nh;
  let j = nr;
  while (i > 0 || j > 0) {
    const o = op[i * w + j];
    trace.push(o);
    if (o === SUB || o === NOP) {
      i--;
      j--;
    } else if (o === INS) j--;
    else if (o === DEL) i--;
    else throw new Error("TER: broken edit trace");
  }
  trace.reverse();
  return { distance: cost[nh * w + nr], trace };
}

/**
 * The alignment of the trace read as rewriting the reference into the hypothesis (insertions and
 * deletions swapped): align[r] = the hypothesis position of reference word r, and which words of
 * each side are in error.
 */
function alignment(trace: number[], nr: number): { align: Int32Array; refErr: Uint8Array; hypErr: Uint8Array; aligned: Uint8Array } {
  const align = new Int32Array(nr);
  const aligned = new Uint8Array(nr);
  const refErr: number[] = [];
  const hypErr: number[] = [];
  let h = -1;
  let r = -1;
  for (const o0 of trace) {
    const o = o0 === INS ? DEL : o0 === DEL ? INS : o0;
    if (o === NOP || o === SUB) {
      h++;
      r++;
      align[r] = h;
      aligned[r] = 1;
      hypErr.push(o === SUB ? 1 : 0);
      refErr.push(o === SUB ? 1 : 0);
    } else if (o === INS) {
      h++;
      hypErr.push(1);
    } else {
      r++;
      align[r] = h;
      aligned[r] = 1;
      refErr.push(1);
    }
  }
  return { align, refErr: Uint8Array.from(refErr), hypErr: Uint8Array.from(hypErr), aligned };
}

function performShift(words: Int32Array, start: number, length: number, target: number): Int32Array {
  const a = Array.from(words);
  let out: number[];
  if (target < start) out = [...a.slice(0, target), ...a.slice(start, start + length), ...a.slice(target, start), ...a.slice(start + length)];
  else if (target > start + length) out = [...a.slice(0, start), ...a.slice(start + length, target), ...a.slice(start, start + length), ...a.slice(target)];
  else out = [...a.slice(0, start), ...a.slice(start + length, length + target), ...a.slice(start, start + length), ...a.slice(length + target)];
  return Int32Array.from(out);
}

function sum(xs: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < Math.min(to, xs.length); i++) s += xs[i];
  return s;
}

/** Candidate order: larger gain, then longer block, then earlier start, then earlier target. */
type Candidate = { gain: number; length: number; start: number; target: number; words: Int32Array };
function better(x: Candidate, y: Candidate | null): boolean {
  if (y === null) return true;
  if (x.gain !== y.gain) return x.gain > y.gain;
  if (x.length !== y.length) return x.length > y.length;
  if (x.start !== y.start) return x.start < y.start;
  if (x.target !== y.target) return x.target < y.target;
  // The last tie-break compares the shifted word lists themselves, as sacrebleu's tuples do.
  for (let i = 0; i < x.words.length; i++) if (x.words[i] !== y.words[i]) return x.words[i] > y.words[i];
  return false;
}

function bestShift(hyp: Int32Array, ref: Int32Array, checked: number): { gain: number; words: Int32Array; checked: number } {
  const { distance: before, trace } = beamEditDistance(hyp, ref);
  const { align, refErr, hypErr, aligned } = alignment(trace, ref.length);
  let best: Candidate | null = null;
  const nh = hyp.length;
  const nr = ref.length;
  outer: for (let startH = 0; startH < nh; startH++) {
    for (let startR = 0; startR < nr; startR++) {
      if (Math.abs(startR - startH) > MAX_SHIFT_DIST) continue;
      for (let length = 1; length <= MAX_SHIFT_SIZE; length++) {
        if (startH + length > nh || startR + length > nr) break;
        if (hyp[startH + length - 1] !== ref[startR + length - 1]) break;
        // Only a block that is wrong where it is and fixes something where it goes.
        if (sum(hypErr, startH, startH + length) === 0) continue;
        if (sum(refErr, startR, startR + length) === 0) continue;
        if (startH <= align[startR] && align[startR] < startH + length) continue;
        let previous = -1;
        for (let offset = -1; offset < length; offset++) {
          let idx: number;
          if (startR + offset === -1) idx = 0;
          else if (startR + offset < nr && aligned[startR + offset]) idx = align[startR + offset] + 1;
          else break;
          if (idx === previous) continue;
          previous = idx;
          const words = performShift(hyp, startH, length, idx);
          const candidate = { gain: before - beamEditDistance(words, ref).distance, length, start: startH, target: idx, words };
          checked++;
          if (better(candidate, best)) best = candidate;
        }
        if (checked >= MAX_SHIFT_CANDIDATES) break outer;
      }
    }
  }
  return best === null ? { gain: 0, words: hyp, checked } : { gain: best.gain, words: best.words, checked };
}

/** Edits (shifts + edit distance after them) from the hypothesis words to the reference words. */
export function terEdits(hypWords: readonly string[], refWords: readonly string[]): number {
  if (refWords.length === 0) return hypWords.length;
  const vocab = new Map<string, number>();
  const id = (w: string) => {
    let v = vocab.get(w);
    if (v === undefined) vocab.set(w, (v = vocab.size));
    return v;
  };
  const ref = Int32Array.from(refWords, id);
  let hyp: Int32Array = Int32Array.from(hypWords, id);
  let shifts = 0;
  let checked = 0;
  for (;;) {
    const s = bestShift(hyp, ref, checked);
    checked = s.checked;
    if (checked >= MAX_SHIFT_CANDIDATES || s.gain <= 0) break;
    shifts++;
    hyp = s.words;
  }
  return shifts + beamEditDistance(hyp, ref).distance;
}

export class CorpusTer implements PairAccumulator {
  edits = 0;
  referenceWords = 0;
  n = 0;
  add(prediction: string, reference: string): void {
    this.addReferences(prediction, [reference]);
  }
  addReferences(prediction: string, references: readonly string[]): void {
    const hyp = terWords(prediction);
    let best = Number.POSITIVE_INFINITY;
    let lengths = 0;
    for (const r of references) {
      const ref = terWords(r);
      lengths += ref.length;
      best = Math.min(best, terEdits(hyp, ref));
    }
    this.edits += best;
    this.referenceWords += lengths / references.length;
    this.n++;
  }
  result(): number {
    if (this.n === 0) return Number.NaN;
    if (this.referenceWords > 0) return (100 * this.edits) / this.referenceWords;
    return this.edits > 0 ? 100 : 0;
  }
}
