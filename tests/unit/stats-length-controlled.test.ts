import { describe, expect, it } from "vitest";
import { fitLengthModel, lengthControlledWinRate, longerOutputWonShare, type LengthVote } from "../../app/core/stats/index.ts";

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** `wins` wins, `losses` losses, `ties` ties, all at length difference `delta`. */
function block(prefix: string, delta: number, wins: number, losses: number, ties = 0): LengthVote[] {
  const out: LengthVote[] = [];
  let i = 0;
  for (const [score, count] of [[1, wins], [0, losses], [0.5, ties]] as const) {
    for (let c = 0; c < count; c++) out.push({ item: `${prefix}${i++}`, score, delta });
  }
  return out;
}

describe("length-controlled win rate: closed forms", () => {
  it("no length effect (same outcomes at every length) gives the plain win rate and a zero coefficient", () => {
    // 30 longer and 30 shorter candidates, each 18 wins, 9 losses, 3 ties: win rate (18 + 1.5)/30 = 0.65.
    const votes = [...block("long", 120, 18, 9, 3), ...block("short", -40, 18, 9, 3)];
    const r = lengthControlledWinRate(votes, { resamples: 0 });
    expect(r.win_rate).toBeCloseTo(0.65, 10);
    expect(r.length_coef).toBeCloseTo(0, 10);
  });

  it("a two-length design is saturated: b0 = (logit p₊ + logit p₋)/2, b1 = (logit p₊ − logit p₋)/(2·tanh 1)", () => {
    // Δ = ±50, half each: the population sd of Δ is 50, so x = ±tanh(1).
    // Longer candidate wins 24 of 30 with 2 ties (p₊ = 25/30); shorter wins 9 of 30 with 2 ties (p₋ = 10/30).
    const votes = [...block("long", 50, 24, 4, 2), ...block("short", -50, 9, 19, 2)];
    const pPlus = 25 / 30;
    const pMinus = 10 / 30;
    const b0 = (logit(pPlus) + logit(pMinus)) / 2;
    const b1 = (logit(pPlus) - logit(pMinus)) / (2 * Math.tanh(1));
    const r = lengthControlledWinRate(votes, { resamples: 500, seed: 3 });
    expect(r.win_rate).toBeCloseTo(sigmoid(b0), 10);
    expect(r.length_coef).toBeCloseTo(b1, 10);
    expect(r.ci95![0]).toBeLessThan(r.win_rate!);
    expect(r.ci95![1]).toBeGreaterThan(r.win_rate!);
  });

  it("k identical votes per item change neither the fit nor the interval", () => {
    const votes = [...block("long", 50, 24, 4, 2), ...block("short", -50, 9, 19, 2), ...block("even", 0, 5, 5, 1)];
    const one = lengthControlledWinRate(votes, { resamples: 300, seed: 8 });
    const three = lengthControlledWinRate(votes.flatMap((v) => [v, v, v]), { resamples: 300, seed: 8 });
    const counted = lengthControlledWinRate(votes.map((v) => ({ ...v, count: 3 })), { resamples: 300, seed: 8 });
    expect(three.win_rate).toBeCloseTo(one.win_rate!, 12);
    expect(three.length_coef).toBeCloseTo(one.length_coef!, 12);
    expect(three.ci95![0]).toBeCloseTo(one.ci95![0], 12);
    expect(counted.ci95![1]).toBeCloseTo(one.ci95![1], 12);
    expect(three).toMatchObject({ n: one.n, n_votes: 3 * one.n_votes });
  });

  it("degenerate data: all wins, equal lengths, separation", () => {
    expect(fitLengthModel([{ score: 1, delta: 5, weight: 1 }, { score: 1, delta: -5, weight: 1 }])).toMatchObject({ win_rate: 1, b1: null });
    const flat = fitLengthModel([{ score: 1, delta: 0, weight: 1 }, { score: 0, delta: 0, weight: 1 }, { score: 1, delta: 0, weight: 1 }]);
    expect(flat.win_rate).toBeCloseTo(2 / 3, 12);
    expect(flat.b1).toBeNull();
    const sep = fitLengthModel([{ score: 1, delta: 5, weight: 1 }, { score: 0, delta: -5, weight: 1 }]);
    expect(sep.win_rate).toBeNull();
    expect(sep.reason).toMatch(/separated/);
  });
});

describe("longer output won", () => {
  it("counts decisive items with different lengths", () => {
    const votes = [...block("long", 50, 24, 4, 2), ...block("short", -50, 9, 19, 2), ...block("even", 0, 5, 5, 1)];
    // Decisive and unequal: 28 long (24 won by the longer) + 28 short (19 lost by the candidate: the longer won).
    expect(longerOutputWonShare(votes)).toEqual({ share: (24 + 19) / 56, n: 56 });
  });
});

describe("the cluster-robust interval used above the bootstrap budget", () => {
  it("has about the bootstrap's width and centre on 1,500 items with 1–3 votes", () => {
    const votes: LengthVote[] = [];
    for (let i = 0; i < 1500; i++) {
      const delta = ((i * 37) % 500) - 200;
      const k = 1 + (i % 3);
      for (let v = 0; v < k; v++) {
        // Longer candidates win more often; a deterministic pattern with ties.
        const u = ((i * 7919 + v * 104729) % 1000) / 1000;
        const p = 1 / (1 + Math.exp(-(0.3 + 0.8 * Math.tanh(delta / 150))));
        votes.push({ item: `i${i}`, score: u < p - 0.05 ? 1 : u < p + 0.05 ? 0.5 : 0, delta });
      }
    }
    const boot = lengthControlledWinRate(votes, { resamples: 2000, seed: 5 });
    const sand = lengthControlledWinRate(votes, { resamples: 2000, seed: 5, maxWork: 1000 });
    expect(boot.ci95_method).toBe("bootstrap");
    expect(sand.ci95_method).toBe("cluster-robust");
    expect(sand.win_rate).toBe(boot.win_rate);
    const wb = boot.ci95![1] - boot.ci95![0];
    const ws = sand.ci95![1] - sand.ci95![0];
    expect(ws / wb).toBeGreaterThan(0.9);
    expect(ws / wb).toBeLessThan(1.1);
    expect(Math.abs((sand.ci95![0] + sand.ci95![1]) / 2 - (boot.ci95![0] + boot.ci95![1]) / 2)).toBeLessThan(0.1 * wb);
  });
});
