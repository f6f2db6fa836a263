/**
 * Human judgments and judge verdicts of candidate-vs-baseline comparisons, turned to the candidate's
 * side (a comparison stored the other way round is flipped) and summed per case. Pure.
 */
import type { OutcomeCounts } from "../stats/win-rate.ts";
import type { JudgmentCounts, ReportSystem, VerdictCounts } from "./types.ts";

export interface CaseHuman extends Required<OutcomeCounts> {
  /** Per comparison of this case: counts of [a, b, tie, both_bad] for agreement. */
  units: (readonly number[])[];
}

export interface CaseJudge {
  wins: number;
  losses: number;
  ties: number;
  inconsistent: number;
}

function orientation(row: { system_a_id: number; system_b_id: number }, candidate: ReportSystem, baseline: ReportSystem): 1 | -1 | 0 {
  if (row.system_a_id === candidate.id && row.system_b_id === baseline.id) return 1;
  if (row.system_a_id === baseline.id && row.system_b_id === candidate.id) return -1;
  return 0;
}

/**
 * One shared [wins, losses, ties, both_bad] array per distinct count vector: comparisons repeat a few
 * hundred vectors at most, and a fresh array per comparison was ~10 MB of live heap at 100,000. Units
 * are read-only.
 */
function unitInterner(): (w: number, l: number, t: number, bb: number) => readonly number[] {
  const root = new Map<number, Map<number, Map<number, Map<number, readonly number[]>>>>();
  return (w, l, t, bb) => {
    let m1 = root.get(w);
    if (!m1) root.set(w, (m1 = new Map()));
    let m2 = m1.get(l);
    if (!m2) m1.set(l, (m2 = new Map()));
    let m3 = m2.get(t);
    if (!m3) m2.set(t, (m3 = new Map()));
    let unit = m3.get(bb);
    if (!unit) m3.set(bb, (unit = [w, l, t, bb]));
    return unit;
  };
}

export function humanByCase(rows: readonly JudgmentCounts[], candidate: ReportSystem | null, baseline: ReportSystem | null): Map<number, CaseHuman> {
  const out = new Map<number, CaseHuman>();
  if (!candidate || !baseline) return out;
  const unit = unitInterner();
  for (const r of rows) {
    const o = orientation(r, candidate, baseline);
    if (o === 0) continue;
    let c = out.get(r.case_id);
    if (!c) out.set(r.case_id, (c = { wins: 0, losses: 0, ties: 0, both_bad: 0, units: [] }));
    c.wins += o === 1 ? r.a : r.b;
    c.losses += o === 1 ? r.b : r.a;
    c.ties += r.tie;
    c.both_bad += r.both_bad;
    c.units.push(o === 1 ? unit(r.a, r.b, r.tie, r.both_bad) : unit(r.b, r.a, r.tie, r.both_bad));
  }
  return out;
}

export function judgeByCase(rows: readonly VerdictCounts[], candidate: ReportSystem | null, baseline: ReportSystem | null): Map<number, CaseJudge> {
  const out = new Map<number, CaseJudge>();
  if (!candidate || !baseline) return out;
  for (const r of rows) {
    const o = orientation(r, candidate, baseline);
    if (o === 0) continue;
    let c = out.get(r.case_id);
    if (!c) out.set(r.case_id, (c = { wins: 0, losses: 0, ties: 0, inconsistent: 0 }));
    c.wins += o === 1 ? r.a : r.b;
    c.losses += o === 1 ? r.b : r.a;
    c.ties += r.tie;
    c.inconsistent += r.inconsistent;
  }
  return out;
}
