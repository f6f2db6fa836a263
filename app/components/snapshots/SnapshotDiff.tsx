import type { Figure, SnapshotDiff as Diff } from "../../core/report/snapshot-diff";
import { STATUS } from "../report/gate-format";
import { interval, ms, num, pct, pts } from "../format";

const DECISION: Record<string, string> = { SHIP: "SHIP", NO_GO: "NO-GO", INSUFFICIENT: "NO-GO · insufficient data" };
const show = (unit: Figure["unit"], v: number | null) => (unit === "share" ? pct(v) : unit === "ms" ? ms(v) : unit === "points" ? pts(v) : num(v, 3));
const showCi = (unit: Figure["unit"], c: [number, number] | null) => interval(c, (v) => (unit === "points" ? `${(v * 100).toFixed(1)}` : show(unit, v)));

/** Two snapshots side by side: the decision, the gates that changed status, the figures that moved beyond their interval. */
export function SnapshotDiff({ a, b, diff }: { a: number; b: number; diff: Diff }) {
  const changedGates = diff.gates.filter((g) => g.changed);
  const moved = diff.figures.filter((f) => f.moved);
  return (
    <div data-testid="snapshot-diff">
      <p data-testid="diff-decision">
        Decision: <strong>{DECISION[diff.decision.before] ?? diff.decision.before}</strong> in #{a} → <strong>{DECISION[diff.decision.after] ?? diff.decision.after}</strong> in #{b}
        {diff.decision.changed ? " (changed)" : " (unchanged)"}
      </p>
      <h3>Gates that changed status ({changedGates.length} of {diff.gates.length})</h3>
      {changedGates.length === 0 ? (
        <p className="muted">Every gate has the same status in both snapshots.</p>
      ) : (
        <table data-testid="diff-gates">
          <thead>
            <tr>
              <th>Gate</th>
              <th>#{a}</th>
              <th>#{b}</th>
            </tr>
          </thead>
          <tbody>
            {changedGates.map((g) => (
              <tr key={g.id}>
                <td>{g.id}</td>
                <td>{g.before ? <span className={`badge ${STATUS[g.before.status].cls}`}>{STATUS[g.before.status].label}</span> : <span className="muted">not declared</span>}</td>
                <td>{g.after ? <span className={`badge ${STATUS[g.after.status].cls}`}>{STATUS[g.after.status].label}</span> : <span className="muted">not declared</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Figures that moved beyond their interval ({moved.length} of {diff.figures.length})</h3>
      <p className="muted small">A figure moved when its value in #{b} lies outside #{a}’s 95% interval for it.</p>
      <table data-testid="diff-figures">
        <thead>
          <tr>
            <th>Figure</th>
            <th className="num">#{a}</th>
            <th className="num">#{a}’s 95% interval</th>
            <th className="num">#{b}</th>
            <th>Moved</th>
          </tr>
        </thead>
        <tbody>
          {[...moved, ...diff.figures.filter((f) => !f.moved)].map((f) => (
            <tr key={f.key} data-moved={f.moved ? "1" : "0"}>
              <td>{f.label}</td>
              <td className="num">{show(f.unit, f.before)}</td>
              <td className="num">{showCi(f.unit, f.before_ci95)}</td>
              <td className="num">{show(f.unit, f.after)}</td>
              <td>{f.moved ? <span className="badge fail">moved</span> : <span className="muted small">{f.before_ci95 ? "within" : "no interval"}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
