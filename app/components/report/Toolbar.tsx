import { Form } from "@remix-run/react";

/** Recompute, print and the exports of one snapshot. */
export function Toolbar({ evalId, reportId, busy }: { evalId: number; reportId: number; busy: boolean }) {
  return (
    <div className="toolbar no-print">
      <Form method="post">
        <input type="hidden" name="intent" value="recompute" />
        <button className="btn secondary" type="submit" disabled={busy}>
          Recompute from current evidence
        </button>
      </Form>
      <a className="btn secondary" href={`/evals/${evalId}/snapshots`} data-testid="snapshots-link">
        Snapshots and diff
      </a>
      <button className="btn secondary" type="button" onClick={() => window.print()}>
        Print
      </button>
      <a className="btn secondary" href={`/evals/${evalId}/export/report.json?snapshot=${reportId}`}>
        Report JSON
      </a>
      <a className="btn secondary" href={`/evals/${evalId}/export/report.csv?snapshot=${reportId}`}>
        Gates CSV
      </a>
      <a className="btn secondary" href={`/evals/${evalId}/export/judgments.csv`}>
        Judgments CSV
      </a>
      <a className="btn secondary" href={`/evals/${evalId}/export/judgments.jsonl`}>
        Judgments JSONL
      </a>
      <a className="btn secondary" href={`/evals/${evalId}/export/verdicts.csv`}>
        Verdicts CSV
      </a>
      <a className="btn secondary" href={`/evals/${evalId}/export/verdicts.jsonl`}>
        Verdicts JSONL
      </a>
      <a className="btn secondary" href={`/evals/${evalId}/export/signoffs.csv`}>
        Sign-offs CSV
      </a>
    </div>
  );
}
