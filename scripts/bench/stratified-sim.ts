/**
 * Slice-first serving and PPI (issue 17 items 4 and 5): when the queue serves one slice first, the
 * human-judged comparisons are random within each stratum but not overall. This simulation
 * measures how often the stratified PPI++ interval (app/core/stats/ppi.ts stratifiedPpiMeanCi)
 * covers the true overall human win rate, against plain PPI++ over the pooled items, which
 * ignores the unequal fractions.
 *
 * One eval (all draws from one seeded generator): N items, a share s ~ U(0.2, 0.4) of them in the
 * served-first slice. Win probabilities differ by slice: π_first ~ U(0.15, 0.45), π_rest ~
 * U(0.55, 0.85) (the slice that needs data is the weak one). Each item's latent human preference h:
 * tie with p 0.1, else a win with p π of its slice; each of k votes is h with p 0.7, else uniform.
 * The true human win rate θ = Σ share · (0.7·(0.05 + 0.9π) + 0.15). The judge gives h with p
 * α ~ U(0.5, 0.8), else a uniform verdict. Humans judge a fraction f_first of the first slice and
 * f_rest of the rest, each a uniform draw within its slice.
 */
import { ppiMeanCi, stratifiedPpiMeanCi, type PpiStratum } from "../../app/core/stats/ppi.ts";
import { createRng } from "../../app/core/stats/rng.ts";
import { median, outcomeScore as score, shuffledPrefix } from "./sim-helpers.ts";

export interface StratifiedOptions {
  evals: number;
  items: number;
  k: number;
  /** Human-judged fraction of the served-first slice and of the rest. */
  fractionFirst: number;
  fractionRest: number;
  seed: string | number;
}

export interface StratifiedFigures {
  evals: number;
  stratified_coverage: number;
  pooled_coverage: number;
  median_stratified_width: number;
  median_pooled_width: number;
  /** Median of (pooled estimate − θ): the bias of ignoring the allocation. */
  median_pooled_bias: number;
  median_stratified_bias: number;
}

export function simulateStratified(o: StratifiedOptions): StratifiedFigures {
  const rng = createRng(o.seed);
  let sCover = 0;
  let pCover = 0;
  const sWidth: number[] = [];
  const pWidth: number[] = [];
  const pBias: number[] = [];
  const sBias: number[] = [];
  for (let e = 0; e < o.evals; e++) {
    const share = 0.2 + 0.2 * rng.next();
    const nFirst = Math.round(o.items * share);
    const sizes = [nFirst, o.items - nFirst];
    const pis = [0.15 + 0.3 * rng.next(), 0.55 + 0.3 * rng.next()];
    const alpha = 0.5 + 0.3 * rng.next();
    const fractions = [o.fractionFirst, o.fractionRest];
    const theta = sizes.reduce((a, n, h) => a + (n / o.items) * (0.7 * (0.05 + 0.9 * pis[h]) + 0.15), 0);
    const strata: PpiStratum[] = [];
    for (let h = 0; h < 2; h++) {
      const n = sizes[h];
      const latent = new Array<0 | 1 | 2>(n);
      const judge = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const l: 0 | 1 | 2 = rng.next() < 0.1 ? 2 : rng.next() < pis[h] ? 0 : 1;
        latent[i] = l;
        judge[i] = score(rng.next() < alpha ? l : (rng.int(3) as 0 | 1 | 2));
      }
      const take = Math.max(2, Math.round(n * fractions[h]));
      const order = shuffledPrefix(rng, n, take);
      const y: number[] = [];
      const yhat: number[] = [];
      const yu: number[] = [];
      for (let a = 0; a < n; a++) {
        const i = order[a];
        if (a < take) {
          let s = 0;
          for (let v = 0; v < o.k; v++) s += score(rng.next() < 0.7 ? latent[i] : (rng.int(3) as 0 | 1 | 2));
          y.push(s / o.k);
          yhat.push(judge[i]);
        } else yu.push(judge[i]);
      }
      strata.push({ label: h ? "rest" : "first", y, yhat, yhatUnlabeled: yu });
    }
    const s = stratifiedPpiMeanCi(strata);
    const p = ppiMeanCi({ y: strata.flatMap((x) => Array.from(x.y)), yhat: strata.flatMap((x) => Array.from(x.yhat)), yhatUnlabeled: strata.flatMap((x) => Array.from(x.yhatUnlabeled)) });
    if (s.ci95[0] <= theta && theta <= s.ci95[1]) sCover++;
    if (p.ci95[0] <= theta && theta <= p.ci95[1]) pCover++;
    sWidth.push(s.ci95[1] - s.ci95[0]);
    pWidth.push(p.ci95[1] - p.ci95[0]);
    pBias.push(p.estimate - theta);
    sBias.push(s.estimate - theta);
  }
  return {
    evals: o.evals,
    stratified_coverage: sCover / o.evals,
    pooled_coverage: pCover / o.evals,
    median_stratified_width: median(sWidth),
    median_pooled_width: median(pWidth),
    median_pooled_bias: median(pBias),
    median_stratified_bias: median(sBias),
  };
}
