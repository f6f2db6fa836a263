/** The annotator's own judgments, newest first, in their terms (left / right as they saw them). */
import { Form } from "@remix-run/react";
import type { HistoryEntry } from "../../../db/annotator-work";
import { CHOICE_LABEL } from "./types";

function Ratings({ r }: { r: Record<string, number> }) {
  const e = Object.entries(r).sort(([a], [b]) => a.localeCompare(b));
  return e.length ? <>{e.map(([k, v]) => `${k} ${v}`).join(", ")}</> : <span className="muted">–</span>;
}

export function HistoryTable({ entries }: { entries: HistoryEntry[] }) {
  if (!entries.length) return <div className="panel empty" data-testid="history-empty">You have not judged anything yet.</div>;
  return (
    <table className="an-history panel" data-testid="history">
      <thead>
        <tr>
          <th>When</th>
          <th>Eval</th>
          <th>Prompt</th>
          <th>Your verdict</th>
          <th>Ratings (left / right)</th>
          <th>Reason</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.task_id} data-testid="history-row">
            <td>{new Date(e.created_at).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short", timeZone: "UTC" })} UTC</td>
            <td>{e.eval_name}</td>
            <td className="prompt">{e.prompt}</td>
            <td data-testid="history-choice">{CHOICE_LABEL[e.choice]}</td>
            <td>
              {e.side_ratings ? (
                <>
                  L: <Ratings r={e.side_ratings.left} />
                  <br />
                  R: <Ratings r={e.side_ratings.right} />
                </>
              ) : (
                <Ratings r={e.ratings} />
              )}
            </td>
            <td>{e.reason ?? <span className="muted">–</span>}</td>
            <td>
              {e.undoable && (
                <Form method="post" action="/annotate?index">
                  <input type="hidden" name="intent" value="undo" />
                  <button type="submit" className="btn secondary an-undo" data-testid="history-undo">
                    Undo
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
