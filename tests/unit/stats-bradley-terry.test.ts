import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bradleyTerry,
  DisconnectedComparisonGraphError,
  NoFiniteMaximumError,
  type Comparison,
} from "../../app/core/stats/index.ts";

const SCALE = 400 / Math.LN10;

function games(a: string, b: string, aWins: number, bWins: number, ties = 0): Comparison[] {
  return [
    ...Array.from({ length: aWins }, () => ({ a, b, winner: "a" as const })),
    ...Array.from({ length: bWins }, () => ({ a, b, winner: "b" as const })),
    ...Array.from({ length: ties }, () => ({ a, b, winner: "tie" as const })),
  ];
}

const scoreOf = (r: ReturnType<typeof bradleyTerry>, name: string) => r.systems.find((s) => s.name === name)!.score;

describe("Bradley-Terry", () => {
  it("two systems, 3 wins to 1: strength ratio 3, score gap 400·log10 3 = 190.85", () => {
    const r = bradleyTerry(games("A", "B", 3, 1));
    expect(scoreOf(r, "A") - scoreOf(r, "B")).toBeCloseTo(190.85, 2);
    expect(scoreOf(r, "A")).toBeCloseTo(95.42, 2); // mean score 0
    expect(r.systems.map((s) => s.name)).toEqual(["A", "B"]);
    const anchored = bradleyTerry(games("A", "B", 3, 1), { anchor: "B" });
    expect(scoreOf(anchored, "B")).toBe(0);
    expect(scoreOf(anchored, "A")).toBeCloseTo(400 * Math.log10(3), 9);
  });

  it("counts a tie as half a win to each side", () => {
    // 2 wins, 0 losses, 2 ties: A has 3 half-wins-weighted wins, B has 1: the same as 3 to 1.
    const r = bradleyTerry(games("A", "B", 2, 0, 2));
    expect(scoreOf(r, "A") - scoreOf(r, "B")).toBeCloseTo(400 * Math.log10(3), 9);
    expect(r.systems[0]).toMatchObject({ name: "A", wins: 2, losses: 0, ties: 2 });
  });

  it("recovers strengths 1:2:4 when the counts equal their expectations", () => {
    // P(B > A) = 2/3, P(C > B) = 2/3, P(C > A) = 4/5: the likelihood equations hold exactly at s = (1, 2, 4).
    const r = bradleyTerry([...games("A", "B", 1, 2), ...games("B", "C", 1, 2), ...games("A", "C", 1, 4)]);
    expect(scoreOf(r, "A")).toBeCloseTo(-400 * Math.log10(2), 9);
    expect(scoreOf(r, "B")).toBeCloseTo(0, 9);
    expect(scoreOf(r, "C")).toBeCloseTo(400 * Math.log10(2), 9);
  });

  it("gives equal scores to a symmetric cycle", () => {
    const r = bradleyTerry([...games("A", "B", 2, 1), ...games("B", "C", 2, 1), ...games("C", "A", 2, 1)]);
    for (const s of r.systems) expect(s.score).toBeCloseTo(0, 9);
  });

  it("names the components of a disconnected comparison graph", () => {
    const data = [...games("A", "B", 2, 1), ...games("C", "D", 1, 1), ...games("D", "E", 1, 2)];
    expect(() => bradleyTerry(data)).toThrow(DisconnectedComparisonGraphError);
    try {
      bradleyTerry(data);
    } catch (err) {
      expect((err as DisconnectedComparisonGraphError).components).toEqual([["C", "D", "E"], ["A", "B"]]);
      expect((err as Error).message).toMatch(/disconnected.*\{C, D, E\}.*\{A, B\}/);
    }
  });

  it("refuses a system that never lost (no finite MLE) and names it", () => {
    const data = [...games("A", "B", 3, 0), ...games("A", "C", 2, 0), ...games("B", "C", 1, 1)];
    expect(() => bradleyTerry(data)).toThrow(NoFiniteMaximumError);
    expect(() => bradleyTerry(data)).toThrow(/\{A\} never lost/);
  });

  /** Random strongly connected data: every pair meets, and each pair has at least one win each way. */
  const tournament = fc
    .integer({ min: 2, max: 6 })
    .chain((k) =>
      fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.nat(3)), { minLength: (k * (k - 1)) / 2, maxLength: (k * (k - 1)) / 2 }).map((cells) => {
        const data: Comparison[] = [];
        let p = 0;
        for (let i = 0; i < k; i++) {
          for (let j = i + 1; j < k; j++) {
            const [x, y, t] = cells[p++];
            data.push(...games(`s${i}`, `s${j}`, x + 1, y + 1, t));
          }
        }
        return data;
      }),
    );

  it("satisfies the likelihood equations: expected wins equal actual wins at the MLE", () => {
    fc.assert(
      fc.property(tournament, (data) => {
        const r = bradleyTerry(data);
        const strength = new Map(r.systems.map((s) => [s.name, 10 ** (s.score / 400)]));
        const actual = new Map<string, number>();
        const expected = new Map<string, number>();
        for (const c of data) {
          const pa = strength.get(c.a)! / (strength.get(c.a)! + strength.get(c.b)!);
          const wa = c.winner === "a" ? 1 : c.winner === "tie" ? 0.5 : 0;
          actual.set(c.a, (actual.get(c.a) ?? 0) + wa);
          actual.set(c.b, (actual.get(c.b) ?? 0) + 1 - wa);
          expected.set(c.a, (expected.get(c.a) ?? 0) + pa);
          expected.set(c.b, (expected.get(c.b) ?? 0) + 1 - pa);
        }
        for (const [name, w] of actual) expect(expected.get(name)!).toBeCloseTo(w, 7);
        const mean = r.systems.reduce((s, x) => s + x.score, 0) / r.systems.length;
        expect(mean).toBeCloseTo(0, 9);
      }),
      { numRuns: 60 },
    );
  });

  it("does not depend on which side of a comparison a system is listed", () => {
    fc.assert(
      fc.property(tournament, (data) => {
        const flipped = data.map((c) => ({ a: c.b, b: c.a, winner: c.winner === "a" ? "b" : c.winner === "b" ? "a" : "tie" }) as Comparison);
        const r1 = bradleyTerry(data);
        const r2 = bradleyTerry(flipped);
        for (const s of r1.systems) expect(scoreOf(r2, s.name)).toBeCloseTo(s.score, 7);
      }),
      { numRuns: 40 },
    );
  });

  it("bootstrap intervals reproduce from the seed and have the asymptotic width", () => {
    const data = games("A", "B", 600, 400);
    const r1 = bradleyTerry(data, { resamples: 2000, seed: 3 });
    const r2 = bradleyTerry(data, { resamples: 2000, seed: 3 });
    expect(r1.systems).toEqual(r2.systems);
    expect(r1.bootstrap).toMatchObject({ resamples: 2000, seed: 3, skipped: 0 });
    // Gap = SCALE·ln(p/(1-p)) with sd SCALE/sqrt(n p (1-p)); A's mean-anchored score has half of each.
    const halfWidth = (1.96 * SCALE) / Math.sqrt(1000 * 0.24) / 2;
    const [lo, hi] = r1.systems[0].ci95!;
    expect(r1.systems[0].name).toBe("A");
    expect((hi - lo) / 2).toBeGreaterThan(halfWidth * 0.9);
    expect((hi - lo) / 2).toBeLessThan(halfWidth * 1.1);
    expect(lo).toBeLessThan(r1.systems[0].score);
    expect(hi).toBeGreaterThan(r1.systems[0].score);
  });
});
