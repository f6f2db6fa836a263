import { exploreHref } from "../../core/explore/filters";
import type { ReportBody } from "../../core/report/types";

/** Failure clusters, largest first, with two examples each side by side. */

export function Clusters({ body, evalId, reportId }: { body: ReportBody; evalId: number; reportId: number }) {
  if (body.clusters.length === 0) return <p className="empty">No losses: the candidate fails no assertion and loses no comparison.</p>;
  return (
    <div data-testid="clusters">
      {body.clusters.map((c) => (
        <div className="cluster" key={c.key} data-testid="cluster">
          <div className="row">
            <h3>
              {c.label} <span className="badge">{c.size} case{c.size === 1 ? "" : "s"}</span>
            </h3>
            <span className="spacer" />
            <a className="btn secondary small no-print" href={exploreHref(evalId, { cluster: c.key, snapshot: reportId })} data-testid="cluster-explore">
              Explore these cases
            </a>
            <a className="btn secondary small no-print" href={`/evals/${evalId}/report/cluster/${encodeURIComponent(c.key)}?snapshot=${reportId}`} download>
              Export rows as JSONL
            </a>
          </div>
          {c.examples.slice(0, 2).map((e) => (
            <div key={e.case_id}>
              <div className="example-head">
                <strong>{e.external_id}</strong> <span className="muted">({e.category})</span> — <span className="muted">{e.why.join("; ")}</span>
              </div>
              <div className="prompt">
                <pre className="text">{e.input}</pre>
              </div>
              <div className="side-by-side">
                <div className="col cand">
                  <div className="who-label">candidate{body.systems.candidate !== "candidate" ? ` · ${body.systems.candidate}` : ""}</div>
                  <pre className="text">{e.candidate ?? "(no output)"}</pre>
                </div>
                <div className="col base">
                  <div className="who-label">baseline{body.systems.baseline !== "baseline" ? ` · ${body.systems.baseline}` : ""}</div>
                  <pre className="text">{e.baseline ?? "(no output)"}</pre>
                </div>
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
