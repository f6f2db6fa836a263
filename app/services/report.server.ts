/**
 * The go/no-go report as a service: load the evidence, compute the report (pure), store the snapshot
 * (once per content hash; locks the pack). Used by the report page, the HTTP API and the CLI.
 */
import type { Kysely } from "kysely";
import { assembleReport, failingGates } from "../core/report/report-assembly.ts";
import type { ReportBody } from "../core/report/types.ts";
import { latestReport, loadReportInput, storeReport, type StoredReport } from "../../db/report-data.ts";
import { lockPack } from "../../db/packs.ts";
import type { Database } from "../../db/types.ts";

export async function computeReportBody(db: Kysely<Database>, evalId: number): Promise<ReportBody> {
  return assembleReport(await loadReportInput(db, evalId));
}

/** Computes the report from the current evidence and stores it as a snapshot (or finds the identical one). */
export async function computeAndStoreReport(db: Kysely<Database>, evalId: number, actorId: number | null): Promise<{ report: StoredReport; created: boolean }> {
  // A report records a result: lock the pack first, so the snapshot already says "locked" and the same
  // evidence computed again gives the same body and hash.
  await lockPack(db, evalId, "report");
  const body = await computeReportBody(db, evalId);
  return storeReport(db, body, actorId);
}

/** The newest stored snapshot, computing one first when there is none. */
export async function currentReport(db: Kysely<Database>, evalId: number, actorId: number | null): Promise<StoredReport> {
  return (await latestReport(db, evalId)) ?? (await computeAndStoreReport(db, evalId, actorId)).report;
}

export function gateSummary(report: StoredReport) {
  return {
    eval: report.body.eval.name,
    report_id: report.id,
    content_hash: report.content_hash,
    decision: report.decision,
    go: report.decision === "SHIP",
    pack_version: report.pack_version,
    failing_gates: failingGates(report.body),
  };
}
