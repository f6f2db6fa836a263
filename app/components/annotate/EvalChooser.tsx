/** The evals this annotator may work on, to pick one. */
import { Link } from "@remix-run/react";
import type { AnnotatorEval } from "../../../db/annotator-work";

export function EvalChooser({ evals, currentId }: { evals: AnnotatorEval[]; currentId?: number | null }) {
  if (!evals.length) return null;
  return (
    <section className="panel" aria-label="Your evals" data-testid="eval-chooser">
      <h2 style={{ marginTop: 0 }}>Your evals</h2>
      <ul className="an-evals">
        {evals.map((e) => (
          <li key={e.eval_id} className={e.eval_id === currentId ? "current" : ""}>
            <Link to={`/annotate?eval=${e.eval_id}`} data-testid="eval-choice">
              {e.name}
            </Link>
            <span className="muted">
              {" "}
              · {e.judged} judged · {e.open >= 1000 ? "1,000+" : e.open.toLocaleString("en")} open{e.current ? " · in progress" : ""}
              {e.has_guidelines && !e.guidelines_read ? " · guidelines to read" : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
