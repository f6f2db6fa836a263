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
  let W = 0;
  let S = 0;
  let D = 0;
  for (const r of rows) {
    W += r.weight;
    S += r.weight * r.score;
    D += r.weight * r.delta;
  }
  if (!(W > 0)) return { b0: Number.NaN, b1: null, win_rate: null, reason: "no votes" };
  const meanD = D / W;
  let V = 0;
  for (const r of rows) V += r.weight * (r.delta - meanD) ** 2;
  const sd = Math.sqrt(V / W);
  const xs = rows.map((r) => (sd > 0 ? Math.tanh(r.delta / sd) : 0));
  const p = S / W;
  if (p <= 0 || p >= 1) return { b0: p <= 0 ? -Infinity : Infinity, b1: null, win_rate: p <= 0 ? 0 : 1, reason: "every vote went one way: no finite fit, the length-controlled win rate is the plain one" };
  // x constant (no length variation): the slope is not identified; the intercept alone is logit(p).
  let xMin = Infinity;
  let xMax = -Infinity;
  for (const x of xs) {
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
  }
  if (xMax - xMin < 1e-12) return { b0: Math.log(p / (1 - p)), b1: null, win_rate: p, reason: "the lengths do not differ: no length effect to control" };

  let b0 = Math.log(p / (1 - p));
  let b1 = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < rows.length; i++) {
      const x = xs[i];
      const w = rows[i].weight;
      const mu = sigmoid(b0 + b1 * x);
      const resid = rows[i].score - mu;
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
    if (Math.abs(d0) < 1e-12 && Math.abs(d1) < 1e-12) return { b0, b1, win_rate: sigmoid(b0) };
  }
  return { b0: Number.NaN, b1: null, win_rate: null, reason: "the outcome is separated by length: no finite fit" };
}

export interface LengthControlledOptions {
  resamples?: number;
  seed?: Seed;
}

export function lengthControlledWinRate(votes: readonly LengthVote[], options: LengthControlledOptions = {}): LengthControlled {
  const items = itemsOf(votes);
  const nVotes = votes.reduce((a, v) => a + (v.count ?? 1), 0);
  const fit = fitLengthModel(items.flat());
  const out: LengthControlled = { win_rate: fit.win_rate, ci95: null, length_coef: fit.b1, n: items.length, n_votes: nVotes };
  if (fit.reason) out.reason = fit.reason;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (items.length === 0 || resamples <= 0 || fit.win_rate === null) return out;
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const reps = new Float64Array(resamples);
  const sample: Row[] = [];
  for (let b = 0; b < resamples; b++) {
    sample.length = 0;
    for (let i = 0; i < items.length; i++) for (const r of items[rng.int(items.length)]) sample.push(r);
    const f = fitLengthModel(sample);
    reps[b] = f.win_rate === null ? Number.NaN : f.win_rate;
  }
  out.ci95 = percentileInterval(reps, 0.95);
  return out;
}

/**
 * "The longer output won X% of decisive comparisons": among items decided on balance (score ≠ ½)
 * whose outputs differ in length (mean Δ of the item's votes ≠ 0), the share the longer output won.
 */
export function longerOutputWonShare(votes: readonly LengthVote[]): { share: number | null; n: number } {
  let won = 0;
  let n = 0;
  for (const rows of itemsOf(votes)) {
    let balance = 0;
    let delta = 0;
    for (const r of rows) {
      balance += r.weight * (r.score - 0.5);
      delta += r.weight * r.delta;
    }
    // Weights are 1/k, so a balance within rounding of 0 is a balance.
    if (Math.abs(balance) < 1e-12 || delta === 0) continue;
    n++;
    if (balance > 0 === delta > 0) won++;
  }
  return { share: n ? won / n : null, n };
}
