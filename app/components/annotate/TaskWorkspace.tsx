/**
 * One task: the prompt (a conversation for chat inputs), its context (open by itself when the
 * prompt refers to it or the lead said so), the two outputs, the verdict, per-side ratings, the
 * reason, skip / flag. Keyboard first; every key is also a button.
 */
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BlindTask } from "../../../db/claim-task";
import { Conversation, promptRefersToContext, renderMarkdown, type OutputMode } from "../output";
import { PairView } from "./PairView";
import { RatingsPanel } from "./RatingsPanel";
import { SkipBox } from "./SkipBox";
import { CHOICES, ratingCells, type Choice, type RatingScale, type SideRatings } from "./types";

export interface Display {
  rating_scale: RatingScale;
  show_images: boolean;
  context_open: boolean;
}

export function TaskWorkspace({ task, display, onToggleGuidelines, canUndo }: { task: BlindTask; display: Display; onToggleGuidelines?: () => void; canUndo: boolean }) {
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state !== "idle";
  const criteria = task.criteria;
  const cells = ratingCells(criteria);
  const scale = display.rating_scale;

  const [choice, setChoice] = useState<Choice | null>(null);
  const [ratings, setRatings] = useState<SideRatings>({ left: {}, right: {} });
  const [reason, setReason] = useState("");
  // 0 = the verdict; 1..2n = the rating cells (criterion x side).
  const [cursor, setCursor] = useState(0);
  const [mode, setMode] = useState<"judge" | "skip" | "flag">("judge");
  const [skipReason, setSkipReason] = useState("");
  const autoContext = display.context_open || promptRefersToContext(task.input);
  const [contextOpen, setContextOpen] = useState(autoContext);
  const [view, setView] = useState<OutputMode>("rendered");
  const [diff, setDiff] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  const shownAt = useRef<number>(0);
  const formRef = useRef<HTMLFormElement>(null);
  const undoRef = useRef<HTMLFormElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setChoice(null);
    setRatings({ left: {}, right: {} });
    setReason("");
    setCursor(0);
    setMode("judge");
    setSkipReason("");
    setHint(null);
    setContextOpen(autoContext);
    if (typeof document !== "undefined" && document.activeElement instanceof HTMLElement) document.activeElement.blur();
    shownAt.current = performance.now();
    // Only a new task resets the form: a revalidation after a refused submit keeps what was entered.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task.task_id]);

  const pickVerdict = useCallback(
    (c: Choice) => {
      setChoice(c);
      setHint(null);
      setCursor(cells.length ? 1 : 0);
    },
    [cells.length],
  );

  const rate = useCallback(
    (cell: number, n: number) => {
      const c = cells[cell - 1];
      if (!c || n < scale.min || n > scale.max) return;
      setRatings((r) => ({ ...r, [c.side]: { ...r[c.side], [c.criterion]: n } }));
      setCursor((x) => (x < cells.length ? x + 1 : x));
    },
    [cells, scale.min, scale.max],
  );

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
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      const typing = target.tagName === "TEXTAREA" || target.tagName === "INPUT";
      if (typing) {
        if (e.key === "Escape") {
          target.blur();
          if (mode !== "judge") setMode("judge");
        } else if (e.key === "Enter" && !e.shiftKey && mode === "judge") {
          e.preventDefault();
          doSubmit();
        }
        return;
      }
      if (mode !== "judge") {
        if (e.key === "Escape") setMode("judge");
        return;
      }
      const k = e.key;
      if (k === "ArrowLeft") pickVerdict("left");
      else if (k === "ArrowRight") pickVerdict("right");
      else if (k === "t") pickVerdict("tie");
      else if (k === "b") pickVerdict("both_bad");
      else if (/^[0-9]$/.test(k)) {
        const n = Number(k);
        if (cursor === 0) {
          if (n >= 1 && n <= 4) pickVerdict(CHOICES[n - 1].value);
        } else rate(cursor, n);
      } else if (k === "ArrowUp") setCursor((c) => Math.max(0, c - 1));
      else if (k === "ArrowDown") setCursor((c) => Math.min(cells.length, c + 1));
      else if (k === "Enter") doSubmit();
      else if (k === "s") setMode("skip");
      else if (k === "f") setMode("flag");
      else if (k === "c") setContextOpen((o) => !o);
      else if (k === "m") (setDiff(false), setView((v) => (v === "raw" ? "rendered" : "raw")));
      else if (k === "d") setDiff((d) => !d);
      else if (k === "g" && onToggleGuidelines) onToggleGuidelines();
      else if (k === "u" && canUndo) {
        const undo = document.querySelector<HTMLFormElement>('[data-testid="undo"]')?.form;
        if (undo) submit(undo);
      } else if (k === "r") {
        e.preventDefault();
        reasonRef.current?.focus();
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [mode, cursor, cells.length, doSubmit, pickVerdict, rate, onToggleGuidelines, canUndo, submit]);

  const better = choice === "left" || choice === "right" ? ratings[choice] : {};

  return (
    <>
      <section className="panel ab-prompt" aria-label="Prompt">
        <Conversation input={task.input} images={display.show_images} />
        {task.context && (
          <details className="ab-context" open={contextOpen} onToggle={(e) => setContextOpen((e.target as HTMLDetailsElement).open)} data-testid="context">
            <summary>
              Context <kbd>c</kbd>
              {autoContext && <span className="muted"> (the prompt refers to it)</span>}
            </summary>
            <div className="out-md ab-context-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(task.context, { images: display.show_images }) }} />
          </details>
        )}
      </section>

      <PairView left={task.left} right={task.right} choice={choice} mode={view} diff={diff} images={display.show_images} onMode={setView} onDiff={setDiff} />

      <Form method="post" ref={formRef} className="panel" replace>
        <input type="hidden" name="intent" value="submit" />
        <input type="hidden" name="task_id" value={task.task_id} />
        <input type="hidden" name="time_ms" defaultValue="" />
        <input type="hidden" name="choice" value={choice ?? ""} />
        {(["left", "right"] as const).flatMap((side) =>
          Object.entries(ratings[side]).map(([k, v]) => <input key={`${side}:${k}`} type="hidden" name={`side:${side}:${k}`} value={v} />),
        )}
        {/* The better answer's ratings, as before per-side ratings, for readers of judgments.ratings. */}
        {Object.entries(better).map(([k, v]) => (
          <input key={`r:${k}`} type="hidden" name={`rating:${k}`} value={v} />
        ))}
        <div className="ab-form-grid">
          <div className="ab-section">
            <div className={`ab-section${cursor === 0 ? " cursor" : ""}`}>
              <strong>Which answer is better?</strong>
              <div className="ab-choices" role="group" aria-label="Verdict">
                {CHOICES.map((c) => (
                  <button key={c.value} type="button" className="ab-choice" aria-pressed={choice === c.value} data-testid={`choice-${c.value}`} onClick={() => pickVerdict(c.value)}>
                    {c.label}{" "}
                    {c.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </button>
                ))}
              </div>
            </div>
            <RatingsPanel criteria={criteria} scale={scale} ratings={ratings} cursor={cursor} onRate={(_c, _s, n, cell) => (setCursor(cell), rate(cell, n))} />
          </div>
          <div className="ab-section">
            <label>
              <span>
                Reason (optional) <kbd>r</kbd>
              </span>
              <textarea ref={reasonRef} name="reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="A few words on why" />
            </label>
            <div className="ab-actions">
              <button type="button" className="btn" disabled={busy} onClick={doSubmit} data-testid="submit">
                {navigation.state === "submitting" ? "Saving…" : "Submit"} <kbd>Enter</kbd>
              </button>
              <button type="button" className="btn secondary" onClick={() => setMode("skip")} data-testid="skip">
                Skip <kbd>s</kbd>
              </button>
              <button type="button" className="btn secondary" onClick={() => setMode("flag")} data-testid="flag">
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
            then <kbd>{scale.min}</kbd>–<kbd>{scale.max}</kbd> rates each criterion, left then right; <kbd>↑</kbd> <kbd>↓</kbd> move
          </span>
          <span>
            <kbd>r</kbd> reason, <kbd>Esc</kbd> leave it
          </span>
          <span>
            <kbd>c</kbd> context, <kbd>g</kbd> guidelines, <kbd>m</kbd> raw, <kbd>d</kbd> diff
          </span>
          <span>
            <kbd>s</kbd> skip, <kbd>f</kbd> flag, <kbd>u</kbd> undo
          </span>
          <span>
            <kbd>Enter</kbd> submit
          </span>
        </div>
      </Form>

      {mode !== "judge" && <SkipBox mode={mode} taskId={task.task_id} reason={skipReason} busy={busy} onReason={setSkipReason} onCancel={() => setMode("judge")} />}
    </>
  );
}
