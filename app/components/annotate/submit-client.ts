/**
 * The annotator page's submit in the browser (the route's clientAction): the judgment goes to the JSON
 * API through submitJudgmentWithRetry, so a submit made while the database restarts (503 + Retry-After)
 * or whose answer was lost is sent again instead of ending on the error page; the API's submit is
 * idempotent (201 recorded, 200 already recorded), so a resend never records twice. The answer becomes
 * the same flash the server action gives. Browser-safe.
 */
import type { FlashData } from "./Flash";
import { judgmentFromForm } from "./judgment-form";
import { submitJudgmentWithRetry, type RetryOptions } from "./submit-retry";
import { CHOICE_LABEL, type Choice } from "./types";

export async function submitFromForm(form: FormData, options: RetryOptions = {}): Promise<FlashData> {
  const taskId = form.get("task_id");
  const at = Date.now();
  if (typeof taskId !== "string" || taskId === "") return { ok: false, error: "Unknown task.", at };
  const raw = judgmentFromForm(form) as { choice?: Choice };
  let answer: { status: number; body: unknown };
  try {
    answer = await submitJudgmentWithRetry(taskId, raw, options);
  } catch {
    return { ok: false, error: "Not saved: the server could not be reached. Submit again.", at: Date.now() };
  }
  const { status, body } = answer;
  if (status === 201 || status === 200) {
    const label = (raw.choice && CHOICE_LABEL[raw.choice]) ?? "";
    return { ok: true, message: status === 201 ? `Saved: ${label}.` : "Already saved.", undo: status === 201, at: Date.now() };
  }
  if (status === 503) return { ok: false, error: "Not saved: the database is still unavailable. Submit again in a moment.", at: Date.now() };
  const error = body && typeof body === "object" && "error" in body && typeof body.error === "string" ? body.error : `Not saved (HTTP ${status}).`;
  return { ok: false, error, at: Date.now() };
}
