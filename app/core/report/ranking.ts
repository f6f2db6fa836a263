/**
 * More than two systems (issue 18 item 3): a Bradley-Terry leaderboard (400·log10 scale, bootstrap
 * 95% intervals; app/core/stats/bradley-terry.ts) and the pairwise win-rate matrix, from the human
 * judgments and, separately, from the judge's pairwise verdicts, Arbiter's own and imported alike.
 *
 * Every vote counts once; "both bad" counts as a tie, as in the Arena's analysis. The leaderboard
 * is anchored at the baseline (score 0) when it was compared, else the mean is 0. A matrix cell is
 * the row system's win rate against the column system, (wins + ties / 2) / votes, with its counts.
 */
import { bradleyTerryFromCounts, type PairCounts, type RankedSystem } from "../stats/bradley-terry.ts";
import { StatsInputError } from "../stats/errors.ts";
import type { JudgmentCounts, ReportSystem, VerdictCounts } from "./types.ts";

export const RANKING_RESAMPLES = 1000;

export interface MatrixCell {
  wins: number;
  losses: number;
  ties: number;
  n: number;
  /** (wins + ties / 2) / n of the row system against the column system. */
  win_rate: number;
}

export interface RankingBoard {
  source: "human" | "judge";
  /** Votes counted (judgments or verdicts). */
  n_votes: number;
  /** Systems in leaderboard order (best first) when it could be fitted, else by name. */
  systems: string[];
  leaderboard: (RankedSystem & { rank: number })[];
  anchor: string | null;
  resamples: number;
  /** Why there is no leaderboard (a disconnected comparison graph, an undefeated group). */
  error: string | null;
  /** matrix[i][j]: systems[i] against systems[j]; null on the diagonal and for pairs never compared. */
  matrix: (MatrixCell | null)[][];
}

export interface RankingSection {
  human: RankingBoard | null;
  judge: RankingBoard | null;
}

type Counted = Pick<JudgmentCounts, "system_a_id" | "system_b_id" | "a" | "b" | "tie"> & { both_bad?: number };

/** Per unordered pair of systems, wins of each side and ties: the shape Bradley-Terry fits. */
export function pairCounts(rows: readonly Counted[], nameOf: (id: number) => string): PairCounts {
  const names: string[] = [];
  const index = new Map<number, number>();
  const idOf = (sid: number) => {
    let i = index.get(sid);
    if (i === undefined) {
      i = names.length;
      index.set(sid, i);
      names.push(nameOf(sid));
    }
    return i;
  };
  const cell = new Map<number, number>();
  const pi: number[] = [];
  const pj: number[] = [];
  const wi: number[] = [];
  const wj: number[] = [];
  const tt: number[] = [];
  let total = 0;
  for (const r of rows) {
    const ties = r.tie + (r.both_bad ?? 0);
    if (r.a + r.b + ties === 0) continue;
    let i = idOf(r.system_a_id);
    let j = idOf(r.system_b_id);
    let winsI = r.a;
    let winsJ = r.b;
    if (i > j) {
      [i, j] = [j, i];
      [winsI, winsJ] = [winsJ, winsI];
    }
    const key = i * 65536 + j;
    let p = cell.get(key);
    if (p === undefined) {
      p = pi.length;
      cell.set(key, p);
      pi.push(i);
      pj.push(j);
      wi.push(0);
      wj.push(0);
      tt.push(0);
    }
    wi[p] += winsI;
    wj[p] += winsJ;
    tt[p] += ties;
    total += r.a + r.b + ties;
  }
  return { names, pairI: Int32Array.from(pi), pairJ: Int32Array.from(pj), winsI: Float64Array.from(wi), winsJ: Float64Array.from(wj), ties: Float64Array.from(tt), total };
}

export function rankingBoard(source: "human" | "judge", rows: readonly Counted[], systems: readonly ReportSystem[], seed: number, resamples = RANKING_RESAMPLES): RankingBoard | null {
  const byId = new Map(systems.map((s) => [s.id, s]));
  const counts = pairCounts(rows, (id) => byId.get(id)?.name ?? `system ${id}`);
  if (counts.names.length < 2) return null;
  const baseline = systems.find((s) => s.role === "baseline" && counts.names.includes(s.name))?.name;
  let leaderboard: RankingBoard["leaderboard"] = [];
  let error: string | null = null;
  try {
    const fit = bradleyTerryFromCounts(counts, { anchor: baseline, resamples, seed });
    leaderboard = fit.systems.map((s, i) => ({ ...s, rank: i + 1 }));
  } catch (err) {
    if (!(err instanceof StatsInputError)) throw err;
    error = err.message;
  }
  const order = leaderboard.length ? leaderboard.map((s) => s.name) : [...counts.names].sort();
  const pos = new Map(order.map((n, i) => [n, i]));
  const k = order.length;
  const matrix: (MatrixCell | null)[][] = Array.from({ length: k }, () => Array.from({ length: k }, () => null));
  for (let p = 0; p < counts.pairI.length; p++) {
    const i = pos.get(counts.names[counts.pairI[p]])!;
    const j = pos.get(counts.names[counts.pairJ[p]])!;
    const n = counts.winsI[p] + counts.winsJ[p] + counts.ties[p];
    const t = counts.ties[p];
    matrix[i][j] = { wins: counts.winsI[p], losses: counts.winsJ[p], ties: t, n, win_rate: (counts.winsI[p] + t / 2) / n };
    matrix[j][i] = { wins: counts.winsJ[p], losses: counts.winsI[p], ties: t, n, win_rate: (counts.winsJ[p] + t / 2) / n };
  }
  return { source, n_votes: counts.total, systems: order, leaderboard, anchor: baseline ?? null, resamples, error, matrix };
}

export function rankingSection(judgments: readonly JudgmentCounts[], verdicts: readonly VerdictCounts[], systems: readonly ReportSystem[], seed: number): RankingSection | null {
  const human = rankingBoard("human", judgments, systems, seed);
  const judge = rankingBoard("judge", verdicts, systems, seed);
  return human || judge ? { human, judge } : null;
}
