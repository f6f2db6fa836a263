/** Helpers the simulations share (scripts/bench/hybrid-sim.ts, stratified-sim.ts). */
import type { Rng } from "../../app/core/stats/rng.ts";

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The indices 0..n−1 with a uniform random draw of `take` of them in front (a partial Fisher–Yates shuffle). */
export function shuffledPrefix(rng: Rng, n: number, take: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(n - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** An outcome's score for the candidate: 0 win → 1, 1 loss → 0, 2 tie → ½. */
export const outcomeScore = (o: 0 | 1 | 2): number => (o === 0 ? 1 : o === 1 ? 0 : 0.5);
