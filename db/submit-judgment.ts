/**
 * Recording an annotator's answer to a leased task, and skipping or flagging one.
 *
 * Submitting is idempotent, keyed on the task: the judgment row is unique per task (and per
 * (comparison, annotator)), the statement locks the task row, and a second submit of a task this
 * annotator already finished answers "already recorded" with the first judgment, changing nothing.
 * Anything else that is not a live lease of this annotator is refused with a 4xx and changes nothing.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { noNul } from "../app/schemas/bounded.ts";
import { recordAudit } from "./audit.ts";
import { isUniqueViolation } from "./errors.ts";
import type { Database } from "./types.ts";

export const CHOICES = ["left", "right", "tie", "both_bad"] as const;
export const SKIP_KINDS = ["skip", "flag"] as const;

// The scale is the eval's (evals.rating_scale, 1-5 by default); the submit function checks each
// rating against it, this only bounds what any scale may hold.
const Ratings = z
  .record(
    z.string().min(1).max(80).refine((k) => !k.includes("\u0000"), "a rating name contains a NUL character (U+0000), which cannot be stored"),
    z.number({ invalid_type_error: "a rating must be a whole number on the eval's scale" }).int("a rating must be a whole number on the eval's scale").min(0, "a rating must be on the eval's scale").max(10, "a rating must be on the eval's scale"),
  )
  .refine((r) => Object.keys(r).length <= 20, "too many ratings");

export const JudgmentInput = z.object({
  choice: z.enum(CHOICES, { errorMap: () => ({ message: "choice must be one of left, right, tie, both_bad" }) }),
  ratings: Ratings.default({}),
  /** Criteria ratings per output, as the annotator saw them (migration 0008). */
  side_ratings: z.object({ left: Ratings.optional(), right: Ratings.optional() }).strict().optional().nullable(),
  reason: z.string().trim().max(2000, "the reason is limited to 2000 characters").superRefine(noNul).optional().nullable(),
  time_ms: z.number().int().min(0).max(24 * 3600_000).optional().nullable(),
});
export type JudgmentInput = z.infer<typeof JudgmentInput>;

export const SkipInput = z.object({
  kind: z.enum(SKIP_KINDS).default("skip"),
  reason: z.string().trim().min(1, "say why (a few words are enough)").max(500).superRefine(noNul),
});
export type SkipInput = z.infer<typeof SkipInput>;

