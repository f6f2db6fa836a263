/**
 * Seeded bootstrap intervals over cases for the report's candidate-vs-baseline figures. Pure.
 *
 * Resampling is over cases and paired: one resample draws case weights once and applies them to both
 * systems, so a delta or ratio keeps the pairing of the two answers to one case. For means of values
 * with few distinct (candidate, baseline) pairs (pass/fail, exact match) a resample is a multinomial draw
 * over those cells, O(cells) instead of O(n). Quantiles (latency) use the case weights over each system's
 * presorted values, type-7 interpolation between the closest resampled ranks.
 */
import { multinomial } from "../stats/binomial-sampler.ts";
import { percentileInterval } from "../stats/bootstrap.ts";
import { quantileSorted } from "../stats/quantile.ts";
import { createRng, type Rng, type Seed } from "../stats/rng.ts";

export type CompareMode = "value" | "delta" | "ratio" | "relative";

/** 1000 resamples up to 20,000 cases, then fewer (never under 200) so a report stays fast at 100,000 cases. */
export function resamplesFor(n: number): number {
  return n <= 20_000 ? 1000 : Math.max(200, Math.floor(2e7 / n));
}

export function combine(candidate: number, baseline: number | null, mode: CompareMode): number | null {
  if (mode === "value") return candidate;
  if (baseline === null || !Number.isFinite(baseline)) return null;
  if (mode === "delta") return candidate - baseline;
  if (baseline === 0) return null;
  if (mode === "ratio") return candidate / baseline;
  return (candidate - baseline) / baseline;
}

export interface CompareResult {
  candidate: number | null;
  baseline: number | null;
  value: number | null;
  n: number;
  ci95: [number, number] | null;
  resamples: number;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : Number.NaN;
}

/**
 * The distinct (c, b) pairs in order of first occurrence with their counts, or null when there are more
 * than `max`. Looked up through nested number-keyed maps rather than a `${c}|${b}` string per case: at
 * 100,000 cases and dozens of slices the strings were a large share of the report's garbage. Same cells,
 * same order (Map's SameValueZero equates 0 and -0 and NaN with itself, as their strings did).
 */
function distinctPairs(c: ArrayLike<number>, b: ArrayLike<number> | null, max: number): { c: number; b: number; count: number }[] | null {
  const list: { c: number; b: number; count: number }[] = [];
  const index = new Map<number, Map<number, { c: number; b: number; count: number }>>();
  for (let i = 0; i < c.length; i++) {
    const cv = c[i];
    const bv = b ? b[i] : 0;
    let inner = index.get(cv);
    if (!inner) index.set(cv, (inner = new Map()));
    const cell = inner.get(bv);
    if (cell) cell.count++;
    else {
      if (list.length === max) return null;
      const fresh = { c: cv, b: bv, count: 1 };
      inner.set(bv, fresh);
      list.push(fresh);
    }
  }
  return list;
}

/**
 * Mean of the candidate's per-case values, alone (mode value, `b` null) or compared with the baseline's
 * values on the same cases (c[i] and b[i] belong to case i).
 */
export function compareMeans(c: ArrayLike<number>, b: ArrayLike<number> | null, mode: CompareMode, seed: Seed, resamples?: number): CompareResult {
  const n = c.length;
  if (b && b.length !== n) throw new RangeError("paired values need equal lengths");
  if (mode !== "value" && !b) throw new RangeError(`mode ${mode} needs baseline values`);
  const cm = n ? mean(c) : null;
  const bm = b && n ? mean(b) : null;
  const value = cm === null ? null : combine(cm, bm, mode);
  const B = resamples ?? resamplesFor(n);
  if (n === 0 || value === null || B === 0) return { candidate: cm, baseline: bm, value, n, ci95: null, resamples: 0 };
  const rng = createRng(seed);
  const reps = new Float64Array(B);
  // Cells of distinct (c, b) pairs: a multinomial over them is exactly a resample of the cases.
  const list = distinctPairs(c, b, 64);
  if (list) {
    const weights = Float64Array.from(list, (x) => x.count);
    const draw = new Float64Array(list.length);
    for (let r = 0; r < B; r++) {
      multinomial(rng, n, weights, draw);
      let sc = 0;
      let sb = 0;
      for (let k = 0; k < list.length; k++) {
        sc += draw[k] * list[k].c;
        sb += draw[k] * list[k].b;
      }
      reps[r] = combine(sc / n, b ? sb / n : null, mode) ?? Number.NaN;
    }
  } else {
    for (let r = 0; r < B; r++) {
      let sc = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        const j = rng.int(n);
        sc += c[j];
        if (b) sb += b[j];
      }
      reps[r] = combine(sc / n, b ? sb / n : null, mode) ?? Number.NaN;
    }
  }
  return { candidate: cm, baseline: bm, value, n, ci95: percentileInterval(reps), resamples: B };
}

