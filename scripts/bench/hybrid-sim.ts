/**
 * The hybrid-evidence simulation of issue 17 item 5: many evals, each with a judge verdict on every
 * comparison and k human votes on a random subset; it measures how often the PPI++ interval and
 * the classical (humans-only) interval cover the true human win rate, how wide they are, and how
 * often the length-controlled judge win rate covers the judge's length-neutral win rate.
 *
 * One eval (all draws from one seeded generator):
 *   π ~ U(0.30, 0.80), a target judge-human agreement a ~ U(0.60, 0.85), Δ_i ~ Normal(150, 250) characters (the candidate is
 *   longer on average); each item has a latent human preference h_i: tie with p 0.1, otherwise a
 *   win with p π (humans ignore length); each of k human votes equals h_i with p 0.7, otherwise is
 *   uniform over win/loss/tie. True human win rate θ = E[item score] = 0.7·(0.05 + 0.9π) + 0.3·½.
 *   The judge gives h_i with p α = (a − c)/(1 − c), where c = 0.9·(π·q + (1 − π)·(1 − q)) is the
 *   chance that a length-driven verdict matches h (q = its mean win probability), so the expected
 *   agreement is a (the measured range is printed); otherwise a length-driven verdict: win with p
 *   sigmoid(β·tanh(Δ/250)) (β = 1.5), else loss. Its length-neutral win rate (at Δ = 0) is
 *   α·(0.05 + 0.9π) + (1 − α)·½.
 *   The n human-labeled items are drawn uniformly without replacement from the eval's N.
 */
import { ppiMeanCi } from "../../app/core/stats/ppi.ts";
import { lengthControlledWinRate, type LengthVote } from "../../app/core/stats/length-controlled.ts";
import { createRng, type Rng } from "../../app/core/stats/rng.ts";
import { median, outcomeScore, shuffledPrefix } from "./sim-helpers.ts";

export interface HybridOptions {
  evals: number;
  /** Comparisons per eval (all judged). */
  items: number;
  /** Comparisons with human votes. */
  labeled: number;
  /** Human votes per labeled comparison. */
  k: number;
  /** Evals (the first ones) on which the LC interval is also computed, and its resamples. */
  lcEvals: number;
  lcResamples: number;
  seed: string | number;
}

export interface HybridFigures {
  evals: number;
  ppi_coverage: number;
  classical_coverage: number;
  /** Median over evals of PPI width / classical width. */
  median_width_ratio: number;
  median_ppi_width: number;
  median_classical_width: number;
  median_lambda: number;
  median_effective_n: number;
  /** Measured judge-human agreement (judge verdict = the item's latent human preference), min and max over evals. */
  judge_agreement: [number, number];
  lc_evals: number;
  lc_coverage: number;
  /** How often the raw judge win rate's normal interval covers the same length-neutral truth (for contrast). */
  raw_judge_coverage: number;
  median_lc_bias: number;
  median_raw_judge_bias: number;
}

const BETA = 1.5;
const DELTA_MEAN = 150;
const DELTA_SD = 250;
const Z = 1.959963984540054;

/** q = E[sigmoid(β·tanh(Δ/sd))] for Δ ~ Normal(mean, sd), by the midpoint rule over ±8 sd. */
const LENGTH_WIN = (() => {
  const steps = 4000;
  let sum = 0;
  for (let s = 0; s < steps; s++) {
    const z = -8 + (16 * (s + 0.5)) / steps;
    const d = DELTA_MEAN + DELTA_SD * z;
    sum += (Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)) * (16 / steps) / (1 + Math.exp(-BETA * Math.tanh(d / DELTA_SD)));
  }
  return sum;
})();

