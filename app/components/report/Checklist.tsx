import type { GateResult } from "../../core/report/gate-evaluation";
import { exploreHref } from "../../core/explore/filters";
import { fmtCi, fmtGate, scopeText, STATUS } from "./gate-format";
import { GateExclusions } from "./GateExclusions";

/** The explorer filters of a gate: its scope, and the failing assertions for an assertion gate. */
export function gateFilters(g: Pick<GateResult, "scope" | "metric">) {
  const scope = g.scope === "all" ? {} : (g.scope as Record<string, string | undefined>);
  return { suite: scope.suite, category: scope.category, shape: scope.shape, tag: scope.tag, assert: g.metric === "assertion_pass_rate" ? "fail" : undefined };
}

/** One row per gate: status, what it measures, value against threshold, n and interval. */

export function Checklist({ gates, evalId }: { gates: GateResult[]; evalId: number }) {
  if (gates.length === 0) return <p className="empty">No gates declared. A lead adds the pack’s gates on the “Data & pack” tab.</p>;
  return (
    <table className="checklist" data-testid="checklist">
      <thead>
        <tr>
          <th>Status</th>
          <th>Gate</th>
          <th className="num">Value</th>
          <th className="num">Threshold</th>
          <th className="num">n</th>
          <th className="num">95% interval</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g) => (
          <tr key={g.id} data-testid={`gate-${g.id}`} data-status={g.status}>
            <td>
              <span className={`badge ${STATUS[g.status].cls}`}>{STATUS[g.status].label}</span>
            </td>
            <td>
              <div className="gate-id">
                {g.description ?? g.id}{" "}
                <a className="small no-print" href={exploreHref(evalId, gateFilters(g))} data-testid="gate-explore">
                  cases
                </a>
              </div>
              <div className="why">
                {g.metric}
                {g.mode !== "value" ? ` (${g.mode} vs baseline)` : ""} · {scopeText(g.scope)} · decided on {g.decide_on === "bound" ? "the interval" : "the point estimate"} — {g.explanation}
              </div>
              <GateExclusions gate={g} evalId={evalId} />
            </td>
            <td className="num">{fmtGate(g, g.value)}</td>
            <td className="num">
              {g.comparator} {fmtGate(g, g.threshold)}
            </td>
            <td className="num">
              {g.n}
              <div className="why">min {g.min_n}</div>
            </td>
            <td className="num">
              {fmtCi(g, g.ci95)}
              {g.method && <div className="why">{g.method}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