/** Weighted type-7 quantile: sorted values x with resample counts w (in sorted order), total n. */
function weightedQuantile(sortedValues: Float64Array, order: Int32Array, weights: Int32Array, n: number, q: number): number {
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const frac = h - lo;
  const at = (rank: number): number => {
    // Scan from the nearer end.
    if (rank < n / 2) {
      let cum = 0;
      for (let k = 0; k < order.length; k++) {
        cum += weights[order[k]];
        if (cum > rank) return sortedValues[k];
      }
    } else {
      let cum = 0;
      const fromTop = n - 1 - rank;
      for (let k = order.length - 1; k >= 0; k--) {
        cum += weights[order[k]];
        if (cum > fromTop) return sortedValues[k];
      }
    }
    return sortedValues[sortedValues.length - 1];
  };
  const a = at(lo);
  return frac === 0 ? a : a + frac * (at(Math.min(lo + 1, n - 1)) - a);
}

/**
 * The values in ascending order and, for each sorted position, the index of the value there; equal
 * values keep their original order (as a stable sort). A native numeric sort plus a binary search per
 * value: sorting 100,000 indices through a comparator cost ~50 ms per call. (Which of equal values sits
 * where cannot change a weighted quantile, but the order is kept identical anyway.)
 */
function sortWithOrder(values: ArrayLike<number>): { sorted: Float64Array; order: Int32Array } {
  const n = values.length;
  const ascending = Float64Array.from(values).sort();
  if (n > 0 && Number.isNaN(ascending[n - 1])) {
    // NaN has no place in an order: keep the comparator's behaviour for such input.
    const order = Int32Array.from({ length: n }, (_, i) => i);
    order.sort((x, y) => values[x] - values[y]);
    return { sorted: Float64Array.from(order, (i) => values[i]), order };
  }
  const order = new Int32Array(n);
  const placed = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ascending[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    order[lo + placed[lo]++] = i;
  }
  return { sorted: Float64Array.from(order, (i) => values[i]), order };
}

/**
 * Case weights of one resample: n uniform draws of a case. A xorshift32 stream seeded from the report's
 * generator, with multiply-shift index mapping (bias below n / 2^32), keeps 100,000-case resamples cheap.
 */
function drawWeights(rng: Rng, n: number, weights: Int32Array): void {
  weights.fill(0);
  let x = rng.uint32() | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    weights[Math.floor(((x >>> 0) * n) / 4294967296)]++;
  }
}

/** Quantile q of the candidate's values, alone or paired with the baseline's (same cases). */
export function compareQuantiles(c: ArrayLike<number>, b: ArrayLike<number> | null, q: number, mode: CompareMode, seed: Seed, resamples?: number): CompareResult {
  const n = c.length;
  if (b && b.length !== n) throw new RangeError("paired values need equal lengths");
  if (n === 0) return { candidate: null, baseline: null, value: null, n: 0, ci95: null, resamples: 0 };
  const cs = sortWithOrder(c);
  const bs = b ? sortWithOrder(b) : null;
  const cq = quantileSorted(cs.sorted, q);
  const bq = bs ? quantileSorted(bs.sorted, q) : null;
  const value = combine(cq, bq, mode);
  const B = resamples ?? resamplesFor(n);
  if (value === null || B === 0) return { candidate: cq, baseline: bq, value, n, ci95: null, resamples: 0 };
  const rng = createRng(seed);
  const w = new Int32Array(n);
  const reps = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    drawWeights(rng, n, w);
    const rc = weightedQuantile(cs.sorted, cs.order, w, n, q);
    const rb = bs ? weightedQuantile(bs.sorted, bs.order, w, n, q) : null;
    reps[r] = combine(rc, rb, mode) ?? Number.NaN;
  }
  return { candidate: cq, baseline: bq, value, n, ci95: percentileInterval(reps), resamples: B };
}

/** Several quantiles of one system's values with one bootstrap (shared resample weights). */
export function quantileIntervals(values: ArrayLike<number>, qs: readonly number[], seed: Seed, resamples?: number): { n: number; values: (number | null)[]; ci95: ([number, number] | null)[] } {
  const n = values.length;
  if (n === 0) return { n, values: qs.map(() => null), ci95: qs.map(() => null) };
  const s = sortWithOrder(values);
  const point = qs.map((q) => quantileSorted(s.sorted, q));
  const B = resamples ?? resamplesFor(n);
  const rng = createRng(seed);
  const w = new Int32Array(n);
  const reps = qs.map(() => new Float64Array(B));
  for (let r = 0; r < B; r++) {
    drawWeights(rng, n, w);
    qs.forEach((q, k) => (reps[k][r] = weightedQuantile(s.sorted, s.order, w, n, q)));
  }
  return { n, values: point, ci95: reps.map((x) => (B ? percentileInterval(x) : null)) };
}
