/**
 * Slice-first serving (issue 17 item 4) as a service: after the report is computed, serve first the
 * comparisons of the slices whose human gates need data, when the lead left the setting on. The
 * plan comes from the report's own gates (app/core/report/strata.ts), the reorder and its record
 * from db/queue-priority.ts.
 */
import { sql, type Kysely } from "kysely";
import { assembleReport } from "../core/report/report-assembly.ts";
import { scopeLabel } from "../core/report/case-evidence.ts";
import { needySlices, servedFirstCases, strataOf } from "../core/report/strata.ts";
import type { ReportBody, ReportInput } from "../core/report/types.ts";
import { applyAllocation, queuePriorityEnabled, setQueuePriority, type AllocationPlan, type AllocationRow } from "../../db/queue-priority.ts";
import { loadReportInput } from "../../db/report-data.ts";
import type { AllocationFraction, Database } from "../../db/types.ts";

async function hasQueue(db: Kysely<Database>, evalId: number): Promise<boolean> {
  const r = await sql<{ one: number }>`select 1 as one from tasks where eval_id = ${evalId} and status <> 'done' limit 1`.execute(db);
  return r.rows.length > 0;
}

/** Cases that have a comparison (the ones the queue serves). */
async function comparedCases(db: Kysely<Database>, evalId: number): Promise<Set<number>> {
  const r = await sql<{ case_id: number }>`select distinct case_id from comparisons where eval_id = ${evalId}`.execute(db);
  return new Set(r.rows.map((x) => x.case_id));
}

/** Each current stratum's share of human-judged comparisons, for the record. */
function fractionsOf(input: ReportInput, compared: ReadonlySet<number>): AllocationFraction[] {
  const strata = strataOf(input.humanSampling?.allocations ?? []);
  const labeled = new Set(input.judgments.map((j) => j.case_id));
  const by = new Map<string, { cases: number; labeled: number }>();
  for (const c of input.cases) {
    if (!compared.has(c.id)) continue;
    const key = strata ? strata.of(c.id) : "";
    const s = by.get(key) ?? { cases: 0, labeled: 0 };
    s.cases++;
    if (labeled.has(c.id)) s.labeled++;
    by.set(key, s);
  }
  return [...by.entries()].map(([key, s]) => ({ stratum: strata ? strata.label(key) : "all cases", cases: s.cases, labeled: s.labeled, fraction: s.cases ? s.labeled / s.cases : 0 }));
}

export function planFromReport(input: ReportInput, body: ReportBody, enabled: boolean, compared: ReadonlySet<number>): AllocationPlan {
  const slices = enabled ? needySlices(body.gates) : [];
  const caseIds = servedFirstCases(input.cases, slices);
  const reason = !enabled
    ? "slice-first serving turned off: the seeded order"
    : slices.length
      ? `gates that need human data: ${slices.map((s) => `${s.gate} (${scopeLabel(s.scope)}${s.n_needed === null ? "" : `, ${s.n} of about ${s.n_needed} comparisons`})`).join("; ")}`
      : "no human gate over a slice needs data: the seeded order";
  return { enabled, slices: slices.map((s) => ({ ...s, scope: s.scope as unknown })), caseIds, fractions: fractionsOf(input, compared), reason };
}

/**
 * Applies the plan the report implies, when the eval has a human queue. True when the queue
 * changed (the caller then recomputes, so the snapshot already reflects the new strata).
 */
export async function followReport(db: Kysely<Database>, evalId: number, input: ReportInput, body: ReportBody, actorId: number | null): Promise<boolean> {
  if (!(await hasQueue(db, evalId))) return false;
  const enabled = await queuePriorityEnabled(db, evalId);
  // Off and never on: the seeded order was never changed, nothing to record.
  if (!enabled && !(input.humanSampling?.allocations?.length)) return false;
  return (await applyAllocation(db, evalId, planFromReport(input, body, enabled, await comparedCases(db, evalId)), actorId)) !== null;
}

/** The lead's setting: on applies the current report's plan now, off restores the seeded order. */
export async function setSliceFirst(db: Kysely<Database>, evalId: number, enabled: boolean, actorId: number | null): Promise<AllocationRow | null> {
  await setQueuePriority(db, evalId, enabled);
  if (!(await hasQueue(db, evalId))) return null;
  const input = await loadReportInput(db, evalId);
  const body = assembleReport(input);
  return applyAllocation(db, evalId, planFromReport(input, body, enabled, await comparedCases(db, evalId)), actorId);
}