export type SubmitOutcome =
  | { status: 201; body: { status: "recorded"; judgment_id: number } }
  | { status: 200; body: { status: "already_recorded"; judgment_id: number } }
  | { status: 400 | 404 | 409 | 410; body: { error: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a submit found no live lease of this annotator on the task; also spots an idempotent retry. */
async function explainRefusal(
  db: Kysely<Database>,
  taskId: string,
  annotatorId: number,
  input: JudgmentInput,
): Promise<SubmitOutcome> {
  const all = [input.ratings ?? {}, input.side_ratings?.left ?? {}, input.side_ratings?.right ?? {}];
  const ratings = Object.assign({}, ...all) as Record<string, number>;
  const values = all.flatMap((r) => Object.values(r));
  const res = await sql<{
    status: string;
    annotator_id: number | null;
    expired: boolean;
    judgment_id: number | null;
    unknown_criteria: string[] | null;
    min: number;
    max: number;
  }>`
    select t.status, t.annotator_id, coalesce(t.leased_until <= now(), true) as expired,
      (e.rating_scale ->> 'min')::int as min, (e.rating_scale ->> 'max')::int as max,
      (select j.id from judgments j where j.task_id = t.id and j.annotator_id = ${annotatorId}) as judgment_id,
      (select array_agg(k) from jsonb_object_keys(${JSON.stringify(ratings)}::jsonb) k
        where not (e.criteria ? k)) as unknown_criteria
    from tasks t join evals e on e.id = t.eval_id
    where t.id = ${taskId}`.execute(db);
  const row = res.rows[0];
  if (!row) return { status: 404, body: { error: "No such task." } };
  if (row.judgment_id !== null) return { status: 200, body: { status: "already_recorded", judgment_id: Number(row.judgment_id) } };
  if (row.annotator_id !== annotatorId || row.status !== "leased") {
    return { status: 409, body: { error: "This task is not leased to you. Load your next task." } };
  }
  if (row.expired) {
    return { status: 410, body: { error: "Your lease on this task expired, so it went back to the queue. Nothing was recorded; load your next task." } };
  }
  if (row.unknown_criteria && row.unknown_criteria.length) {
    return { status: 400, body: { error: `Unknown criterion: ${row.unknown_criteria.join(", ")}.` } };
  }
  if (values.some((v) => v < row.min || v > row.max)) {
    return { status: 400, body: { error: `A rating must be from ${row.min} to ${row.max}.` } };
  }
  return { status: 409, body: { error: "The task changed while you answered it. Load your next task." } };
}

/**
 * One round trip on the happy path, to `arbiter_submit_judgment` (migration 0008): lock the live
 * lease, finish the task, insert the judgment (side ratings mapped back to systems), lock the pack.
 */
export async function submitJudgment(
  db: Kysely<Database>,
  taskId: string,
  annotatorId: number,
  input: JudgmentInput,
): Promise<SubmitOutcome> {
  if (!UUID.test(taskId)) return { status: 404, body: { error: "No such task." } };
  const ratings = JSON.stringify(input.ratings ?? {});
  const reason = input.reason ? input.reason : null;
  const timeMs = input.time_ms ?? null;
  const sides = input.side_ratings ? JSON.stringify(input.side_ratings) : null;
  let res;
  try {
    res = await sql<{ judgment_id: number | null; eval_id: number | null; locked_version: number | null }>`
      select * from arbiter_submit_judgment(${taskId}::uuid, ${annotatorId}::int, ${input.choice}::text, ${ratings}::jsonb, ${reason}::text, ${timeMs}::int, ${sides}::jsonb)`.execute(db);
  } catch (err) {
    // A racing duplicate that slipped past the row lock still hits the unique keys: same answer as a retry.
    if (isUniqueViolation(err)) {
      return explainRefusal(db, taskId, annotatorId, input);
    }
    throw err;
  }
  const row = res.rows[0];
  if (!row || row.judgment_id === null) return explainRefusal(db, taskId, annotatorId, input);
  if (row.locked_version !== null && row.eval_id !== null) {
    await recordAudit(db, { actorId: annotatorId, action: "pack.lock", entity: "eval", entityId: row.eval_id, detail: { version: row.locked_version, reason: "first human judgment" } });
  }
  return { status: 201, body: { status: "recorded", judgment_id: Number(row.judgment_id) } };
}

export type SkipOutcome = { status: 200; body: { status: "skipped" | "flagged" } } | { status: 404 | 409; body: { error: string } };

/**
 * Gives the task back to the pool and records why; this annotator will not be offered the
 * comparison again. A flag also tells the lead the data looks wrong.
 */
export async function skipTask(db: Kysely<Database>, taskId: string, annotatorId: number, input: SkipInput): Promise<SkipOutcome> {
  if (!UUID.test(taskId)) return { status: 404, body: { error: "No such task." } };
  const res = await sql<{ released: number }>`
    with t as (
      select id, comparison_id from tasks
      where id = ${taskId} and annotator_id = ${annotatorId} and status = 'leased'
      for update
    ),
    rel as (
      update tasks set status = 'open', annotator_id = null, lease_token = null, leased_until = null, leased_at = null,
        candidate_left = case when side_fixed then candidate_left else coalesce(preferred_left, candidate_left) end
      from t where tasks.id = t.id
      returning tasks.id
    ),
    ins as (
      insert into task_skips (comparison_id, annotator_id, kind, reason)
      select comparison_id, ${annotatorId}, ${input.kind}, ${input.reason} from t
      on conflict (comparison_id, annotator_id) do nothing
      returning id
    )
    select (select count(*) from rel) as released`.execute(db);
  if (Number(res.rows[0]?.released ?? 0) === 0) {
    const exists = await db.selectFrom("tasks").select("id").where("id", "=", taskId).executeTakeFirst();
    if (!exists) return { status: 404, body: { error: "No such task." } };
    return { status: 409, body: { error: "This task is not leased to you. Load your next task." } };
  }
  return { status: 200, body: { status: input.kind === "flag" ? "flagged" : "skipped" } };
}
