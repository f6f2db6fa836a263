import { describe, expect, it } from "vitest";
import { binomial, createRng, logChoose, multinomial } from "../../app/core/stats/index.ts";

describe("seeded generator", () => {
  it("reproduces from a seed and differs between seeds", () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng("123-other");
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("is roughly uniform (mean, variance, integer buckets)", () => {
    const rng = createRng(9);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    const buckets = new Array(7).fill(0);
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      sum += x;
      sq += x * x;
      buckets[rng.int(7)]++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
    let chi = 0;
    for (const b of buckets) chi += (b - n / 7) ** 2 / (n / 7);
    expect(chi).toBeLessThan(22.5); // χ²(6) 0.999 quantile
  });
});

/** Pearson χ² of samples against the exact Binomial(n, p) pmf, pooling cells with expectation < 5. */
function chiSquare(n: number, p: number, draws: number, seed: number): { chi: number; df: number } {
  const rng = createRng(seed);
  const counts = new Float64Array(n + 1);
  for (let i = 0; i < draws; i++) counts[binomial(rng, n, p)]++;
  let chi = 0;
  let df = -1;
  let pooledObs = 0;
  let pooledExp = 0;
  for (let k = 0; k <= n; k++) {
    const pk = Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    pooledObs += counts[k];
    pooledExp += pk * draws;
    if (pooledExp >= 5) {
      chi += (pooledObs - pooledExp) ** 2 / pooledExp;
      df++;
      pooledObs = 0;
      pooledExp = 0;
    }
  }
  if (pooledExp > 0) chi += (pooledObs - pooledExp) ** 2 / Math.max(pooledExp, 1e-300);
  return { chi, df };
}

describe("exact binomial sampler", () => {
  // Both branches (inversion for n·p <= 30, BTPE above) and the p > 1/2 reflection; the BTPE
  // cases include a skewed one (p = 0.01) where a normal approximation would fail.
  it.each([
    [40, 0.2],
    [25, 0.9],
    [1000, 0.3],
    [5000, 0.01],
    [300, 0.75],
    [100_000, 0.5],
  ])("Binomial(%i, %f) fits the exact pmf", (n, p) => {
    const { chi, df } = chiSquare(n, p, 200_000, n + Math.round(p * 1000));
    // Mean df, sd sqrt(2 df): 5 sd above is far beyond chance for a correct sampler.
    expect(chi).toBeLessThan(df + 5 * Math.sqrt(2 * df));
  });

  it("handles the edges exactly", () => {
    const rng = createRng(1);
    expect(binomial(rng, 0, 0.4)).toBe(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    expect(() => binomial(rng, 3.5, 0.5)).toThrow(RangeError);
    expect(() => binomial(rng, 3, 1.5)).toThrow(RangeError);
  });

  it("multinomial draws sum to n, leave zero-weight cells empty and have the right means", () => {
    const rng = createRng(5);
    const weights = [5, 0, 3, 2, 0];
    const sums = new Float64Array(5);
    const reps = 20_000;
    for (let r = 0; r < reps; r++) {
      const d = multinomial(rng, 1000, weights);
      expect(d[0] + d[1] + d[2] + d[3] + d[4]).toBe(1000);
      expect(d[1]).toBe(0);
      expect(d[4]).toBe(0);
      for (let i = 0; i < 5; i++) sums[i] += d[i];
    }
    expect(sums[0] / reps).toBeCloseTo(500, 0);
    expect(sums[2] / reps).toBeCloseTo(300, 0);
    expect(sums[3] / reps).toBeCloseTo(200, 0);
  });
});
