/**
 * When a product owner's sign-off may be recorded (issue 13 items 2 and 3). Pure.
 *
 * - A snapshot that is not current (the evidence changed since it was computed) is refused unless
 *   the owner ticks "sign an older snapshot" and says why.
 * - A GO on a report that says NO_GO or INSUFFICIENT goes against the report: an override, which
 *   needs its own confirmation and reason, and is marked as such wherever the sign-off shows.
 *   (A NO-GO on a SHIP report is the cautious side and needs no override.)
 */
import type { ReportDecision } from "./gate-evaluation.ts";

export interface SignoffRequest {
  decision: "go" | "no_go";
  reportDecision: ReportDecision;
  /** The snapshot's content hash equals that of the report computed from the current evidence. */
  current: boolean;
  older: { confirmed: boolean; reason: string };
  override: { confirmed: boolean; reason: string };
}

export type SignoffCheck =
  | { ok: true; override: boolean; older: boolean; overrideReason: string | null; olderReason: string | null }
  | { ok: false; status: 400 | 409; code: "stale_snapshot" | "older_reason" | "override_unconfirmed" | "override_reason"; message: string };

export function isOverride(decision: "go" | "no_go", reportDecision: ReportDecision): boolean {
  return decision === "go" && reportDecision !== "SHIP";
}

export function checkSignoff(r: SignoffRequest): SignoffCheck {
  const olderReason = r.older.reason.trim();
  const overrideReason = r.override.reason.trim();
  if (!r.current) {
    if (!r.older.confirmed) {
      return {
        ok: false,
        status: 409,
        code: "stale_snapshot",
        message: "The evidence changed since this snapshot: recompute and sign the current one, or tick “sign an older snapshot” and say why.",
      };
    }
    if (!olderReason) return { ok: false, status: 400, code: "older_reason", message: "Say why you sign an older snapshot rather than the current one." };
  }
  const override = isOverride(r.decision, r.reportDecision);
  if (override) {
    const says = r.reportDecision === "NO_GO" ? "NO-GO" : "INSUFFICIENT (a no-go)";
    if (!r.override.confirmed) {
      return { ok: false, status: 400, code: "override_unconfirmed", message: `The report says ${says}: a GO overrides it. Tick “I override the report” and give the reason.` };
    }
    if (!overrideReason) return { ok: false, status: 400, code: "override_reason", message: `The report says ${says}: an override needs its own reason.` };
  }
  return {
    ok: true,
    override,
    older: !r.current,
    overrideReason: override ? overrideReason : null,
    olderReason: r.current ? null : olderReason,
  };
}
