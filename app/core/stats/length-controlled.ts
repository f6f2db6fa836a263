/**
 * Length-controlled win rate (the idea of Dubois et al., "Length-Controlled AlpacaEval", 2024,
 * fixed here to one small model so it is one definition; issue 17 item 3):
 *
 *   Δ      = candidate's output length − baseline's (characters), per vote row
 *   x      = tanh(Δ / sd(Δ)), sd the population standard deviation of Δ over the rows (x = 0 when sd = 0)
 *   fit    unpenalised logistic regression P(win) = sigmoid(b0 + b1·x) by maximum likelihood,
 *          outcome win 1 / loss 0, a tie (or both bad, or a fractional score s) as two rows of
 *          weights ½ and ½ (s and 1 − s): one win, one loss
 *   LC win rate = sigmoid(b0), the win rate at equal length; length_coef = b1
 *   ci95   percentile bootstrap over ITEMS (an item's votes go together), the fit repeated
 *
 * The item is the unit (clustered.ts): each vote row weighs 1/k of its item's k votes, in the fit
 * and in sd(Δ), so with one vote per item every row weighs 1, with no length effect the LC win
 * rate is the plain win rate (mean of item scores), and k identical votes change nothing.
 *
 * No finite fit: every outcome a win (or a loss) gives LC = 1 (0) with length_coef null; an
 * outcome separated by length (b1 runs off) gives null with a reason.
 */
import { DEFAULT_RESAMPLES, DEFAULT_SEED, percentileInterval } from "./bootstrap.ts";
import { createRng, type Seed } from "./rng.ts";
import { Z95 } from "./wilson.ts";

export interface LengthVote {
  item: string;
  /** The vote's score for the candidate: 1 win, ½ tie or both bad, 0 loss, or a fraction. */
  score: number;
  /** Candidate length − baseline length (characters). */
  delta: number;
  /** Identical votes this row stands for (default 1). */
  count?: number;
}

export interface LengthControlled {
  win_rate: number | null;
  ci95: [number, number] | null;
  length_coef: number | null;
  /** Items and vote rows the fit used. */
  n: number;
  n_votes: number;
  /** How ci95 was obtained: item bootstrap, or the cluster-robust sandwich for large inputs. */
  ci95_method?: "bootstrap" | "cluster-robust";
  reason?: string;
}

interface Row {
  score: number;
  delta: number;
  weight: number;
}

/** Items with their rows, each row weighted 1/k of its item. */
function itemsOf(votes: readonly LengthVote[]): Row[][] {
  const byItem = new Map<string, { rows: Row[]; k: number }>();
  for (const v of votes) {
    if (!(v.score >= 0 && v.score <= 1)) throw new RangeError(`a vote score must be in [0, 1], got ${v.score}`);
    if (!Number.isFinite(v.delta)) throw new RangeError(`a length difference must be finite, got ${v.delta}`);
    const count = v.count ?? 1;
    let entry = byItem.get(v.item);
    if (!entry) byItem.set(v.item, (entry = { rows: [], k: 0 }));
    entry.rows.push({ score: v.score, delta: v.delta, weight: count });
    entry.k += count;
  }
  return [...byItem.values()].map(({ rows, k }) => rows.map((r) => ({ ...r, weight: r.weight / k })));
}

