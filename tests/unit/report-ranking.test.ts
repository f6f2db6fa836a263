/**
 * The report's multi-system ranking: win-rate cells counted by hand, Bradley-Terry checked against
 * its closed form for two systems (score difference 400·log10(W_a / W_b), ties half a win), and
 * the published Agresti baseball fit for seven (Agresti, Categorical Data Analysis, 2nd ed.,
 * Table 10.10: 1987 American League East, home and away pooled).
 */
import { describe, expect, it } from "vitest";
import { pairCounts, rankingBoard, rankingSection } from "../../app/core/report/ranking.ts";
import type { JudgmentCounts, ReportSystem } from "../../app/core/report/types.ts";

const systems: ReportSystem[] = [
  { id: 1, name: "cand", role: "candidate" },
  { id: 2, name: "base", role: "baseline" },
  { id: 3, name: "other", role: "other" },
];
let cid = 0;
const j = (a: number, b: number, counts: Partial<Pick<JudgmentCounts, "a" | "b" | "tie" | "both_bad">>): JudgmentCounts => ({
  comparison_id: ++cid, case_id: cid, system_a_id: a, system_b_id: b, a: 0, b: 0, tie: 0, both_bad: 0, ...counts,
});

describe("report ranking", () => {
  it("two systems: the closed form, anchored at the baseline", () => {
    // cand beats base 3 times, loses once, one tie and one both-bad: W_cand = 3 + 1, W_base = 1 + 1.
    const board = rankingBoard("human", [j(1, 2, { a: 2, b: 1, tie: 1 }), j(2, 1, { b: 1, both_bad: 1 })], systems, 7, 0)!;
    expect(board.anchor).toBe("base");
    expect(board.leaderboard.map((s) => s.name)).toEqual(["cand", "base"]);
    expect(board.leaderboard[0].score).toBeCloseTo(400 * Math.log10(4 / 2), 6);
    expect(board.leaderboard[1].score).toBeCloseTo(0, 9);
    expect(board.matrix[0][1]).toEqual({ wins: 3, losses: 1, ties: 2, n: 6, win_rate: 4 / 6 });
    expect(board.matrix[1][0]).toEqual({ wins: 1, losses: 3, ties: 2, n: 6, win_rate: 2 / 6 });
    expect(board.matrix[0][0]).toBeNull();
    expect(board.n_votes).toBe(6);
  });

  it("three systems: every cell by hand, intervals from the bootstrap contain the estimate", () => {
    const rows = [j(1, 2, { a: 6, b: 4 }), j(1, 3, { a: 7, b: 3 }), j(2, 3, { a: 5, b: 4, tie: 2 })];
    const board = rankingBoard("judge", rows, systems, 42, 200)!;
    const at = (x: string, y: string) => board.matrix[board.systems.indexOf(x)][board.systems.indexOf(y)];
    expect(at("cand", "other")).toEqual({ wins: 7, losses: 3, ties: 0, n: 10, win_rate: 0.7 });
    expect(at("other", "base")).toEqual({ wins: 4, losses: 5, ties: 2, n: 11, win_rate: 5 / 11 });
    expect(board.leaderboard.map((s) => s.name)).toEqual(["cand", "base", "other"]);
    for (const s of board.leaderboard) {
      expect(s.ci95![0]).toBeLessThanOrEqual(s.score + 1e-9);
      expect(s.ci95![1]).toBeGreaterThanOrEqual(s.score - 1e-9);
    }
  });

  it("a disconnected graph: the matrix without a leaderboard, and why", () => {
    const four = [...systems, { id: 4, name: "lone", role: "other" as const }];
    const board = rankingBoard("human", [j(1, 2, { a: 1, b: 1 }), j(3, 4, { a: 1, b: 1 })], four, 1, 0)!;
    expect(board.leaderboard).toEqual([]);
    expect(board.error).toMatch(/disconnected/);
    expect(board.systems).toEqual(["base", "cand", "lone", "other"]);
  });

  it("Agresti's baseball example: the published Bradley-Terry fit", () => {
    // Wins of the row team over the column team, 1987 AL East (Agresti 2002, Table 10.10, 13 games each pair).
    const teams = ["Milwaukee", "Detroit", "Toronto", "New York", "Boston", "Cleveland", "Baltimore"];
    const wins = [
      [0, 7, 9, 7, 7, 9, 11],
      [6, 0, 7, 5, 11, 9, 9],
      [4, 6, 0, 7, 7, 8, 12],
      [6, 8, 6, 0, 6, 7, 10],
      [6, 2, 6, 7, 0, 7, 12],
      [4, 4, 5, 6, 6, 0, 6],
      [2, 4, 1, 3, 1, 7, 0],
    ];
    const sys: ReportSystem[] = teams.map((name, i) => ({ id: i + 1, name, role: name === "Baltimore" ? "baseline" : "other" }));
    const rows: JudgmentCounts[] = [];
    for (let a = 0; a < 7; a++) for (let b = a + 1; b < 7; b++) rows.push(j(a + 1, b + 1, { a: wins[a][b], b: wins[b][a] }));
    const board = rankingBoard("human", rows, sys, 1, 0)!;
    // Agresti's β̂ (Baltimore 0): Milwaukee 1.58, Detroit 1.44, Toronto 1.29, New York 1.25, Boston 1.11, Cleveland 0.68.
    const beta = Object.fromEntries(board.leaderboard.map((s) => [s.name, (s.score * Math.LN10) / 400]));
    expect(board.leaderboard.map((s) => s.name)).toEqual(teams);
    for (const [t, b] of [["Milwaukee", 1.58], ["Detroit", 1.44], ["Toronto", 1.29], ["New York", 1.25], ["Boston", 1.11], ["Cleveland", 0.68], ["Baltimore", 0]] as const) {
      expect(beta[t]).toBeCloseTo(b, 2);
    }
  });

  it("pair counts merge both orientations of a pair; no section without votes", () => {
    const c = pairCounts([j(1, 2, { a: 1 }), j(2, 1, { a: 2, tie: 1 })], (id) => `s${id}`);
    expect(Array.from(c.winsI)).toEqual([1]);
    expect(Array.from(c.winsJ)).toEqual([2]);
    expect(Array.from(c.ties)).toEqual([1]);
    expect(rankingSection([], [], systems, 1)).toBeNull();
  });
});
