import { Form } from "@remix-run/react";
import { utcMinute } from "../format";

export interface SnapshotRow {
  id: number;
  created_at: string;
  decision: string;
  pack_version: number | null;
  content_hash: string;
  created_by: string | null;
  signoffs: { decision: string; owner_name: string; created_at: string; note: string }[];
}

const DECISION: Record<string, { cls: string; label: string }> = {
  SHIP: { cls: "pass", label: "SHIP" },
  NO_GO: { cls: "fail", label: "NO-GO" },
  INSUFFICIENT: { cls: "insufficient", label: "NO-GO · insufficient data" },
};

/** Every snapshot with its decision and sign-offs; pick two to compare. */
export function SnapshotList({ evalId, rows, a, b }: { evalId: number; rows: SnapshotRow[]; a?: number; b?: number }) {
  if (rows.length === 0) return <p className="empty">No snapshot yet: the report page computes the first.</p>;
  return (
    <Form method="get" data-testid="snapshot-list">
      <table>
        <thead>
          <tr>
            <th>Older</th>
            <th>Newer</th>
            <th>Snapshot</th>
            <th>Computed (UTC)</th>
            <th>Decision</th>
            <th>Pack</th>
            <th>Sign-offs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id} data-testid={`snapshot-${r.id}`}>
              <td>
                <input type="radio" name="a" value={r.id} defaultChecked={a === undefined ? i === 1 : a === r.id} aria-label={`compare from #${r.id}`} />
              </td>
              <td>
                <input type="radio" name="b" value={r.id} defaultChecked={b === undefined ? i === 0 : b === r.id} aria-label={`compare to #${r.id}`} />
              </td>
              <td>
                <a href={`/evals/${evalId}/report?snapshot=${r.id}`}>#{r.id}</a> <code>{r.content_hash.slice(0, 12)}</code>
              </td>
              <td>
                {utcMinute(r.created_at)}
                {r.created_by ? <span className="muted small"> by {r.created_by}</span> : null}
              </td>
              <td>
                <span className={`badge ${DECISION[r.decision]?.cls ?? ""}`}>{DECISION[r.decision]?.label ?? r.decision}</span>
              </td>
              <td>{r.pack_version === null ? "—" : `v${r.pack_version}`}</td>
              <td>
                {r.signoffs.length === 0 && <span className="muted">none</span>}
                {r.signoffs.map((s, k) => (
                  <div key={k} className="small">
                    <span className={`badge ${s.decision === "go" ? "pass" : "fail"}`}>{s.decision === "go" ? "GO" : "NO-GO"}</span> {s.owner_name}, {utcMinute(s.created_at)}: “{s.note}”
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 1 && (
        <button className="btn" type="submit" style={{ marginTop: 10 }} data-testid="compare">
          Compare the two
        </button>
      )}
    </Form>
  );
}
