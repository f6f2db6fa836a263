import type { JudgePageData } from "./types";

const LABEL: Record<string, string> = { failed: "failed: every job failed", partial: "partial" };

/** A run's status, in red when every job failed (issue 13 item 8). */
export function RunStatus({ run }: { run: JudgePageData["runs"][number] }) {
  if (run.status === "failed") return <span className="badge fail">{LABEL.failed}</span>;
  if (run.status === "partial") return <span className="badge inconclusive">partial: {run.failed} of {run.total} failed</span>;
  return <>{run.status}</>;
}

/** The first error texts of runs that failed in whole or part, so the lead sees why without a log. */
export function RunErrors({ runs }: { runs: JudgePageData["runs"] }) {
  const failing = runs.filter((r) => r.errors.length > 0 && (r.status === "failed" || r.status === "partial" || r.status === "stopped")).slice(0, 3);
  if (failing.length === 0) return null;
  return (
    <div className="error" role="alert" data-testid="judge-run-errors" style={{ marginTop: 12 }}>
      {failing.map((r) => (
        <div key={r.id}>
          <strong>
            Run #{r.id} {r.status === "failed" ? `failed: all ${r.total} jobs failed` : `${r.status}: ${r.failed} of ${r.total} jobs failed`}.
          </strong>{" "}
          First errors:
          <ul style={{ margin: "4px 0 8px" }}>
            {r.errors.map((e, i) => (
              <li key={i}>
                {e.n} × {e.kind ?? "failed"}: <code>{e.detail.slice(0, 300)}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
