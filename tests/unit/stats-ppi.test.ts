import { describe, expect, it } from "vitest";
import { createRng, ppiLambda, ppiMeanCi, Z95 } from "../../app/core/stats/index.ts";

const Y = [1, 0, 1, 0.5, 1, 0];
const YHAT = [1, 0, 0.5, 0.5, 1, 1];
const YU = [1, 1, 0, 0.5, 0.5, 0, 1, 1, 0.5, 0];

describe("PPI++ mean interval: known answers", () => {
  it("λ by hand: popcov(Y, Ŷ) / ((1 + n/N) · np.cov of all 16 judge scores)", () => {
    // ȳ = 3.5/6, mean Ŷ = 4/6; Σ(y − ȳ)(ŷ − mean Ŷ) = 5/12, so 2·(1/n)·Σ = 5/36.
    // The 16 judge scores: sum 9.5, sum of squares 8.25 → ss = 8.25 − 9.5²/16 = 2.609375, /15.
    const lam = (5 / 36) / (2 * (1 + 6 / 10) * (2.609375 / 15));
    expect(lam).toBeCloseTo(0.249500998003992, 14);
    expect(ppiLambda({ y: Y, yhat: YHAT, yhatUnlabeled: YU }).lambda).toBeCloseTo(lam, 14);
  });

  it("matches ppi_mean_ci(alpha=0.05, lam=None) as numpy computes it", () => {
    // Reference figures: a numpy transcription of ppi_py's ppi_mean_ci / _calc_lam_glm.
    const r = ppiMeanCi({ y: Y, yhat: YHAT, yhatUnlabeled: YU });
    expect(r.lambda).toBeCloseTo(0.24950099800399203, 14);
    expect(r.estimate).toBeCloseTo(0.5542248835662009, 14);
    expect(r.ci95[0]).toBeCloseTo(0.21303267954903093, 14);
    expect(r.ci95[1]).toBeCloseTo(0.8954170875833709, 14);
    expect(r).toMatchObject({ n_labeled: 6, n_unlabeled: 10 });
  });

  it("λ = 1 is plain PPI and λ = 0 the classical interval (population std)", () => {
    const one = ppiMeanCi({ y: Y, yhat: YHAT, yhatUnlabeled: YU }, { lam: 1 });
    // θ = mean(Ŷu) + mean(Y − Ŷ) = 0.55 − 1/12.
    expect(one.estimate).toBeCloseTo(0.55 - 1 / 12, 14);
    expect(one.ci95[0]).toBeCloseTo(0.02484880986104948, 14);
    expect(one.ci95[1]).toBeCloseTo(0.908484523472284, 14);
    const zero = ppiMeanCi({ y: Y, yhat: YHAT, yhatUnlabeled: YU }, { lam: 0 });
    const m = 3.5 / 6;
    const sd = Math.sqrt(Y.reduce((a, y) => a + (y - m) ** 2, 0) / 6);
    expect(zero.estimate).toBeCloseTo(m, 14);
    expect(zero.ci95[0]).toBeCloseTo(m - (Z95 * sd) / Math.sqrt(6), 14);
    expect(zero.ci95[1]).toBeCloseTo(0.9424125083565241, 14);
    expect(zero.classical.ci95).toEqual(zero.ci95);
    expect(one.classical.ci95[0]).toBeCloseTo(0.22425415831014262, 14);
  });

  it("normalises weights as construct_weight_vector does", () => {
    const r = ppiMeanCi({ y: Y, yhat: YHAT, yhatUnlabeled: YU, w: [1, 2, 1, 2, 1, 1], wUnlabeled: [1, 1, 2, 2, 1, 1, 1, 3, 1, 1] });
    expect(r.lambda).toBeCloseTo(0.3482827477407361, 14);
    expect(r.estimate).toBeCloseTo(0.5031096673905422, 14);
    expect(r.ci95[0]).toBeCloseTo(0.21609779895523074, 14);
    expect(r.ci95[1]).toBeCloseTo(0.7901215358258536, 14);
  });

  it("clips λ at 0 for a judge that is negatively correlated", () => {
    const r = ppiMeanCi({ y: [1, 0, 1, 0, 1, 0], yhat: [0, 1, 0, 1, 0, 1], yhatUnlabeled: [1, 0, 0.5, 1, 0] });
    expect(r.lambda).toBe(0);
    expect(r.estimate).toBe(0.5);
    expect(r.ci95[0]).toBeCloseTo(0.09992402697039077, 14);
  });

  it("falls back to the classical interval with no unlabeled item or a constant judge", () => {
    const none = ppiMeanCi({ y: Y, yhat: YHAT, yhatUnlabeled: [] });
    expect(none.lambda).toBe(0);
    expect(none.ci95).toEqual(none.classical.ci95);
    const constant = ppiMeanCi({ y: Y, yhat: Y.map(() => 1), yhatUnlabeled: YU.map(() => 1) });
    expect(constant.lambda).toBe(0);
    expect(constant.lambda_note).toMatch(/do not vary/);
  });
});

describe("PPI++ properties", () => {
  function draw(seed: number, n: number, N: number, agree: (y: number, u: number) => number) {
    const rng = createRng(seed);
    const y = Array.from({ length: n }, () => (rng.next() < 0.6 ? 1 : 0));
    const yhat = y.map((v) => agree(v, rng.next()));
    const truthU = Array.from({ length: N }, () => (rng.next() < 0.6 ? 1 : 0));
    const yu = truthU.map((v) => agree(v, rng.next()));
    return { y, yhat, yu, truthU };
  }

  it("a perfect judge gives λ ≈ N/(n + N) and the interval of all n + N items", () => {
    // Labeled and unlabeled items with the same share of wins (60%): then popvar(Y) = p(1 − p) and
    // np.cov of all m judge scores = m/(m − 1)·p(1 − p), so λ = N/(n + N)·(m − 1)/m exactly.
    const n = 200;
    const N = 1800;
    const y: number[] = Array.from({ length: n }, (_, i) => (i % 5 < 3 ? 1 : 0));
    const truthU: number[] = Array.from({ length: N }, (_, i) => (i % 5 < 3 ? 1 : 0));
    const yhat = y;
    const yu = truthU;
    const r = ppiMeanCi({ y, yhat, yhatUnlabeled: yu });
    expect(r.lambda).toBeCloseTo((N / (n + N)) * ((n + N - 1) / (n + N)), 12);
    // The classical interval of the n + N items with their true labels.
    const all = [...y, ...truthU];
    const m = all.reduce((a, b) => a + b, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, v) => a + (v - m) ** 2, 0) / all.length);
    const half = (r.ci95[1] - r.ci95[0]) / 2;
    expect(half / ((Z95 * sd) / Math.sqrt(n + N))).toBeGreaterThan(0.97);
    expect(half / ((Z95 * sd) / Math.sqrt(n + N))).toBeLessThan(1.03);
    expect(r.estimate).toBeCloseTo(m, 2);
    expect(r.effective_n!).toBeGreaterThan(0.9 * (n + N));
  });

  it("a judge of pure noise gives λ near 0 and the classical interval", () => {
    const { y, yhat, yu } = draw(6, 300, 3000, (_, u) => (u < 0.5 ? 1 : 0));
    const r = ppiMeanCi({ y, yhat, yhatUnlabeled: yu });
    expect(r.lambda).toBeLessThan(0.1);
    const w = r.ci95[1] - r.ci95[0];
    const wc = r.classical.ci95[1] - r.classical.ci95[0];
    expect(w / wc).toBeGreaterThan(0.99);
    expect(w / wc).toBeLessThan(1.01);
  });
});
