/**
 * Recording a product owner's sign-off: the snapshot must be current (the report is recomputed now
 * and its content hash compared) unless the owner explicitly signs an older one with a reason, and a
 * GO against the report is an override with its own confirmation and reason (app/core/report/signoff-policy.ts).
 */
import type { Kysely } from "kysely";
import { checkSignoff } from "../core/report/signoff-policy.ts";
import { getReport, recordSignoff } from "../../db/report-data.ts";
import type { Database } from "../../db/types.ts";
import { computeAndStoreReport } from "./report.server.ts";

export interface SignoffInput {
  evalId: number;
  ownerId: number;
  reportId: number;
  contentHash: string;
  decision: "go" | "no_go";
  note: string;
  older: { confirmed: boolean; reason: string };
  override: { confirmed: boolean; reason: string };
}

export type SignoffOutcome =
  | { ok: true; id: number; report_id: number; override: boolean; older_snapshot: boolean; current_id: number }
  | { ok: false; status: number; code: string; message: string; current_id?: number };

export async function signOff(db: Kysely<Database>, input: SignoffInput): Promise<SignoffOutcome> {
  const report = await getReport(db, input.evalId, input.reportId);
  if (!report || report.content_hash !== input.contentHash) {
    return { ok: false, status: 400, code: "unknown_snapshot", message: "That snapshot does not belong to this eval (or its hash does not match)." };
  }
  // The current evidence's snapshot: the same row when nothing changed since.
  const { report: current } = await computeAndStoreReport(db, input.evalId, input.ownerId);
  const check = checkSignoff({
    decision: input.decision,
    reportDecision: report.decision,
    current: current.content_hash === report.content_hash,
    older: input.older,
    override: input.override,
  });
  if (!check.ok) return { ...check, current_id: current.id };
  const id = await recordSignoff(db, {
    evalId: input.evalId,
    reportId: report.id,
    ownerId: input.ownerId,
    decision: input.decision,
    note: input.note,
    reportDecision: report.decision,
    overrideReason: check.overrideReason,
    olderReason: check.olderReason,
  });
  return { ok: true, id, report_id: report.id, override: check.override, older_snapshot: check.older, current_id: current.id };
}
