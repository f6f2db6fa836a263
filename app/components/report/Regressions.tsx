import type { ReportBody } from "../../core/report/types";
import { exploreHref } from "../../core/explore/filters";
import { interval, points, pct, pts } from "../format";

/**
 * Slices where the candidate's assertion pass rate moved against the baseline. A flag needs the
 * interval to exclude 0 and at least the pack's slice_min_n cases; otherwise the row says why not.
 */
function SliceFlag({ row: r, threshold }: { row: ReportBody["regressions"]["rows"][number]; threshold: number }) {
  if (r.flag) return <span className={`badge ${r.flag}`}>{r.flag}</span>;
  if (r.status === "below_min_n") return <span className="muted small">n = {r.n} below {r.min_n}: not flagged</span>;
  if (r.status === "within_noise") return <span className="muted small">within noise (n = {r.n}: the interval contains 0)</span>;
  return <span className="muted small">within ±{points(threshold)} pts</span>;
}

export function Regressions({ body, evalId }: { body: ReportBody; evalId: number }) {
  // Tags are many: listed when flagged or when the candidate loses on them (greyed when too few to tell).
  const rows = body.regressions.rows.filter((r) => r.slice_kind !== "tag" || r.flag || (r.delta ?? 0) < 0);
  if (rows.length === 0) return <p className="empty">No case was decided for both systems, so nothing can be compared yet.</p>;
  return (
    <table data-testid="regressions">
      <thead>
        <tr>
          <th>Suite</th>
          <th>Slice</th>
          <th className="num">Candidate</th>
          <th className="num">Baseline</th>
          <th className="num">Δ</th>
          <th className="num">95% interval</th>
          <th className="num">n</th>
          <th>Flag</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={`${r.suite}-${r.slice_kind}-${r.slice}`}
            data-flag={r.flag ?? ""}
            data-status={r.status ?? ""}
            className={r.status === "below_min_n" ? "greyed" : undefined}
            style={r.status === "below_min_n" ? { opacity: 0.5 } : undefined}
          >
            <td>{r.suite}</td>
            <td>
              <a href={exploreHref(evalId, { suite: r.suite, [r.slice_kind]: r.slice_kind === "all" ? undefined : r.slice })} data-testid="slice-explore">
                {r.slice_kind === "all" ? <strong>whole suite</strong> : `${r.slice_kind} ${r.slice}`}
              </a>
            </td>
            <td className="num">{pct(r.candidate)}</td>
            <td className="num">{pct(r.baseline)}</td>
            <td className="num">{pts(r.delta)}</td>
            <td className="num">{interval(r.ci95, (v) => points(v))}</td>
            <td className="num">{r.n}</td>
            <td>
              <SliceFlag row={r} threshold={body.regressions.threshold} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
