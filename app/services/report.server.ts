/**
 * The go/no-go report as a service: load the evidence, compute the report (pure), store the snapshot
 * (once per content hash; locks the pack). Used by the report page, the HTTP API and the CLI.
 *
 * Nothing is signed, gated or shown as current unless it is: the gate API and CLI and the report page
 * compute the report from the current evidence first (storing a new snapshot only when its content hash
 * is new), so "current" is simply "the newest snapshot, computed just now".
 */
import type { Kysely } from "kysely";
import { assembleReport, failingGates } from "../core/report/report-assembly.ts";
import type { ReportBody } from "../core/report/types.ts";
import { latestReport, listSignoffs, loadReportInput, storeReport, type SignoffRow, type StoredReport } from "../../db/report-data.ts";
import { lockPack } from "../../db/packs.ts";
import { followReport } from "./slice-first.server.ts";
import type { Database } from "../../db/types.ts";

export async function computeReportBody(db: Kysely<Database>, evalId: number): Promise<ReportBody> {
  return assembleReport(await loadReportInput(db, evalId));
}

/** Computes the report from the current evidence and stores it as a snapshot (or finds the identical one). */
export async function computeAndStoreReport(db: Kysely<Database>, evalId: number, actorId: number | null): Promise<{ report: StoredReport; created: boolean }> {
  // A report records a result: lock the pack first, so the snapshot already says "locked" and the same
  // evidence computed again gives the same body and hash.
  await lockPack(db, evalId, "report");
  const input = await loadReportInput(db, evalId);
  let body = assembleReport(input);
  // Slice-first serving follows the gates; when it moved the queue, the strata changed, so the
  // snapshot is computed again to describe the evidence as it now stands.
  if (await followReport(db, evalId, input, body, actorId)) body = await computeReportBody(db, evalId);
  return storeReport(db, body, actorId);
}

/** The newest stored snapshot, computing one first when there is none. */
export async function currentReport(db: Kysely<Database>, evalId: number, actorId: number | null): Promise<StoredReport> {
  return (await latestReport(db, evalId)) ?? (await computeAndStoreReport(db, evalId, actorId)).report;
}

/**
 * The snapshot of the current evidence, recomputed only when an earlier snapshot exists (the pack is
 * then already locked: a page view must not lock the gates of an eval still being set up). Null when
 * the eval has no snapshot yet.
 */
export async function refreshIfReported(db: Kysely<Database>, evalId: number, actorId: number | null): Promise<{ report: StoredReport; created: boolean } | null> {
  if (!(await latestReport(db, evalId))) return null;
  return computeAndStoreReport(db, evalId, actorId);
}

function signoffJson(s: SignoffRow, currentId: number) {
  return {
    id: s.id,
    report_id: s.report_id,
    decision: s.decision,
    owner: s.owner_name,
    at: new Date(s.created_at).toISOString(),
    note: s.note,
    report_decision: s.report_decision,
    override: s.override,
    override_reason: s.override_reason,
    older_snapshot: s.older_snapshot,
    older_reason: s.older_reason,
    for_current_snapshot: s.report_id === currentId,
  };
}

/**
 * The gate's answer for CI (API and CLI alike): which snapshot it decided on, whether that snapshot is
 * current and signed off (and whether the sign-off overrides the report), and the failing gates.
 * `report` must be the snapshot just computed from the current evidence.
 */
export function gateSummary(report: StoredReport, signoffs: readonly SignoffRow[] = []) {
  const mine = signoffs.filter((s) => s.report_id === report.id);
  const latest = signoffs[0];
  return {
    eval: report.body.eval.name,
    report_id: report.id,
    content_hash: report.content_hash,
    decision: report.decision,
    go: report.decision === "SHIP",
    pack_version: report.pack_version,
    snapshot: { id: report.id, content_hash: report.content_hash, created_at: new Date(report.created_at).toISOString(), current: true },
    signed_off: mine.length > 0,
    /** The latest sign-off of this snapshot, null when none. */
    signoff: mine[0] ? signoffJson(mine[0], report.id) : null,
    /** The latest sign-off of any snapshot (it may be of an older one). */
    latest_signoff: latest ? signoffJson(latest, report.id) : null,
    failing_gates: failingGates(report.body),
  };
}

/** Computes the current snapshot and the gate's answer for it. */
export async function gateDecision(db: Kysely<Database>, evalId: number, actorId: number | null) {
  const { report } = await computeAndStoreReport(db, evalId, actorId);
  const signoffs = await listSignoffs(db, evalId);
  return { report, summary: gateSummary(report, signoffs) };
}
