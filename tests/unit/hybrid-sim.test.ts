import { describe, expect, it } from "vitest";
import { simulateHybrid } from "../../scripts/bench/hybrid-sim.ts";

describe("hybrid simulation (a short run of npm run bench -- hybrid)", () => {
  it("PPI covers the true human win rate near 95% and is narrower than humans alone", () => {
    const f = simulateHybrid({ evals: 400, items: 600, labeled: 150, k: 3, lcEvals: 40, lcResamples: 100, seed: "hybrid-test" });
    // 400 evals: the binomial SE of a 95% coverage is about 1.1 points.
    expect(f.ppi_coverage).toBeGreaterThan(0.92);
    expect(f.classical_coverage).toBeGreaterThan(0.92);
    expect(f.median_width_ratio).toBeLessThan(1);
    expect(f.median_lambda).toBeGreaterThan(0);
    // The raw judge win rate is pulled up by the length bias; the LC one is not.
    expect(f.median_raw_judge_bias).toBeGreaterThan(0.03);
    expect(Math.abs(f.median_lc_bias)).toBeLessThan(0.015);
  });
});

describe("slice-first serving (a short run of the stratified simulation in npm run bench -- hybrid)", () => {
  it("stratified PPI covers the overall human win rate; pooling the strata as if uniform does not", async () => {
    const { simulateStratified } = await import("../../scripts/bench/stratified-sim.ts");
    const f = simulateStratified({ evals: 400, items: 600, k: 3, fractionFirst: 0.5, fractionRest: 0.1, seed: "strata-test" });
    expect(f.stratified_coverage).toBeGreaterThan(0.92);
    expect(Math.abs(f.median_stratified_bias)).toBeLessThan(0.01);
    // Over-sampling the weak slice drags the pooled estimate down by about five points.
    expect(f.median_pooled_bias).toBeLessThan(-0.03);
    expect(f.pooled_coverage).toBeLessThan(0.8);
  });
});
