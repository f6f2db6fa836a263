/**
 * Hybrid evidence for the human and judge tabs (issue 17 items 2–4): the report's own definitions
 * (app/core/report/hybrid.ts) on the eval's current evidence.
 */
import { sql, type Kysely } from "kysely";
import { buildEvidence } from "../core/report/case-evidence";
import { lengthBlock, ppiNarrowing, type LengthBlock, type NarrowingPoint, type OrderedVote } from "../core/report/hybrid";
import { judgeByCase } from "../core/report/pair-counts";
import { assembleReport } from "../core/report/report-assembly";
import type { GateResult } from "../core/report/gate-evaluation";
import type { HybridSection } from "../core/report/hybrid";
import { loadReportInput } from "../../db/report-data";
import type { Database } from "../../db/types";

/** Above this many cases the tabs leave these figures to the report page (they recompute per visit). */
const TAB_CASE_LIMIT = 20_000;

export interface HumanTabHybrid {
  hybrid: HybridSection | null;
  narrowing: NarrowingPoint[];
  /** Human gates that are not conclusive or lack data, with n_needed. */
  gates: Pick<GateResult, "id" | "metric" | "status" | "n" | "n_needed" | "cannot_clear">[];
  note: string | null;
}

export async function humanTabHybrid(db: Kysely<Database>, evalId: number): Promise<HumanTabHybrid> {
  const input = await loadReportInput(db, evalId);
  if (input.cases.length > TAB_CASE_LIMIT) {
    return { hybrid: null, narrowing: [], gates: [], note: `With ${input.cases.length} cases these figures are on the report page only.` };
  }
  const body = assembleReport(input);
  const ev = buildEvidence(input);
  const judge = judgeByCase(input.verdicts, ev.candidate, ev.baseline);
  let votes: OrderedVote[] = [];
  if (ev.candidate && ev.baseline) {
    const rows = await sql<{ case_id: number; outcome: string; flipped: boolean }>`
      select c.case_id, j.outcome, (c.system_a_id = ${ev.baseline.id}) as flipped
      from judgments j join comparisons c on c.id = j.comparison_id
      where j.eval_id = ${evalId}
        and ((c.system_a_id = ${ev.candidate.id} and c.system_b_id = ${ev.baseline.id}) or (c.system_a_id = ${ev.baseline.id} and c.system_b_id = ${ev.candidate.id}))
      order by j.id`.execute(db);
    votes = rows.rows.map((r) => ({
      case_id: r.case_id,
      outcome: r.outcome === "a" ? (r.flipped ? "loss" : "win") : r.outcome === "b" ? (r.flipped ? "win" : "loss") : r.outcome === "both_bad" ? "both_bad" : "tie",
    }));
  }
  const narrowing = body.hybrid?.ppi ? ppiNarrowing({ evidence: ev, judge, sampling: input.humanSampling ?? null, seed: input.eval.seed }, votes) : [];
  const gates = body.gates
    .filter((g) => g.metric.startsWith("human_") && (g.n_needed !== undefined || g.cannot_clear))
    .map((g) => ({ id: g.id, metric: g.metric, status: g.status, n: g.n, n_needed: g.n_needed, cannot_clear: g.cannot_clear }));
  return { hybrid: body.hybrid ?? null, narrowing, gates, note: null };
}

/** The judge's length-controlled win rate for the judge tab. */
export async function judgeTabLength(db: Kysely<Database>, evalId: number): Promise<{ block: LengthBlock | null; note: string | null }> {
  const input = await loadReportInput(db, evalId);
  if (input.cases.length > TAB_CASE_LIMIT) return { block: null, note: `With ${input.cases.length} cases the length-controlled win rate is on the report page only.` };
  const ev = buildEvidence(input);
  const judge = judgeByCase(input.verdicts, ev.candidate, ev.baseline);
  return { block: lengthBlock({ evidence: ev, human: new Map(), judge, sampling: null, seed: input.eval.seed }, "judge"), note: null };
}
