import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { dbId } from "../schemas/bounded";
import { evalDisplay, evalsForAnnotator, markGuidelinesRead, mayWorkOn } from "../../db/annotator-work";
import { EvalChooser } from "../components/annotate/EvalChooser";
import { Flash, type FlashData } from "../components/annotate/Flash";
import { GuidelinesPanel } from "../components/annotate/GuidelinesPanel";
import { submitFromForm } from "../components/annotate/submit-client";
import { TaskWorkspace } from "../components/annotate/TaskWorkspace";
import { CHOICE_LABEL, type Choice } from "../components/annotate/types";
import annotateStyles from "../components/annotate/annotate.css";
import { outputStyles } from "../components/output";
import humanStyles from "../human.css";
import { requireUser } from "../services/auth.server";
import { judgmentFromForm, nextTaskFor, skipFor, submitFor, undoFor } from "../services/human.server";

export const meta: MetaFunction = () => [{ title: "My queue · Arbiter" }];
export const links: LinksFunction = () => [humanStyles, outputStyles, annotateStyles].map((href) => ({ rel: "stylesheet", href }));

const Query = z.object({ eval: dbId("eval").optional(), choose: z.literal("1").optional(), undone: z.literal("1").optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  const q = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = q.success ? q.data : {};
  const evals = await evalsForAnnotator(context.db, user.id);
  const evalId = query.eval ?? evals.find((e) => e.current)?.eval_id ?? (evals.length === 1 ? evals[0].eval_id : undefined);
  const base = { name: user.name, evals, evalId: evalId ?? null, display: null, task: null, progress: null, notAllowed: false, undone: query.undone === "1" };
  if (query.choose || evalId === undefined) return { ...base, view: "choose" as const };
  if (!(await mayWorkOn(context.db, evalId, user.id))) return { ...base, evalId: null, view: "choose" as const, notAllowed: true };
  const display = await evalDisplay(context.db, evalId, user.id);
  if (!display) return { ...base, view: "choose" as const };
  if (display.guidelines && !display.guidelines_read) return { ...base, display, view: "guidelines" as const };
  const { task, progress } = await nextTaskFor(context, user.id, evalId, true);
  return { ...base, display, task, progress, view: "task" as const };
}

const Intent = z.object({ intent: z.enum(["submit", "skip", "flag", "undo", "read_guidelines"]) });
const TaskField = z.string().min(1);
const EvalField = dbId("eval_id");

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  const form = await request.formData();
  const at = Date.now();
  const fail = (error: string, status: number) => Response.json({ ok: false, error, at } satisfies FlashData, { status });
  const head = Intent.safeParse({ intent: form.get("intent") });
  if (!head.success) return fail("Unknown action.", 400);
  const intent = head.data.intent;
  if (intent === "read_guidelines") {
    const evalId = EvalField.safeParse(form.get("eval_id"));
    if (!evalId.success || !(await mayWorkOn(context.db, evalId.data, user.id))) return fail("No such eval.", 404);
    await markGuidelinesRead(context.db, evalId.data, user.id);
    return redirect(`/annotate?eval=${evalId.data}`);
  }
  if (intent === "undo") {
    const evalId = EvalField.safeParse(form.get("eval_id"));
    const r = await undoFor(context, user.id, { eval: evalId.success ? evalId.data : null });
    if ("error" in r.body) return fail(r.body.error, r.status);
    return redirect(`/annotate?eval=${r.body.eval_id}&undone=1`);
  }
  const taskId = TaskField.safeParse(form.get("task_id"));
  if (!taskId.success) return fail("Unknown task.", 400);
  if (intent === "submit") {
    const raw = judgmentFromForm(form);
    const r = await submitFor(context, user.id, taskId.data, raw);
    if ("error" in r.body) return fail(r.body.error, r.status);
    const label = CHOICE_LABEL[(raw as { choice: Choice }).choice] ?? "";
    return Response.json({ ok: true, message: r.status === 201 ? `Saved: ${label}.` : "Already saved.", undo: r.status === 201, at } satisfies FlashData);
  }
  const r = await skipFor(context, user.id, taskId.data, { kind: intent, reason: form.get("skip_reason") ?? "" });
  if ("error" in r.body) return fail(r.body.error, r.status);
  return Response.json({ ok: true, message: intent === "flag" ? "Flagged for the lead." : "Skipped.", at } satisfies FlashData);
}

