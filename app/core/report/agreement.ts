/**
 * Krippendorff's alpha (nominal) straight from per-unit value counts, so a million judgments arrive as
 * one SQL group-by (comparison, outcome) instead of a million rows. Units with fewer than two values
 * are not pairable and are dropped (as in app/core/stats/krippendorff-alpha.ts, whose result this
 * matches). The bootstrap resamples units; units with the same count vector are one multinomial cell.
 */
import { multinomial } from "../stats/binomial-sampler.ts";
import { percentileInterval } from "../stats/bootstrap.ts";
import { createRng, type Seed } from "../stats/rng.ts";
import { resamplesFor } from "./resample.ts";

export interface AlphaFromCounts {
  value: number | null;
  n_units: number;
  n_values: number;
  ci95: [number, number] | null;
  resamples: number;
}

/** units: per unit, the count of each category (same category order in every unit). */
export function nominalAlphaFromCounts(units: readonly (readonly number[])[], seed: Seed, resamples?: number): AlphaFromCounts {
  const cells = new Map<string, { counts: readonly number[]; weight: number }>();
  for (const u of units) {
    let m = 0;
    for (const x of u) m += x;
    if (m < 2) continue;
    const key = u.join(",");
    const cell = cells.get(key);
    if (cell) cell.weight++;
    else cells.set(key, { counts: u, weight: 1 });
  }
  const list = [...cells.values()];
  const k = list[0]?.counts.length ?? 0;
  // Per cell: its observed-disagreement contribution and its values per category.
  const dis = list.map(({ counts }) => {
    let m = 0;
    for (const x of counts) m += x;
    let d = 0;
    for (const x of counts) d += (x * (m - x)) / (m - 1);
    return d;
  });
  const alpha = (weights: ArrayLike<number>): number => {
    const nc = new Float64Array(k);
    let n = 0;
    let Do = 0;
    for (let i = 0; i < list.length; i++) {
      const w = weights[i];
      if (!w) continue;
      Do += w * dis[i];
      for (let c = 0; c < k; c++) {
        nc[c] += w * list[i].counts[c];
        n += w * list[i].counts[c];
      }
    }
    let De = 0;
    for (let c = 0; c < k; c++) De += nc[c] * (n - nc[c]);
    if (n < 2 || De === 0) return Number.NaN;
    // alpha = 1 - (n - 1) * Σ_u Do_u / Σ_c n_c (n - n_c)
    return 1 - ((n - 1) * Do) / De;
  };
  const weights = Float64Array.from(list, (x) => x.weight);
  const nUnits = list.reduce((s, x) => s + x.weight, 0);
  const nValues = list.reduce((s, x) => s + x.weight * x.counts.reduce((a, b) => a + b, 0), 0);
  const value = alpha(weights);
  if (!Number.isFinite(value)) return { value: null, n_units: nUnits, n_values: nValues, ci95: null, resamples: 0 };
  const B = resamples ?? resamplesFor(nUnits);
  const rng = createRng(seed);
  const draw = new Float64Array(list.length);
  const reps = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    multinomial(rng, nUnits, weights, draw);
    reps[r] = alpha(draw);
  }
  return { value, n_units: nUnits, n_values: nValues, ci95: B ? percentileInterval(reps) : null, resamples: B };
}
