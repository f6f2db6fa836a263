import type { ReportBody } from "../../core/report/types";
import { utcMinute } from "../format";

/** The headline: SHIP or NO-GO, how many gates pass, and which snapshot this is. */

export function DecisionBanner({ body, report, newestId }: { body: ReportBody; report: { id: number; content_hash: string; created_at: string; decision: string }; newestId: number }) {
  const cls = body.decision === "SHIP" ? "ship" : body.decision === "NO_GO" ? "no_go" : "insufficient";
  const failing = body.gates.filter((g) => g.status !== "pass").length;
  return (
    <div className={`decision ${cls}`} data-testid="decision">
      <div>
        <div className="verdict" data-testid="decision-value">
          {body.decision === "SHIP" ? "SHIP" : body.decision === "NO_GO" ? "NO-GO" : "NO-GO · insufficient data"}
        </div>
        <div className="small muted">
          {body.gates.length - failing} of {body.gates.length} gates pass
          {failing ? ` · ${failing} do not` : ""}
        </div>
      </div>
      <div className="meta">
        <span>
          Snapshot #{report.id} · <code data-testid="report-hash">{report.content_hash.slice(0, 16)}</code> · computed {utcMinute(report.created_at)} UTC
        </span>
        <span>
          Candidate <strong>{body.systems.candidate ?? "—"}</strong> against <strong>{body.systems.baseline ?? "—"}</strong> · {body.counts.cases} held-out cases of eval “{body.eval.name}” · seed {body.eval.seed}
        </span>
        <span data-testid="pack-version">
          {body.pack ? (
            <>
              Pack “{body.pack.name}” version {body.pack.version}
              {body.pack.changed_after_results ? (
                <strong className="older"> gates changed after results (locked version {body.pack.locked_version})</strong>
              ) : (
                " · gates fixed before results"
              )}
            </>
          ) : (
            "No pack: no gates declared"
          )}
        </span>
        {report.id !== newestId && (
          <span className="older" data-testid="older-snapshot">
            An older snapshot: the newest is #{newestId}.
          </span>
        )}
      </div>
    </div>
  );
}
