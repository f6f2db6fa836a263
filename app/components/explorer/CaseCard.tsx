import type { CaseEvidenceView } from "../../../db/explore-evidence";
import type { ExploreRow } from "../../../db/explore";
import { duration, num, utcMinute } from "../format";
import { InputText, OutputText } from "./OutputText";
import { ResolveForm } from "./ResolveForm";

export type ExploreCase = CaseEvidenceView & { row: ExploreRow };

const BADGE: Record<string, string> = { pass: "pass", fail: "fail", pending: "inconclusive", none: "", win: "pass", loss: "fail", tie: "inconclusive" };

function Outcomes({ row }: { row: ExploreRow }) {
  return (
    <span className="outcomes">
      <span className={`badge ${BADGE[row.cand_assert]}`}>assertions {row.cand_assert}</span>
      <span className={`badge ${BADGE[row.human]}`}>human {row.human}</span>
      <span className={`badge ${BADGE[row.judge]}`}>judge {row.judge}</span>
      {row.disagree && <span className="badge fail">disagree</span>}
      {row.identical && <span className="badge">identical</span>}
      {row.missing && <span className="badge insufficient">missing output</span>}
      {row.flagged && <span className="badge fail">flagged</span>}
      {row.excluded && <span className="badge insufficient">excluded</span>}
    </span>
  );
}

/** One case with all its evidence: input, outputs side by side with assertion results, judgments, verdicts, flags. */
export function CaseCard({ c, canResolve }: { c: ExploreCase; canResolve: boolean }) {
  return (
    <article className="panel explore-case" data-testid="explore-case" data-case={c.external_id}>
      <div className="row">
        <h3>
          {c.external_id} <span className="muted small">{c.suite} · {c.category} · {c.shape}{c.tags.length ? ` · ${c.tags.join(", ")}` : ""}</span>
        </h3>
        <span className="spacer" />
        <Outcomes row={c.row} />
      </div>
      <div className="prompt">
        <InputText input={c.input} />
      </div>
      {c.context && (
        <details>
          <summary>Context</summary>
          <pre className="text">{c.context}</pre>
        </details>
      )}
      {c.reference !== null && (
        <div className="reference">
          <span className="who-label">reference</span>
          <pre className="text">{c.reference}</pre>
        </div>
      )}
      <div className="side-by-side" data-testid="explore-outputs">
        {c.outputs.map((o) => (
          <div className={`col ${o.role === "candidate" ? "cand" : "base"}`} key={o.system}>
            <div className="who-label">
              {o.role} · {o.system}
              {o.latency_ms !== null ? ` · ${Math.round(o.latency_ms)} ms` : ""}
            </div>
            <OutputText text={o.text} error={o.error} />
            <div className="assertions" data-testid="explore-assertions">
              <span className={`badge ${BADGE[o.assertion.status]}`}>{o.assertion.status}</span>
              {o.assertion.checks.map((k) => (
                <div key={k.index} className="small">
                  <span className={k.status === "pass" ? "good" : k.status === "fail" ? "bad" : "muted"}>{k.status}</span> {k.type}: {k.reason}
                </div>
              ))}
              {o.assertion.checks.length === 0 && o.assertion.reason && <div className="small">{o.assertion.reason}</div>}
            </div>
          </div>
        ))}
        {c.outputs.length === 0 && <p className="muted">No output from any system.</p>}
      </div>
      {(c.judgments.length > 0 || c.adjudications.length > 0) && (
        <table className="small" data-testid="explore-judgments">
          <thead>
            <tr>
              <th>Pair</th>
              <th>Annotator</th>
              <th>Choice</th>
              <th>Verdict</th>
              <th>Ratings</th>
              <th>Reason</th>
              <th className="num">Time</th>
              <th>At (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {c.judgments.map((j, i) => (
              <tr key={i}>
                <td>{j.pair}</td>
                <td>{j.annotator}</td>
                <td>{j.choice}</td>
                <td>{j.winner}</td>
                <td>{Object.entries(j.ratings).map(([k, v]) => `${k} ${v}`).join(", ") || "—"}</td>
                <td>{j.reason ?? "—"}</td>
                <td className="num">{duration(j.time_ms)}</td>
                <td>{utcMinute(j.at)}</td>
              </tr>
            ))}
            {c.adjudications.map((a, i) => (
              <tr key={`adj-${i}`}>
                <td>{a.pair}</td>
                <td colSpan={7}>
                  <strong>adjudicated by the lead:</strong> {a.outcome}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.verdicts.length > 0 && (
        <table className="small" data-testid="explore-verdicts">
          <thead>
            <tr>
              <th>Run</th>
              <th>Protocol</th>
              <th>Subject</th>
              <th>Verdict</th>
              <th className="num">Candidate first</th>
              <th className="num">Candidate second</th>
              <th className="num">Margin</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {c.verdicts.map((v, i) => (
              <tr key={i}>
                <td>
                  #{v.run_id}
                  {v.model ? ` · ${v.model}` : ""}
                </td>
                <td>{v.protocol}</td>
                <td>{v.pair ?? v.system ?? "—"}</td>
                <td>
                  {v.protocol === "pairwise" ? `${v.winner}${v.position_consistent === false ? " (flipped with the order)" : ""}` : v.passed !== null ? (v.passed ? "pass" : "fail") : `score ${num(v.score)}`}
                </td>
                <td className="num">{num(v.candidate_first)}</td>
                <td className="num">{num(v.candidate_second)}</td>
                <td className="num">{num(v.margin)}</td>
                <td>{v.reason ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(c.flags.length > 0 || c.resolutions.length > 0 || c.excluded) && (
        <div className="flags" data-testid="explore-flags">
          {c.flags.map((f) => (
            <div key={f.id} className="small">
              <span className={`badge ${f.open ? "fail" : ""}`}>{f.kind}{f.open ? " · open" : ""}</span> {f.annotator}: “{f.reason}” <span className="muted">{utcMinute(f.at)} UTC</span>
            </div>
          ))}
          {c.resolutions.map((r, i) => (
            <div key={i} className="small" data-testid="explore-resolution">
              <span className="badge pass">{r.action}</span> by {r.by ?? "—"} on {utcMinute(r.at)} UTC: {r.note}
            </div>
          ))}
          {c.excluded && <div className="small notice">Excluded from the report: {c.excluded.reason}</div>}
          {canResolve && <ResolveForm caseId={c.id} reference={c.reference} hasOpen={c.row.flagged} excluded={c.excluded !== null} />}
        </div>
      )}
    </article>
  );
}
