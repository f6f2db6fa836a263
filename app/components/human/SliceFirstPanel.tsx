import { Form } from "@remix-run/react";
import { pct, utcMinute } from "../format";

export interface SliceFirstView {
  enabled: boolean;
  allocations: {
    id: number;
    at: string;
    enabled: boolean;
    gates: string[];
    cases_first: number;
    tasks_moved: number;
    reason: string;
    fractions: { stratum: string; cases: number; labeled: number; fraction: number }[];
  }[];
}

/**
 * The lead's setting for slice-first serving (issue 17 item 4) and its record: which slices the
 * queue served first, when and why, and each stratum's human-judged share at that moment (the
 * weights the prediction-powered interval uses).
 */
export function SliceFirstPanel({ data, canEdit, busy }: { data: SliceFirstView; canEdit: boolean; busy: boolean }) {
  return (
    <div className="panel" data-testid="slice-first">
      <h2 style={{ marginTop: 0 }}>Serving order</h2>
      <p>
        {data.enabled ? (
          <>
            <strong data-testid="slice-first-state">Slices first: on.</strong> When the report is computed, the comparisons of the slices whose human gates need more data
            are served first. Within every slice the order stays the seeded random one, and each change is recorded below, so the prediction-powered interval weights
            each stratum by its share.
          </>
        ) : (
          <>
            <strong data-testid="slice-first-state">Slices first: off.</strong> Comparisons are served in the eval's seeded random order.
          </>
        )}
      </p>
      {canEdit && (
        <Form method="post" className="row no-print">
          <input type="hidden" name="intent" value="slice-first" />
          <input type="hidden" name="enabled" value={data.enabled ? "off" : "on"} />
          <button className="btn secondary" type="submit" disabled={busy} data-testid="slice-first-toggle">
            {data.enabled ? "Turn off: seeded order" : "Turn on: slices that need data first"}
          </button>
        </Form>
      )}
      {data.allocations.length > 0 ? (
        <table data-testid="allocations">
          <thead>
            <tr>
              <th>#</th>
              <th>When (UTC)</th>
              <th>Why</th>
              <th className="num">Cases first</th>
              <th className="num">Tasks reordered</th>
              <th>Human-judged share per stratum, then</th>
            </tr>
          </thead>
          <tbody>
            {data.allocations.map((a) => (
              <tr key={a.id} data-testid={`allocation-${a.id}`}>
                <td>{a.id}</td>
                <td>{utcMinute(a.at)}</td>
                <td>{a.reason}</td>
                <td className="num">{a.cases_first}</td>
                <td className="num">{a.tasks_moved}</td>
                <td>
                  {a.fractions.map((f) => (
                    <div key={f.stratum}>
                      {f.stratum}: {f.labeled} of {f.cases} ({pct(f.fraction)})
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="allocations-none">The queue has followed the seeded order so far.</p>
      )}
    </div>
  );
}
