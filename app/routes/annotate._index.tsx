import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireUser } from "../services/auth.server";
import { judgmentFromForm, nextTaskFor, skipFor, submitFor } from "../services/human.server";
import humanStyles from "../human.css";

export const meta: MetaFunction = () => [{ title: "My queue · Arbiter" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: humanStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  const { task, progress } = await nextTaskFor(context, user.id, undefined, true);
  return { name: user.name, task, progress };
}

const Intent = z.object({ intent: z.enum(["submit", "skip", "flag"]), task_id: z.string() });

type ActionData = { ok: true; message: string } | { ok: false; error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  const form = await request.formData();
  const head = Intent.safeParse({ intent: form.get("intent"), task_id: form.get("task_id") });
  if (!head.success) return Response.json({ ok: false, error: "Unknown action." } satisfies ActionData, { status: 400 });
  if (head.data.intent === "submit") {
    const r = await submitFor(context, user.id, head.data.task_id, judgmentFromForm(form));
    if ("error" in r.body) return Response.json({ ok: false, error: r.body.error } satisfies ActionData, { status: r.status });
    return Response.json({ ok: true, message: r.status === 201 ? "Saved." : "Already saved." } satisfies ActionData);
  }
  const r = await skipFor(context, user.id, head.data.task_id, { kind: head.data.intent, reason: form.get("skip_reason") ?? "" });
  if ("error" in r.body) return Response.json({ ok: false, error: r.body.error } satisfies ActionData, { status: r.status });
  return Response.json({ ok: true, message: head.data.intent === "flag" ? "Flagged for the lead." : "Skipped." } satisfies ActionData);
}

type ChatMessage = { role: string; content: string };
type Choice = "left" | "right" | "tie" | "both_bad";

const CHOICES: { value: Choice; label: string; keys: string[] }[] = [
  { value: "left", label: "Left is better", keys: ["1", "←"] },
  { value: "right", label: "Right is better", keys: ["2", "→"] },
  { value: "tie", label: "Tie", keys: ["3", "t"] },
  { value: "both_bad", label: "Both bad", keys: ["4", "b"] },
];

function Prompt({ input }: { input: unknown }) {
  if (Array.isArray(input)) {
    return (
      <>
        {(input as ChatMessage[]).map((m, i) => (
          <div className="msg" key={i}>
            <div className="ab-role">{String(m.role)}</div>
            <pre className="text">{String(m.content ?? "")}</pre>
          </div>
        ))}
      </>
    );
  }
  return <pre className="text">{typeof input === "string" ? input : JSON.stringify(input, null, 2)}</pre>;
}

export default function AnnotatorQueue() {
  const { name, task, progress } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state !== "idle";

  const [choice, setChoice] = useState<Choice | null>(null);
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [reason, setReason] = useState("");
  // 0 = the verdict; 1..n = the criteria.
  const [cursor, setCursor] = useState(0);
  const [mode, setMode] = useState<"judge" | "skip" | "flag">("judge");
  const [skipReason, setSkipReason] = useState("");
  const [contextOpen, setContextOpen] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  const shownAt = useRef<number>(0);
  const formRef = useRef<HTMLFormElement>(null);
  const skipRef = useRef<HTMLFormElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const skipInputRef = useRef<HTMLInputElement>(null);
  const taskId = task?.task_id ?? null;
  const criteria = task?.criteria ?? [];

  useEffect(() => {
    setChoice(null);
    setRatings({});
    setReason("");
    setCursor(0);
    setMode("judge");
    setSkipReason("");
    setHint(null);
    // A new task starts with the keyboard on the page, not in the previous task's reason box.
    if (typeof document !== "undefined" && document.activeElement instanceof HTMLElement) document.activeElement.blur();
    shownAt.current = performance.now();
  }, [taskId]);

  useEffect(() => {
    if (mode !== "judge") skipInputRef.current?.focus();
  }, [mode]);

  const doSubmit = useCallback(() => {
    if (!formRef.current || busy) return;
    if (!choice) {
      setHint("Pick left, right, tie or both bad first.");
      return;
    }
    const input = formRef.current.elements.namedItem("time_ms") as HTMLInputElement;
    input.value = String(Math.round(performance.now() - shownAt.current));
    submit(formRef.current);
  }, [busy, choice, submit]);

  useEffect(() => {
    if (!task) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      const typing = target.tagName === "TEXTAREA" || target.tagName === "INPUT";
      if (typing) {
        if (e.key === "Escape") {
          target.blur();
          if (mode !== "judge") setMode("judge");
        } else if (e.key === "Enter" && !e.shiftKey) {
          e.preventDefault();
          if (mode === "judge") doSubmit();
          else if (skipRef.current && skipReason.trim()) submit(skipRef.current);
        }
        return;
      }
      if (mode !== "judge") {
        if (e.key === "Escape") setMode("judge");
        return;
      }
      const k = e.key;
      const setVerdict = (c: Choice) => {
        setChoice(c);
        setHint(null);
        setCursor(criteria.length ? 1 : 0);
      };
      if (k === "ArrowLeft") setVerdict("left");
      else if (k === "ArrowRight") setVerdict("right");
      else if (k === "t") setVerdict("tie");
      else if (k === "b") setVerdict("both_bad");
      else if (/^[1-5]$/.test(k)) {
        const n = Number(k);
        if (cursor === 0) {
          if (n <= 4) setVerdict(CHOICES[n - 1].value);
        } else {
          const crit = criteria[cursor - 1];
          setRatings((r) => ({ ...r, [crit]: n }));
          setCursor((c) => (c < criteria.length ? c + 1 : c));
        }
      } else if (k === "ArrowUp") setCursor((c) => Math.max(0, c - 1));
      else if (k === "ArrowDown") setCursor((c) => Math.min(criteria.length, c + 1));
      else if (k === "Enter") doSubmit();
      else if (k === "s") setMode("skip");
      else if (k === "f") setMode("flag");
      else if (k === "c") setContextOpen((o) => !o);
      else if (k === "r") {
        e.preventDefault();
        reasonRef.current?.focus();
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [task, mode, cursor, criteria, doSubmit, skipReason, submit]);

  if (!task) {
    return (
      <main>
        <h1>My queue</h1>
        <p className="sub">Hello {name}. You judge pairs of answers without knowing which model wrote which.</p>
        {result && !result.ok && (
          <p className="error" role="alert">
            {result.error}
          </p>
        )}
        <div className="panel empty" data-testid="annotator-empty">
          <strong>No comparisons are waiting for you.</strong>
          When a lead opens an eval for human judging, its tasks appear here. Nothing to do until then.
        </div>
      </main>
    );
  }

  const done = progress?.judged ?? 0;
  const left = progress?.remaining ?? 0;
  const more = progress?.more ?? false;
  const pct = done + left > 0 ? Math.round((100 * done) / (done + left)) : 0;

  return (
    <main>
      <div className="ab-top">
        <div>
          <h1 style={{ margin: 0 }}>My queue</h1>
          <div className="muted" style={{ fontSize: 13 }}>
            {task.eval_name}
          </div>
        </div>
        <div className="ab-progress" data-testid="progress">
          <div style={{ fontSize: 13 }}>
            <strong data-testid="judged-count">{done}</strong> judged ·{" "}
            <span data-testid="remaining-count">
              {left.toLocaleString("en")}
              {more ? "+" : ""}
            </span>{" "}
            left for you (this one included)
          </div>
          {/* With more left than counted, a bar would claim a share it does not know. */}
          {!more && (
            <div className="bar" aria-hidden="true">
              <span style={{ width: `${pct}%` }} />
            </div>
          )}
        </div>
      </div>

      {result && (
        <p className={result.ok ? "ok" : "error"} role={result.ok ? "status" : "alert"} data-testid="flash">
          {result.ok ? result.message : result.error}
        </p>
      )}

      <section className="panel ab-prompt" aria-label="Prompt">
        <Prompt input={task.input} />
        {task.context && (
          <details className="ab-context" open={contextOpen} onToggle={(e) => setContextOpen((e.target as HTMLDetailsElement).open)}>
            <summary>
              Context <kbd>c</kbd>
            </summary>
            <pre className="text">{task.context}</pre>
          </details>
        )}
      </section>

      <div className="ab-pair">
        <section className={`panel ab-output${choice === "left" ? " picked" : ""}`} aria-label="Left answer" data-testid="left-output">
          <h3>
            Left <kbd>1</kbd>
          </h3>
          <div className="scroll">
            <pre className="text">{task.left}</pre>
          </div>
        </section>
        <section className={`panel ab-output${choice === "right" ? " picked" : ""}`} aria-label="Right answer" data-testid="right-output">
          <h3>
            Right <kbd>2</kbd>
          </h3>
          <div className="scroll">
            <pre className="text">{task.right}</pre>
          </div>
        </section>
      </div>

      <Form method="post" ref={formRef} className="panel" replace>
        <input type="hidden" name="intent" value="submit" />
        <input type="hidden" name="task_id" value={task.task_id} />
        <input type="hidden" name="time_ms" defaultValue="" />
        <input type="hidden" name="choice" value={choice ?? ""} />
        {Object.entries(ratings).map(([k, v]) => (
          <input key={k} type="hidden" name={`rating:${k}`} value={v} />
        ))}
        <div className="ab-form-grid">
          <div className="ab-section">
            <div className={`ab-section${cursor === 0 ? " cursor" : ""}`}>
              <strong>Which answer is better?</strong>
              <div className="ab-choices" role="group" aria-label="Verdict">
                {CHOICES.map((c) => (
                  <button
                    key={c.value}
                    type="button"
                    className="ab-choice"
                    aria-pressed={choice === c.value}
                    data-testid={`choice-${c.value}`}
                    onClick={() => {
                      setChoice(c.value);
                      setHint(null);
                      setCursor(criteria.length ? 1 : 0);
                    }}
                  >
                    {c.label}{" "}
                    {c.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </button>
                ))}
              </div>
            </div>
            {criteria.length > 0 && (
              <div className="ab-section" aria-label="Ratings">
                <strong>
                  Rate the better answer (or both, if a tie) <span className="muted">(optional, 1 = poor, 5 = excellent)</span>
                </strong>
                {criteria.map((crit, i) => (
                  <div key={crit} className={`ab-rating${cursor === i + 1 ? " cursor" : ""}`}>
                    <span className="name">{crit}</span>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <button
                        key={n}
                        type="button"
                        aria-pressed={ratings[crit] === n}
                        aria-label={`${crit} ${n}`}
                        onClick={() => {
                          setRatings((r) => ({ ...r, [crit]: n }));
                          setCursor(i + 1);
                        }}
                      >
                        {n}
                      </button>
                    ))}
                  </div>
                ))}
              </div>
            )}
          </div>
          <div className="ab-section">
            <label>
              <span>
                Reason (optional) <kbd>r</kbd>
              </span>
              <textarea
                ref={reasonRef}
                name="reason"
                rows={3}
                maxLength={2000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="A few words on why"
              />
            </label>
            <div className="ab-actions">
              <button type="button" className="btn" disabled={busy} onClick={doSubmit} data-testid="submit">
                {navigation.state === "submitting" ? "Saving…" : "Submit"} <kbd>Enter</kbd>
              </button>
              <button type="button" className="btn secondary" onClick={() => setMode("skip")}>
                Skip <kbd>s</kbd>
              </button>
              <button type="button" className="btn secondary" onClick={() => setMode("flag")}>
                Flag bad data <kbd>f</kbd>
              </button>
            </div>
            {hint && (
              <p className="error" role="alert">
                {hint}
              </p>
            )}
          </div>
        </div>
        <div className="ab-keys" style={{ marginTop: 12 }} aria-label="Keyboard shortcuts">
          <span>
            <kbd>1</kbd>–<kbd>4</kbd> or <kbd>←</kbd> <kbd>→</kbd> <kbd>t</kbd> <kbd>b</kbd> verdict
          </span>
          <span>
            then <kbd>1</kbd>–<kbd>5</kbd> rates each criterion in turn, <kbd>↑</kbd> <kbd>↓</kbd> move between rows
          </span>
          <span>
            <kbd>r</kbd> reason, <kbd>Esc</kbd> leave it
          </span>
          <span>
            <kbd>c</kbd> context
          </span>
          <span>
            <kbd>s</kbd> skip, <kbd>f</kbd> flag
          </span>
          <span>
            <kbd>Enter</kbd> submit
          </span>
        </div>
      </Form>

      {mode !== "judge" && (
        <Form method="post" ref={skipRef} className="panel ab-skip" replace data-testid="skip-form">
          <input type="hidden" name="intent" value={mode} />
          <input type="hidden" name="task_id" value={task.task_id} />
          <label>
            {mode === "skip" ? "Why skip this one?" : "What is wrong with this item?"}
            <input
              ref={skipInputRef}
              name="skip_reason"
              value={skipReason}
              onChange={(e) => setSkipReason(e.target.value)}
              placeholder={mode === "skip" ? "e.g. outside what I know" : "e.g. the prompt is cut off"}
              maxLength={500}
              required
            />
          </label>
          <div className="ab-actions">
            <button type="submit" className="btn" disabled={busy || !skipReason.trim()}>
              {mode === "skip" ? "Skip" : "Flag"} <kbd>Enter</kbd>
            </button>
            <button type="button" className="btn secondary" onClick={() => setMode("judge")}>
              Cancel <kbd>Esc</kbd>
            </button>
          </div>
        </Form>
      )}
    </main>
  );
}
