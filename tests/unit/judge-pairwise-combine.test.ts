import { describe, expect, it } from "vitest";
import { combineOrders, expectedScore, positionConsistencyRate, toCandidateSide, VERDICT_SCORE } from "../../app/core/judging/pairwise-combine.ts";

describe("pairwise combination (pure)", () => {
  it("maps the five-point scale from the side shown first", () => {
    expect(VERDICT_SCORE).toEqual({ "A>>B": 1, "A>B": 0.5, "A=B": 0, "B>A": -0.5, "B>>A": -1 });
  });

  it("turns a margin to the candidate's side", () => {
    expect(toCandidateSide(0.5, true)).toBe(0.5);
    expect(toCandidateSide(0.5, false)).toBe(-0.5);
  });

  it("consistent preference: candidate A>>B when first, B>A when second → mean 0.75", () => {
    // Order 1: candidate is A, judge says A>>B (+1). Order 2: candidate is B, judge says B>A (−0.5 for A → +0.5 for candidate).
    const r = combineOrders(1, -0.5);
    expect(r).toEqual({ margin: 0.75, winner: "candidate", position_consistent: true, candidate_first: 1, candidate_second: 0.5 });
  });

  it("consistent loss", () => {
    const r = combineOrders(-0.5, 1); // candidate loses as A, and A (the other) wins in order 2
    expect(r.margin).toBe(-0.75);
    expect(r.winner).toBe("other");
    expect(r.position_consistent).toBe(true);
  });

  it("a verdict that flips with the order is a tie, position-inconsistent", () => {
    // The judge prefers whatever is shown first: A>B in both orders.
    const r = combineOrders(0.5, 0.5);
    expect(r).toEqual({ margin: 0, winner: "tie", position_consistent: false, candidate_first: 0.5, candidate_second: -0.5 });
    // Strong one way, weak the other: still a flip.
    expect(combineOrders(1, 0.5).winner).toBe("tie");
    expect(combineOrders(-1, -0.5).position_consistent).toBe(false);
  });

  it("a tie in one order and a preference in the other keeps the direction at half strength", () => {
    const r = combineOrders(0, -1); // tie, then the candidate (B) strongly preferred
    expect(r.margin).toBe(0.5);
    expect(r.winner).toBe("candidate");
    expect(r.position_consistent).toBe(true);
  });

  it("ties in both orders are a consistent tie", () => {
    expect(combineOrders(0, 0)).toMatchObject({ margin: 0, winner: "tie", position_consistent: true });
  });

  it("probability-weighted margins combine the same way", () => {
    const r = combineOrders(0.3, -0.1); // candidate +0.3 and +0.1
    expect(r.margin).toBeCloseTo(0.2, 12);
    expect(r.winner).toBe("candidate");
    const flip = combineOrders(0.3, 0.1); // +0.3 then −0.1: flip
    expect(flip).toMatchObject({ margin: 0, winner: "tie", position_consistent: false });
  });

  it("rejects margins outside [-1, 1]", () => {
    expect(() => combineOrders(1.5, 0)).toThrow(RangeError);
    expect(() => combineOrders(Number.NaN, 0)).toThrow(RangeError);
  });

  it("expected score over verdict probabilities, renormalised", () => {
    // 0.5·1 + 0.3·0.5 + 0.2·(−1) = 0.45
    expect(expectedScore({ "A>>B": 0.5, "A>B": 0.3, "B>>A": 0.2 })).toBeCloseTo(0.45, 12);
    // Same shape at half the mass: renormalised to the same value.
    expect(expectedScore({ "A>>B": 0.25, "A>B": 0.15, "B>>A": 0.1 })).toBeCloseTo(0.45, 12);
    expect(expectedScore({})).toBeUndefined();
  });

  it("position consistency rate", () => {
    const rs = [combineOrders(1, -1), combineOrders(0.5, 0.5), combineOrders(-0.5, 0.5), combineOrders(1, 1)];
    expect(positionConsistencyRate(rs)).toEqual({ n: 4, consistent: 2, rate: 0.5 });
    expect(positionConsistencyRate([]).rate).toBeNaN();
  });
});
