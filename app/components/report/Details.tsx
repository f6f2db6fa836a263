import type { ReportBody } from "../../core/report/types";
import { RoleBadge } from "../RoleBadge";
import { interval, points, ms, num, pct, pts, signed } from "../format";
import { identicalText, nText, pText, winRateInterval, winRateText } from "./preference-format";

/** The detailed figures under the headline: human, judge, latency, assertions, metrics. */

export function Details({ body }: { body: ReportBody }) {
  const metricRows = body.metrics.filter((m) => m.suite !== "all");
  return (
    <>
      <h2>Human preference and agreement</h2>
      <div className="panel" data-testid="human">
        {body.human.overall ? (
          <>
            <div className="grid">
              <div className="stat">
                <div className="label">Win rate</div>
                <div className="value" data-testid="report-human-winrate">
                  {winRateText(body.human.overall.win_rate)}
                </div>
                <div className="hint">
                  95% <span data-testid="report-human-ci">{winRateInterval(body.human.overall.ci95_win_rate)}</span> · <span data-testid="report-human-n">{nText(body.human.overall.n, body.human.n_judgments)}</span>
                </div>
              </div>
              <div className="stat">
                <div className="label">Decisive win rate</div>
                <div className="value">{pct(body.human.overall.decisive_win_rate)}</div>
                <div className="hint">
                  {body.human.overall.ci95_decisive_method === "wilson" ? "Wilson" : "bootstrap over comparisons"} {interval(body.human.overall.ci95_decisive)} · sign test over comparisons p = {pText(body.human.overall.p_value)}
                </div>
              </div>
              <div className="stat">
                <div className="label">Comparisons won · lost · tied</div>
                <div className="value">
                  {body.human.overall.wins} · {body.human.overall.losses} · {body.human.overall.ties}
                </div>
                <div className="hint">by the balance of their votes; all “both bad”: {body.human.overall.both_bad} (counted as ties)</div>
              </div>
              <div className="stat">
                <div className="label">Agreement (Krippendorff α)</div>
                <div className="value">{num(body.human.agreement?.alpha, 3)}</div>
                <div className="hint">
                  nominal · {body.human.agreement?.n_units ?? 0} comparisons · 95% {interval(body.human.agreement?.ci95 ?? null, (v) => num(v))}
                </div>
              </div>
            </div>
            {identicalText(body.human.n_identical ?? 0) && (
              <p className="muted small" data-testid="report-identical">
                {identicalText(body.human.n_identical ?? 0)}: byte-identical outputs (after trimming) were shown to no annotator and no judge.
              </p>
            )}
          </>
        ) : (
          <p className="muted">{body.human.note}</p>
        )}
      </div>

      <h2>LLM judge</h2>
      <div className="panel" data-testid="judge">
        {body.judge.note && <p className="notice">{body.judge.note}</p>}
        {body.judge.pairwise && (
          <p>
            Pairwise win rate {pct(body.judge.pairwise.overall.win_rate)} {interval(body.judge.pairwise.overall.ci95_win_rate)} over {body.judge.pairwise.n_verdicts} verdicts; position-consistent{" "}
            {body.judge.pairwise.position_consistent} of {body.judge.pairwise.n_verdicts} ({pct(body.judge.pairwise.position_consistency_rate)}).
          </p>
        )}
        {body.judge.faithfulness && (
          <table>
            <thead>
              <tr>
                <th>System</th>
                <th className="num">Faithfulness</th>
                <th className="num">95% interval</th>
                <th className="num">n</th>
              </tr>
            </thead>
            <tbody>
              {body.judge.faithfulness.by_system.map((f) => (
                <tr key={f.system}>
                  <td>{f.system}</td>
                  <td className="num">{pct(f.mean)}</td>
                  <td className="num">{interval(f.ci95)}</td>
                  <td className="num">{f.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <h2>Latency</h2>
      <div className="panel">
        <table data-testid="latency">
          <thead>
            <tr>
              <th>System</th>
              <th className="num">p50</th>
              <th className="num">p95</th>
              <th className="num">p99</th>
              <th className="num">n</th>
            </tr>
          </thead>
          <tbody>
            {body.latency.map((l) => (
              <tr key={l.system}>
                <td>
                  {l.system} <RoleBadge role={l.role} />
                </td>
                <td className="num">
                  {ms(l.p50)} <div className="why small muted">{interval(l.p50_ci95, (v) => `${Math.round(v)}`)}</div>
                </td>
                <td className="num">
                  {ms(l.p95)} <div className="why small muted">{interval(l.p95_ci95, (v) => `${Math.round(v)}`)}</div>
                </td>
                <td className="num">
                  {ms(l.p99)} <div className="why small muted">{interval(l.p99_ci95, (v) => `${Math.round(v)}`)}</div>
                </td>
                <td className="num">{l.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Assertions</h2>
      <div className="panel">
        {body.assertions.pending_note && <p className="notice">{body.assertions.pending_note}</p>}
        <table>
          <thead>
            <tr>
              <th>Scope</th>
              {body.assertions.by_system.map((s) => (
                <th key={s.system} className="num">
                  {s.system}
                </th>
              ))}
              <th className="num">Δ (paired)</th>
              <th className="num">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {body.assertions.delta.map((d) => {
              const key = d.scope === "all" ? null : d.scope.split(" ");
              return (
                <tr key={d.scope}>
                  <td>{d.scope}</td>
                  {body.assertions.by_system.map((s) => {
                    const r = key === null ? s.overall : key[0] === "suite" ? s.by_suite[key[1]] : s.by_category[key[1]];
                    return (
                      <td key={s.system} className="num">
                        {r ? `${pct(r.rate)} (${r.passed}/${r.n})` : "—"}
                      </td>
                    );
                  })}
                  <td className="num">{pts(d.value)}</td>
                  <td className="num">{interval(d.ci95, (v) => points(v))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Automated metrics by suite and category</h2>
      <div className="panel">
        {metricRows.length === 0 ? (
          <p className="empty">No automated metric applies to these cases.</p>
        ) : (
          <table data-testid="metrics">
            <thead>
              <tr>
                <th>Suite</th>
                <th>Category</th>
                <th>Shape</th>
                <th>Metric</th>
                <th className="num">{body.systems.candidate ?? "candidate"}</th>
                <th className="num">{body.systems.baseline ?? "baseline"}</th>
                <th className="num">Δ</th>
                <th className="num">n</th>
              </tr>
            </thead>
            <tbody>
              {metricRows.map((m) => (
                <tr key={`${m.suite}-${m.category}-${m.shape}-${m.metric}`}>
                  <td>{m.suite}</td>
                  <td>{m.category}</td>
                  <td>{m.shape}</td>
                  <td>{m.metric}</td>
                  <td className="num">{num(m.candidate, 3)}</td>
                  <td className="num">{num(m.baseline, 3)}</td>
                  <td className="num" style={{ color: m.delta === null || m.delta === 0 ? undefined : (m.delta > 0) === m.higher_is_better ? "var(--good)" : "var(--bad)" }}>
                    {signed(m.delta, 3)}
                  </td>
                  <td className="num">{m.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
