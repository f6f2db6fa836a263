import type { ReportBody } from "../../core/report/types";
import { DeltaChart, RateChart, type DeltaBar, type RateBar } from "./ReportCharts";
import { pct } from "../format";

/** The four report charts: human and judge win rates, assertion pass rates, metric deltas. */

export function Charts({ body }: { body: ReportBody }) {
  const cand = body.assertions.by_system.find((s) => s.role === "candidate");
  const base = body.assertions.by_system.find((s) => s.role !== "candidate");
  const categories = [...new Set([...Object.keys(cand?.by_category ?? {}), ...Object.keys(base?.by_category ?? {})])].sort();
  const passRows: RateBar[] = categories.map((c) => {
    const a = cand?.by_category[c];
    const b = base?.by_category[c];
    return { label: c, value: a?.n ? a.rate : null, ci95: a?.ci95 ?? null, n: a?.n ?? 0, other: base ? { value: b?.n ? b.rate : null, ci95: b?.ci95 ?? null } : null };
  });
  const human = body.human.overall ? [{ label: "overall", value: body.human.overall.win_rate, ci95: body.human.overall.ci95_win_rate, n: body.human.overall.n }, ...body.human.by_category.map((r) => ({ label: r.group, value: r.win_rate, ci95: r.ci95_win_rate, n: r.n }))] : [];
  const judge = body.judge.pairwise ? [{ label: "overall", value: body.judge.pairwise.overall.win_rate, ci95: body.judge.pairwise.overall.ci95_win_rate, n: body.judge.pairwise.overall.n }, ...body.judge.pairwise.by_category.map((r) => ({ label: r.group, value: r.win_rate, ci95: r.ci95_win_rate, n: r.n }))] : [];
  const deltas: DeltaBar[] = body.metrics
    .filter((m) => m.suite === "all" && m.delta !== null && !m.metric.startsWith("latency"))
    .map((m) => ({ label: `${m.shape} · ${m.metric}`, delta: m.delta!, better: m.higher_is_better ? m.delta! > 0 : m.delta! < 0, scale: m.metric === "bleu" || m.metric === "chrf" ? 100 : 1 }));
  return (
    <div className="charts">
      <div className="panel chart" data-testid="chart-human">
        <h3>Human win rate of the candidate, by category</h3>
        {human.length ? (
          <>
            <RateChart rows={human} reference={0.5} referenceLabel="parity" testId="svg-human" />
            <div className="legend">
              <span>(wins + ties/2) / n · bars are bootstrap 95% intervals</span>
            </div>
          </>
        ) : (
          <p className="empty small">{body.human.note}</p>
        )}
      </div>
      <div className="panel chart" data-testid="chart-judge">
        <h3>LLM-judge win rate of the candidate, by category</h3>
        {judge.length ? (
          <>
            <RateChart rows={judge} reference={0.5} referenceLabel="parity" testId="svg-judge" />
            <div className="legend">
              <span>position-consistent: {pct(body.judge.pairwise!.position_consistency_rate)} of verdicts; a flip counts as a tie</span>
            </div>
          </>
        ) : (
          <p className="empty small">{body.judge.note ?? "No pairwise verdicts."}</p>
        )}
      </div>
      <div className="panel chart" data-testid="chart-pass">
        <h3>Assertion pass rate by category</h3>
        {passRows.length ? (
          <>
            <RateChart rows={passRows} testId="svg-pass" />
            <div className="legend">
              <span>
                <i style={{ background: "#2f5bd3" }} />
                {cand?.system ?? "candidate"}
              </span>
              {base && (
                <span>
                  <i style={{ background: "#94a3b8" }} />
                  {base.system}
                </span>
              )}
              <span>Wilson 95% intervals · n = candidate’s decided cases</span>
            </div>
          </>
        ) : (
          <p className="empty small">No case has assertions.</p>
        )}
      </div>
      <div className="panel chart" data-testid="chart-deltas">
        <h3>Metric deltas, candidate − baseline, in points (0–100 scale)</h3>
        {deltas.length ? <DeltaChart rows={deltas} testId="svg-deltas" /> : <p className="empty small">No automated metric has values for both systems.</p>}
      </div>
    </div>
  );
}
