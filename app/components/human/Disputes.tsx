import { Form } from "@remix-run/react";
import type { HumanReport } from "../../core/human-report";
import type { ComparisonDetail } from "../../../db/human-report";

const OUTCOME_LABEL = (a: string, b: string): Record<string, string> => ({ a: `${a} better`, b: `${b} better`, tie: "tie", both_bad: "both bad" });

export function Prompt({ input }: { input: unknown }) {
  const text = Array.isArray(input) ? (input as { role: string; content: string }[]).map((m) => `[${m.role}] ${m.content}`).join("\n\n") : String(input);
  return <pre className="text">{text}</pre>;
}

/**
 * Comparisons with no strict majority, each with its outputs, the verdicts and the lead's adjudication.
 * Only those with all k votes in are disputes to adjudicate; the others say "open, 2 of 3 votes". The
 * form preselects no outcome and refuses a submission without one.
 */
export function Disputes({ disputes, ids, detailById, canEdit }: { disputes: HumanReport["disputes"]; ids: number[]; detailById: Map<number, ComparisonDetail>; canEdit: boolean }) {
  const byId = new Map(disputes.map((x) => [x.comparison_id, x]));
  const total = disputes.filter((x) => x.complete).length;
  const open = disputes.length - total;
  return (
    <>
        <h2>Comparisons in dispute ({total})</h2>
        <p className="sub">
          No strict majority among the annotators' verdicts once all k votes are in. Your decision is recorded as the adjudicated outcome.
          {open > 0 && ` ${open} more without a majority are still collecting votes.`}
        </p>
        {disputes.length === 0 && <div className="panel empty">No disputes.</div>}
        {ids.map((id) => {
          const d = detailById.get(id);
          const info = byId.get(id);
          if (!d || !info) return null;
          const labels = OUTCOME_LABEL(d.system_a, d.system_b);
          return (
            <div className="panel" key={id} data-testid="dispute" data-complete={info.complete ? "true" : "false"}>
              <div className="row">
                <strong>
                  Case {d.case_external_id} · {d.category}
                </strong>
                <span className="spacer" />
                {d.adjudicated ? (
                  <span className="badge pass">adjudicated: {labels[d.adjudicated]}</span>
                ) : info.complete ? (
                  <span className="badge fail">dispute: {info.votes} of {info.target_k} votes, no majority</span>
                ) : (
                  <span className="badge inconclusive" data-testid="dispute-open">
                    open, {info.votes} of {info.target_k} votes
                  </span>
                )}
              </div>
              <details>
                <summary>Prompt and both outputs</summary>
                <Prompt input={d.input} />
                <div className="dispute-texts">
                  <div>
                    <strong>{d.system_a}</strong>
                    <pre className="text">{d.text_a}</pre>
                  </div>
                  <div>
                    <strong>{d.system_b}</strong>
                    <pre className="text">{d.text_b}</pre>
                  </div>
                </div>
              </details>
              <ul>
                {d.judgments.map((j, i) => (
                  <li key={i}>
                    {j.annotator}: <strong>{labels[j.outcome]}</strong>
                    {j.reason ? ` · "${j.reason}"` : ""}
                  </li>
                ))}
              </ul>
              {canEdit && (info.complete || d.adjudicated) && (
                <Form method="post" className="row" data-testid="adjudicate-form">
                  <input type="hidden" name="intent" value="adjudicate" />
                  <input type="hidden" name="comparison_id" value={id} />
                  <select name="outcome" defaultValue={d.adjudicated ?? ""} aria-label="Adjudicated outcome" required>
                    <option value="" disabled>
                      choose an outcome…
                    </option>
                    {Object.entries(labels).map(([k, v]) => (
                      <option key={k} value={k}>
                        {v}
                      </option>
                    ))}
                    <option value="clear">(clear)</option>
                  </select>
                  <button className="btn secondary" type="submit">
                    Adjudicate
                  </button>
                </Form>
              )}
            </div>
          );
        })}
    </>
  );
}
