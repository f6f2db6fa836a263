/**
 * The human A/B service shared by the annotator page and the JSON API: parse with zod, call the
 * queue, answer with a status code. Nothing here returns a system name or id to an annotator.
 */
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { claimNextAnywhere, claimNextTask, queueProgress, type BlindTask, type QueueProgress } from "../../db/claim-task";
import { JudgmentInput, SkipInput, skipTask, submitJudgment, type SkipOutcome, type SubmitOutcome } from "../../db/submit-judgment";
import { guidelinesPending, judgmentHistory, undoLastJudgment, type HistoryEntry, type UndoOutcome } from "../../db/annotator-work";

export const TaskIdParam = z.string().uuid();

export async function nextTaskFor(
  context: AppLoadContext,
  annotatorId: number,
  evalId?: number,
  withProgress = false,
): Promise<{ task: BlindTask | null; progress: QueueProgress | null; guidelines_required?: true }> {
  const task = evalId ? await claimNextTask(context.db, evalId, annotatorId) : await claimNextAnywhere(context.db, annotatorId);
  // Only on an empty answer (off the hot path): say why, when it is unread guidelines.
  if (!task && evalId && (await guidelinesPending(context.db, evalId, annotatorId))) return { task: null, progress: null, guidelines_required: true };
  const progress = withProgress && task ? await queueProgress(context.db, task.eval_id, annotatorId) : null;
  return { task, progress };
}

const UndoBody = z.object({ eval: z.number().int().positive().optional().nullable() }).default({});

export async function undoFor(context: AppLoadContext, annotatorId: number, raw: unknown): Promise<UndoOutcome | { status: 400; body: { error: string } }> {
  const parsed = UndoBody.safeParse(raw ?? {});
  if (!parsed.success) return { status: 400, body: { error: "eval must be a positive whole number" } };
  return undoLastJudgment(context.db, annotatorId, parsed.data.eval ?? null);
}

export async function historyFor(context: AppLoadContext, annotatorId: number): Promise<{ status: 200; body: { judgments: HistoryEntry[] } }> {
  return { status: 200, body: { judgments: await judgmentHistory(context.db, annotatorId) } };
}

export async function submitFor(context: AppLoadContext, annotatorId: number, taskId: string, raw: unknown): Promise<SubmitOutcome> {
  if (!TaskIdParam.safeParse(taskId).success) return { status: 404, body: { error: "No such task." } };
  const parsed = JudgmentInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return { status: 400, body: { error: `${where}${issue.message}` } };
  }
  const result = await submitJudgment(context.db, taskId, annotatorId, parsed.data);
  if (result.status >= 400) context.logger.info({ taskId, status: result.status }, "judgment refused");
  return result;
}

export async function skipFor(context: AppLoadContext, annotatorId: number, taskId: string, raw: unknown): Promise<SkipOutcome | { status: 400; body: { error: string } }> {
  if (!TaskIdParam.safeParse(taskId).success) return { status: 404, body: { error: "No such task." } };
  const parsed = SkipInput.safeParse(raw);
  if (!parsed.success) return { status: 400, body: { error: parsed.error.issues[0].message } };
  return skipTask(context.db, taskId, annotatorId, parsed.data);
}

// Form fields into the API's JSON shape; browser-safe, so the page sends the same body to the JSON API.
export { judgmentFromForm } from "../components/annotate/judgment-form";