/**
 * In the browser, a judgment goes through the JSON API with retries (submit-client.ts): during a database
 * outage the submit waits and is sent again rather than landing on the error page. Every other intent,
 * and the page without JavaScript, uses the server action above.
 */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  const form = await request.clone().formData();
  if (form.get("intent") !== "submit") return serverAction<typeof action>();
  return submitFromForm(form);
}

function Nav({ evalCount }: { evalCount: number }) {
  return (
    <nav className="an-nav" aria-label="Annotator">
      {evalCount > 1 && (
        <Link to="/annotate?choose=1" data-testid="change-eval">
          Change eval
        </Link>
      )}
      <Link to="/annotate/history" data-testid="history-link">
        My judgments
      </Link>
    </nav>
  );
}

export default function AnnotatorQueue() {
  const data = useLoaderData<typeof loader>();
  const flash = useActionData<FlashData>();
  const [guidelinesOpen, setGuidelinesOpen] = useState(false);
  const shownFlash: FlashData | undefined = flash ?? (data.undone && data.view === "task" ? { ok: true, message: "Undone: answer this one again.", at: 0 } : undefined);

  if (data.view === "choose" || data.view === "guidelines") {
    return (
      <main>
        <div className="ab-top">
          <h1 style={{ margin: 0 }}>My queue</h1>
          <Nav evalCount={data.evals.length} />
        </div>
        <p className="sub">Hello {data.name}. You judge pairs of answers without knowing which model wrote which.</p>
        <Flash flash={shownFlash} evalId={data.evalId} />
        {data.notAllowed && (
          <p className="error" role="alert">
            That eval is not assigned to you.
          </p>
        )}
        {data.view === "guidelines" && data.display ? (
          <GuidelinesPanel guidelines={data.display.guidelines} mustConfirm evalId={data.display.eval_id} />
        ) : data.evals.length ? (
          <EvalChooser evals={data.evals} currentId={data.evalId} />
        ) : (
          <div className="panel empty" data-testid="annotator-empty">
            <strong>No comparisons are waiting for you.</strong>
            When a lead opens an eval for human judging, its tasks appear here. Nothing to do until then.
          </div>
        )}
      </main>
    );
  }

  const { task, progress, display, evals } = data;
  const others = evals.filter((e) => e.eval_id !== data.evalId);
  const done = progress?.judged ?? 0;
  const left = progress?.remaining ?? 0;
  const more = progress?.more ?? false;
  const pct = done + left > 0 ? Math.round((100 * done) / (done + left)) : 0;

  return (
    <main>
      <div className="ab-top">
        <div>
          <h1 style={{ margin: 0 }}>My queue</h1>
          <div className="muted" style={{ fontSize: 13 }} data-testid="eval-name">
            {display?.name}
          </div>
        </div>
        {task && (
          <div className="ab-progress" data-testid="progress">
            <div style={{ fontSize: 13 }}>
              <strong data-testid="judged-count">{done}</strong> judged ·{" "}
              <span data-testid="remaining-count">
                {left.toLocaleString("en")}
                {more ? "+" : ""}
              </span>{" "}
              left for you (this one included)
            </div>
            {!more && (
              <div className="bar" aria-hidden="true">
                <span style={{ width: `${pct}%` }} />
              </div>
            )}
          </div>
        )}
        <Nav evalCount={evals.length} />
      </div>

      <Flash flash={shownFlash} evalId={data.evalId} />

      {display?.guidelines && <GuidelinesPanel guidelines={display.guidelines} mustConfirm={false} evalId={display.eval_id} open={guidelinesOpen} onToggle={setGuidelinesOpen} />}

      {task && display ? (
        <TaskWorkspace task={task} display={display} onToggleGuidelines={display.guidelines ? () => setGuidelinesOpen((o) => !o) : undefined} canUndo={Boolean(shownFlash?.ok && "undo" in shownFlash && shownFlash.undo)} />
      ) : (
        <>
          <div className="panel empty" data-testid="annotator-empty">
            <strong>No comparisons are waiting for you{display ? ` in ${display.name}` : ""}.</strong>
            {others.length ? " Pick another eval below." : " When a lead opens an eval for human judging, its tasks appear here. Nothing to do until then."}
          </div>
          {others.length > 0 && <EvalChooser evals={others} />}
        </>
      )}
    </main>
  );
}