export interface LengthFit {
  b0: number;
  b1: number | null;
  win_rate: number | null;
  reason?: string;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The maximum-likelihood fit on weighted rows (Newton–Raphson, which is IRLS here). */
export function fitLengthModel(rows: readonly { score: number; delta: number; weight: number }[]): LengthFit {
  return fitColumns(
    Float64Array.from(rows, (r) => r.score),
    Float64Array.from(rows, (r) => r.delta),
    Float64Array.from(rows, (r) => r.weight),
    new Float64Array(rows.length),
  );
}

/**
 * The fit on columns: scores, deltas, weights (0 leaves a row out); `xs` is scratch space. Typed
 * arrays and no allocation, because the bootstrap refits this once per resample.
 */
function fitColumns(score: Float64Array, delta: Float64Array, weight: Float64Array, xs: Float64Array): LengthFit {
  const m = score.length;
  let W = 0;
  let S = 0;
  let D = 0;
  for (let i = 0; i < m; i++) {
    const w = weight[i];
    W += w;
    S += w * score[i];
    D += w * delta[i];
  }
  if (!(W > 0)) return { b0: Number.NaN, b1: null, win_rate: null, reason: "no votes" };
  const meanD = D / W;
  let V = 0;
  for (let i = 0; i < m; i++) V += weight[i] * (delta[i] - meanD) ** 2;
  const sd = Math.sqrt(V / W);
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = sd > 0 ? Math.tanh(delta[i] / sd) : 0;
    xs[i] = x;
    if (weight[i] > 0) {
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
    }
  }
  const p = S / W;
  // Rounding of weights summed to W: treat a share within 1e-12 of 0 or 1 as all one way.
  if (p <= 1e-12 || p >= 1 - 1e-12) {
    return { b0: p < 0.5 ? -Infinity : Infinity, b1: null, win_rate: p < 0.5 ? 0 : 1, reason: "every vote went one way: no finite fit, the length-controlled win rate is the plain one" };
  }
  // x constant (no length variation): the slope is not identified; the intercept alone is logit(p).
  if (xMax - xMin < 1e-12) return { b0: Math.log(p / (1 - p)), b1: null, win_rate: p, reason: "the lengths do not differ: no length effect to control" };

  let b0 = Math.log(p / (1 - p));
  let b1 = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < m; i++) {
      const w = weight[i];
      if (w === 0) continue;
      const x = xs[i];
      const mu = sigmoid(b0 + b1 * x);
      const resid = score[i] - mu;
      g0 += w * resid;
      g1 += w * resid * x;
      const v = w * mu * (1 - mu);
      h00 += v;
      h01 += v * x;
      h11 += v * x * x;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    b0 += d0;
    b1 += d1;
    if (Math.abs(b0) > 40 || Math.abs(b1) > 40) break;
    if (Math.abs(d0) < 1e-10 && Math.abs(d1) < 1e-10) return { b0, b1, win_rate: sigmoid(b0) };
  }
  return { b0: Number.NaN, b1: null, win_rate: null, reason: "the outcome is separated by length: no finite fit" };
}

export interface LengthControlledOptions {
  resamples?: number;
  seed?: Seed;
  /**
   * Most row fits the bootstrap may cost (resamples × vote rows); beyond it the interval is the
   * cluster-robust (sandwich, clustered by item) normal interval of the intercept mapped through the
   * sigmoid, which costs one pass. Default: no limit (the CLI always bootstraps).
   */
  maxWork?: number;
}

/**
 * Vote rows as columns, contiguous per item: rowsPerItem[i] rows for item i in order; weight is the
 * row's count / its item's votes (so each item weighs 1). Callers with many items (the report) build
 * these directly; `lengthColumns(votes)` builds them from vote objects.
 */
export interface LengthColumns {
  score: Float64Array;
  delta: Float64Array;
  weight: Float64Array;
  rowsPerItem: Int32Array;
  nVotes: number;
}

export function lengthColumns(votes: readonly LengthVote[]): LengthColumns {
  const items = itemsOf(votes);
  const rows = items.flat();
  return {
    score: Float64Array.from(rows, (r) => r.score),
    delta: Float64Array.from(rows, (r) => r.delta),
    weight: Float64Array.from(rows, (r) => r.weight),
    rowsPerItem: Int32Array.from(items, (x) => x.length),
    nVotes: votes.reduce((a, v) => a + (v.count ?? 1), 0),
  };
}

export function lengthControlledWinRate(votes: readonly LengthVote[], options: LengthControlledOptions = {}): LengthControlled {
  return lengthControlledFromColumns(lengthColumns(votes), options);
}

