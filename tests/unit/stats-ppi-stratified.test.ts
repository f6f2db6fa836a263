/**
 * Stratified PPI++ (issue 17 item 4): ppi_mean_ci within each stratum, checked against the
 * reference implementation's own output (tests/fixtures/ppi_py), combined with the strata's shares.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ppiMeanCi, stratifiedPpiMeanCi } from "../../app/core/stats/ppi.ts";
import { Z95 } from "../../app/core/stats/wilson.ts";

interface RefStratum {
  name: string;
  y: number[];
  yhat: number[];
  yhat_unlabeled: number[];
  ppi_mean_pointestimate: number;
  ppi_mean_ci: [number, number];
  ppi_mean_ci_lam0: [number, number];
}
const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, "../fixtures/ppi_py/stratified.json"), "utf8")) as { strata: RefStratum[] };
const input = (s: RefStratum) => ({ label: s.name, y: s.y, yhat: s.yhat, yhatUnlabeled: s.yhat_unlabeled });

describe("stratified PPI++", () => {
  it("each stratum is ppi_py's ppi_mean_ci", () => {
    for (const s of ref.strata) {
      const r = ppiMeanCi(input(s));
      expect(r.estimate).toBeCloseTo(s.ppi_mean_pointestimate, 12);
      expect(r.ci95[0]).toBeCloseTo(s.ppi_mean_ci[0], 12);
      expect(r.ci95[1]).toBeCloseTo(s.ppi_mean_ci[1], 12);
      expect(r.classical.ci95[0]).toBeCloseTo(s.ppi_mean_ci_lam0[0], 12);
      expect(r.classical.ci95[1]).toBeCloseTo(s.ppi_mean_ci_lam0[1], 12);
    }
  });

  it("combines the strata by their shares of all items, variances by the squared shares", () => {
    const [a, b] = ref.strata;
    // Shares: (40 + 20) / 162 and (12 + 90) / 162.
    const wa = (a.y.length + a.yhat_unlabeled.length) / 162;
    const wb = (b.y.length + b.yhat_unlabeled.length) / 162;
    expect(wa + wb).toBeCloseTo(1, 15);
    const se = (ci: [number, number]) => (ci[1] - ci[0]) / (2 * Z95);
    const theta = wa * a.ppi_mean_pointestimate + wb * b.ppi_mean_pointestimate;
    const half = Z95 * Math.sqrt(wa ** 2 * se(a.ppi_mean_ci) ** 2 + wb ** 2 * se(b.ppi_mean_ci) ** 2);
    const mid = (ci: [number, number]) => (ci[0] + ci[1]) / 2;
    const cTheta = wa * mid(a.ppi_mean_ci_lam0) + wb * mid(b.ppi_mean_ci_lam0);
    const cHalf = Z95 * Math.sqrt(wa ** 2 * se(a.ppi_mean_ci_lam0) ** 2 + wb ** 2 * se(b.ppi_mean_ci_lam0) ** 2);
    const r = stratifiedPpiMeanCi(ref.strata.map(input));
    expect(r.estimate).toBeCloseTo(theta, 12);
    expect(r.ci95[0]).toBeCloseTo(theta - half, 12);
    expect(r.ci95[1]).toBeCloseTo(theta + half, 12);
    expect(r.classical.estimate).toBeCloseTo(cTheta, 12);
    expect(r.classical.ci95[1] - r.classical.ci95[0]).toBeCloseTo(2 * cHalf, 12);
    expect(r.n_labeled).toBe(52);
    expect(r.n_unlabeled).toBe(110);
    expect(r.strata.map((s) => s.weight)).toEqual([wa, wb]);
    // Unweighted PPI over the pooled items is not the same estimate: the strata were sampled at 67% and 12%.
    const pooled = ppiMeanCi({ y: [...a.y, ...b.y], yhat: [...a.yhat, ...b.yhat], yhatUnlabeled: [...a.yhat_unlabeled, ...b.yhat_unlabeled] });
    expect(Math.abs(pooled.estimate - r.estimate)).toBeGreaterThan(1e-3);
  });

  it("one stratum is ppi_mean_ci itself", () => {
    const s = ref.strata[0];
    const one = stratifiedPpiMeanCi([input(s)]);
    const plain = ppiMeanCi(input(s));
    expect(one.estimate).toBe(plain.estimate);
    expect(one.ci95).toEqual(plain.ci95);
    expect(one.lambda).toBe(plain.lambda);
    expect(one.effective_n).toBe(plain.effective_n);
  });

  it("refuses a stratum with fewer than two labeled items, naming it", () => {
    expect(() => stratifiedPpiMeanCi([input(ref.strata[0]), { label: "never served first", y: [1], yhat: [1], yhatUnlabeled: [0, 1, 1] }])).toThrow(/never served first has 1/);
  });
});
