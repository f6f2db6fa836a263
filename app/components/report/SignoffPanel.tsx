import { Form } from "@remix-run/react";
import { utcMinute } from "../format";

export interface Signoff {
  id: number;
  report_id: number;
  report_hash: string;
  decision: string;
  owner_name: string;
  note: string;
  created_at: string;
  override?: boolean;
  override_reason?: string | null;
  older_snapshot?: boolean;
  older_reason?: string | null;
  report_decision?: string | null;
}

type Result =
  | { error: string; code?: string; current_id?: number | null }
  | { signed: { id: number; report_id: number; override?: boolean; older_snapshot?: boolean } }
  | { recomputed: unknown }
  | undefined;

const SAYS: Record<string, string> = { SHIP: "SHIP", NO_GO: "NO-GO", INSUFFICIENT: "INSUFFICIENT" };

/** One recorded sign-off; an override of the report and a sign-off of a non-current snapshot are marked in red. */
function SignoffItem({ s, newestId }: { s: Signoff; newestId: number }) {
  return (
    <li data-testid="signoff-item" data-override={s.override ? "true" : "false"}>
      <span className={`badge ${s.decision === "go" ? "pass" : "fail"}`}>{s.decision === "go" ? "GO" : "NO-GO"}</span>{" "}
      {s.override && (
        <span className="override-mark" data-testid="override-mark">
          OVERRIDE of a {SAYS[s.report_decision ?? ""] ?? "no-go"} report
        </span>
      )}{" "}
      by {s.owner_name} on {utcMinute(s.created_at)} UTC for snapshot #{s.report_id} <code>{s.report_hash.slice(0, 12)}</code>
      {s.report_id !== newestId && <span className="older"> for an older snapshot: the newest is #{newestId}</span>}
      {s.older_snapshot && <span className="older"> signed although the evidence had changed</span>}
      <div className="muted">“{s.note}”</div>
      {s.override && s.override_reason && <div style={{ color: "var(--bad)" }}>Override reason: “{s.override_reason}”</div>}
      {s.older_snapshot && s.older_reason && <div className="muted">Why an older snapshot: “{s.older_reason}”</div>}
    </li>
  );
}

/**
 * Sign-offs recorded so far and, for the owner, the form that signs exactly this snapshot. A GO against
 * a report that does not say SHIP needs its own confirmation and reason; a snapshot that is not current
 * needs "sign an older snapshot" and a reason (the server refuses otherwise).
 */
export function SignoffPanel({ role, report, newestId, signoffs, reportDecision, result }: { role: string; report: { id: number; content_hash: string }; newestId: number; signoffs: Signoff[]; reportDecision: string; result: Result }) {
  const current = report.id === newestId;
  const shipped = reportDecision === "SHIP";
  return (
    <>
      <h2>Sign-off</h2>
      <div className="panel" data-testid="signoff">
        {signoffs.length > 0 && (
          <ul className="signoffs" data-testid="signoff-list">
            {signoffs.map((s) => (
              <SignoffItem key={s.id} s={s} newestId={newestId} />
            ))}
          </ul>
        )}
        {role === "owner" ? (
          <Form method="post" className="signoff-form no-print" data-testid="signoff-form">
            <input type="hidden" name="intent" value="signoff" />
            <input type="hidden" name="report_id" value={report.id} />
            <input type="hidden" name="content_hash" value={report.content_hash} />
            <div className="muted small">
              Your decision is recorded against exactly this snapshot (#{report.id}, <code>{report.content_hash.slice(0, 16)}</code>) and cannot be edited or deleted afterwards.
            </div>
            {!current && (
              <fieldset className="override-box" data-testid="older-fieldset">
                <legend>This snapshot is not current</legend>
                <label className="check">
                  <input type="checkbox" name="older_confirm" /> Sign an older snapshot (#{report.id}) although the evidence changed since
                </label>
                <label>
                  Why sign this one rather than the current #{newestId}
                  <textarea name="older_reason" />
                </label>
              </fieldset>
            )}
            <div className="choices">
              <label>
                <input type="radio" name="decision" value="go" /> Go: ship the candidate
              </label>
              <label>
                <input type="radio" name="decision" value="no_go" defaultChecked={!shipped} /> No-go
              </label>
            </div>
            {!shipped && (
              <fieldset className="override-box" data-testid="override-fieldset">
                <legend>A GO here overrides the report</legend>
                <div className="small">The report says {SAYS[reportDecision] ?? reportDecision}. A GO goes against it: it is recorded and shown as an override.</div>
                <label className="check">
                  <input type="checkbox" name="override_confirm" /> I override the report and sign GO
                </label>
                <label>
                  Override reason
                  <textarea name="override_reason" placeholder="Why ship although the gates say no." />
                </label>
              </fieldset>
            )}
            <label>
              Note
              <textarea name="note" placeholder="What the decision rests on, and any condition attached to it." />
            </label>
            {result && "error" in result && (
              <p className="error" role="alert" data-testid="signoff-error">
                {result.error}
              </p>
            )}
            {result && "signed" in result && (
              <p className="ok" data-testid="signed">
                Recorded for snapshot #{result.signed.report_id}
                {result.signed.override ? " as an override of the report" : ""}.
              </p>
            )}
            <div>
              <button className="btn" type="submit">
                Record sign-off
              </button>
            </div>
          </Form>
        ) : (
          signoffs.length === 0 && <p className="muted">The product owner signs go or no-go here.</p>
        )}
      </div>
    </>
  );
}