export function lengthControlledFromColumns(cols: LengthColumns, options: LengthControlledOptions = {}): LengthControlled {
  const { score, delta, weight: base, rowsPerItem } = cols;
  const m = score.length;
  const nItems = rowsPerItem.length;
  const xs = new Float64Array(m);
  const fit = fitColumns(score, delta, base, xs);
  const out: LengthControlled = { win_rate: fit.win_rate, ci95: null, length_coef: fit.b1, n: nItems, n_votes: cols.nVotes };
  if (fit.reason) out.reason = fit.reason;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (nItems === 0 || resamples <= 0 || fit.win_rate === null) return out;
  if (resamples * m > (options.maxWork ?? Infinity)) {
    // Too big to bootstrap here: the sandwich needs a slope; without one (no length variation, or
    // every vote one way) no interval is given.
    if (fit.b1 !== null) {
      out.ci95 = sandwichInterval(score, base, xs, rowsPerItem, fit.b0, fit.b1);
      out.ci95_method = "cluster-robust";
    }
    return out;
  }
  out.ci95_method = "bootstrap";
  // Resampling items is weighting each item's rows by how often it was drawn: the same fit as on the
  // concatenated sample, without building it.
  const itemOfRow = new Int32Array(m);
  let r = 0;
  for (let i = 0; i < nItems; i++) for (let j = 0; j < rowsPerItem[i]; j++) itemOfRow[r++] = i;
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const times = new Float64Array(nItems);
  const weight = new Float64Array(m);
  const reps = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    times.fill(0);
    for (let i = 0; i < nItems; i++) times[rng.int(nItems)]++;
    for (let k = 0; k < m; k++) weight[k] = base[k] * times[itemOfRow[k]];
    const f = fitColumns(score, delta, weight, xs);
    reps[b] = f.win_rate === null ? Number.NaN : f.win_rate;
  }
  out.ci95 = percentileInterval(reps, 0.95);
  return out;
}

/**
 * sigmoid(b0 ± z·se(b0)) with se from V = H⁻¹·(Σ_items s_i s_iᵀ)·H⁻¹ at the fit, s_i the item's score
 * vector Σ w·(y − μ)·(1, x) and H the information Σ w·μ(1 − μ)·(1, x)(1, x)ᵀ (x held fixed).
 */
function sandwichInterval(score: Float64Array, weight: Float64Array, xs: Float64Array, rowsPerItem: ArrayLike<number>, b0: number, b1: number): [number, number] | null {
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  let m00 = 0;
  let m01 = 0;
  let m11 = 0;
  let r = 0;
  for (let it = 0; it < rowsPerItem.length; it++) {
    const k = rowsPerItem[it];
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < k; j++, r++) {
      const x = xs[r];
      const w = weight[r];
      const mu = sigmoid(b0 + b1 * x);
      const v = w * mu * (1 - mu);
      h00 += v;
      h01 += v * x;
      h11 += v * x * x;
      s0 += w * (score[r] - mu);
      s1 += w * (score[r] - mu) * x;
    }
    m00 += s0 * s0;
    m01 += s0 * s1;
    m11 += s1 * s1;
  }
  const det = h00 * h11 - h01 * h01;
  if (!(det > 0)) return null;
  // First row of H⁻¹: (h11, −h01)/det; V00 = a·M·aᵀ.
  const a0 = h11 / det;
  const a1 = -h01 / det;
  const v00 = a0 * a0 * m00 + 2 * a0 * a1 * m01 + a1 * a1 * m11;
  const se = Math.sqrt(Math.max(0, v00));
  return [sigmoid(b0 - Z95 * se), sigmoid(b0 + Z95 * se)];
}

/**
 * "The longer output won X% of decisive comparisons": among items decided on balance (score ≠ ½)
 * whose outputs differ in length (mean Δ of the item's votes ≠ 0), the share the longer output won.
 */
export function longerOutputWonShare(votes: readonly LengthVote[]): { share: number | null; n: number } {
  return longerWonFromColumns(lengthColumns(votes));
}

export function longerWonFromColumns(cols: LengthColumns): { share: number | null; n: number } {
  let won = 0;
  let n = 0;
  let r = 0;
  for (let i = 0; i < cols.rowsPerItem.length; i++) {
    let balance = 0;
    let delta = 0;
    for (let j = 0; j < cols.rowsPerItem[i]; j++, r++) {
      balance += cols.weight[r] * (cols.score[r] - 0.5);
      delta += cols.weight[r] * cols.delta[r];
    }
    // Weights are 1/k, so a balance within rounding of 0 is a balance.
    if (Math.abs(balance) < 1e-12 || delta === 0) continue;
    n++;
    if (balance > 0 === delta > 0) won++;
  }
  return { share: n ? won / n : null, n };
}
