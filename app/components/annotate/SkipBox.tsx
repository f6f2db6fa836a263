/** Skip or flag a task with a reason; scrolled into view and focused when opened. */
import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";

export function SkipBox({ mode, taskId, reason, busy, onReason, onCancel }: {
  mode: "skip" | "flag"; taskId: string; reason: string; busy: boolean; onReason: (r: string) => void; onCancel: () => void;
}) {
  const ref = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "center" });
    input.current?.focus({ preventScroll: true });
  }, [mode]);
  return (
    <Form method="post" ref={ref} className="panel ab-skip an-skip" replace data-testid="skip-form">
      <input type="hidden" name="intent" value={mode} />
      <input type="hidden" name="task_id" value={taskId} />
      <label>
        {mode === "skip" ? "Why skip this one?" : "What is wrong with this item?"}
        <input
          ref={input}
          name="skip_reason"
          value={reason}
          onChange={(e) => onReason(e.target.value)}
          placeholder={mode === "skip" ? "e.g. outside what I know" : "e.g. the prompt is cut off"}
          maxLength={500}
          required
        />
      </label>
      <div className="ab-actions">
        <button type="submit" className="btn" disabled={busy || !reason.trim()}>
          {mode === "skip" ? "Skip" : "Flag"} <kbd>Enter</kbd>
        </button>
        <button type="button" className="btn secondary" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Form>
  );
}