function normal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log finite.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function simulateHybrid(o: HybridOptions): HybridFigures {
  const rng = createRng(o.seed);
  let ppiCover = 0;
  let classicalCover = 0;
  const ratios: number[] = [];
  const ppiWidths: number[] = [];
  const classicalWidths: number[] = [];
  const lambdas: number[] = [];
  const effective: number[] = [];
  let agreeMin = 1;
  let agreeMax = 0;
  let lcCover = 0;
  let rawCover = 0;
  let lcDone = 0;
  const lcBias: number[] = [];
  const rawBias: number[] = [];

  for (let e = 0; e < o.evals; e++) {
    const pi = 0.3 + 0.5 * rng.next();
    const c = 0.9 * (pi * LENGTH_WIN + (1 - pi) * (1 - LENGTH_WIN));
    const alpha = (0.6 + 0.25 * rng.next() - c) / (1 - c);
    const latentMean = 0.05 + 0.9 * pi;
    const theta = 0.7 * latentMean + 0.15;
    const neutralJudge = alpha * latentMean + (1 - alpha) * 0.5;

    const latent = new Array<0 | 1 | 2>(o.items);
    const judge = new Float64Array(o.items);
    const delta = new Float64Array(o.items);
    let agree = 0;
    for (let i = 0; i < o.items; i++) {
      const h: 0 | 1 | 2 = rng.next() < 0.1 ? 2 : rng.next() < pi ? 0 : 1;
      latent[i] = h;
      delta[i] = DELTA_MEAN + DELTA_SD * normal(rng);
      let verdict: 0 | 1 | 2;
      if (rng.next() < alpha) verdict = h;
      else verdict = rng.next() < 1 / (1 + Math.exp(-BETA * Math.tanh(delta[i] / DELTA_SD))) ? 0 : 1;
      if (verdict === h) agree++;
      judge[i] = outcomeScore(verdict);
    }
    agreeMin = Math.min(agreeMin, agree / o.items);
    agreeMax = Math.max(agreeMax, agree / o.items);

    // The labeled subset: a partial Fisher–Yates shuffle of the item indices.
    const order = shuffledPrefix(rng, o.items, o.labeled);
    const y = new Float64Array(o.labeled);
    const yhat = new Float64Array(o.labeled);
    for (let a = 0; a < o.labeled; a++) {
      const i = order[a];
      let s = 0;
      for (let v = 0; v < o.k; v++) {
        const vote: 0 | 1 | 2 = rng.next() < 0.7 ? latent[i] : (rng.int(3) as 0 | 1 | 2);
        s += outcomeScore(vote);
      }
      y[a] = s / o.k;
      yhat[a] = judge[i];
    }
    const yu = new Float64Array(o.items - o.labeled);
    for (let a = o.labeled; a < o.items; a++) yu[a - o.labeled] = judge[order[a]];

    const r = ppiMeanCi({ y, yhat, yhatUnlabeled: yu });
    if (r.ci95[0] <= theta && theta <= r.ci95[1]) ppiCover++;
    if (r.classical.ci95[0] <= theta && theta <= r.classical.ci95[1]) classicalCover++;
    const wp = r.ci95[1] - r.ci95[0];
    const wc = r.classical.ci95[1] - r.classical.ci95[0];
    ppiWidths.push(wp);
    classicalWidths.push(wc);
    ratios.push(wp / wc);
    lambdas.push(r.lambda);
    if (r.effective_n !== null) effective.push(r.effective_n);

    if (e < o.lcEvals) {
      const votes: LengthVote[] = Array.from({ length: o.items }, (_, i) => ({ item: String(i), score: judge[i], delta: delta[i] }));
      const lc = lengthControlledWinRate(votes, { resamples: o.lcResamples, seed: `${o.seed}:lc:${e}` });
      if (lc.ci95 && lc.ci95[0] <= neutralJudge && neutralJudge <= lc.ci95[1]) lcCover++;
      if (lc.win_rate !== null) lcBias.push(lc.win_rate - neutralJudge);
      let m = 0;
      for (const f of judge) m += f;
      m /= o.items;
      let ss = 0;
      for (const f of judge) ss += (f - m) ** 2;
      const half = (Z * Math.sqrt(ss / o.items)) / Math.sqrt(o.items);
      if (m - half <= neutralJudge && neutralJudge <= m + half) rawCover++;
      rawBias.push(m - neutralJudge);
      lcDone++;
    }
  }
  return {
    evals: o.evals,
    ppi_coverage: ppiCover / o.evals,
    classical_coverage: classicalCover / o.evals,
    median_width_ratio: median(ratios),
    median_ppi_width: median(ppiWidths),
    median_classical_width: median(classicalWidths),
    median_lambda: median(lambdas),
    median_effective_n: median(effective),
    judge_agreement: [agreeMin, agreeMax],
    lc_evals: lcDone,
    lc_coverage: lcDone ? lcCover / lcDone : Number.NaN,
    raw_judge_coverage: lcDone ? rawCover / lcDone : Number.NaN,
    median_lc_bias: lcBias.length ? median(lcBias) : Number.NaN,
    median_raw_judge_bias: rawBias.length ? median(rawBias) : Number.NaN,
  };
}
