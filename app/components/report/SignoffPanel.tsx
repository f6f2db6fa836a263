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
}

type Result = { error: string } | { signed: { id: number; report_id: number } } | { recomputed: unknown } | undefined;

/** Sign-offs recorded so far and, for the owner, the form that signs exactly this snapshot. */
export function SignoffPanel({ role, report, newestId, signoffs, shipped, result }: { role: string; report: { id: number; content_hash: string }; newestId: number; signoffs: Signoff[]; shipped: boolean; result: Result }) {
  return (
    <>
      <h2>Sign-off</h2>
      <div className="panel" data-testid="signoff">
        {signoffs.length > 0 && (
          <ul className="signoffs" data-testid="signoff-list">
            {signoffs.map((s) => (
              <li key={s.id}>
                <span className={`badge ${s.decision === "go" ? "pass" : "fail"}`}>{s.decision === "go" ? "GO" : "NO-GO"}</span> by {s.owner_name} on {utcMinute(s.created_at)} UTC for snapshot #{s.report_id}{" "}
                <code>{s.report_hash.slice(0, 12)}</code>
                {s.report_id !== newestId && <span className="older"> for an older snapshot: the newest is #{newestId}</span>}
                <div className="muted">“{s.note}”</div>
              </li>
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
            <div className="choices">
              <label>
                <input type="radio" name="decision" value="go" /> Go: ship the candidate
              </label>
              <label>
                <input type="radio" name="decision" value="no_go" defaultChecked={!shipped} /> No-go
              </label>
            </div>
            <label>
              Note
              <textarea name="note" placeholder="What the decision rests on, and any condition attached to it." />
            </label>
            {result && "error" in result && (
              <p className="error" role="alert">
                {result.error}
              </p>
            )}
            {result && "signed" in result && (
              <p className="ok" data-testid="signed">
                Recorded for snapshot #{result.signed.report_id}.
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
