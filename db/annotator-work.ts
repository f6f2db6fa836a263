/**
 * The annotator's own view beyond claim and submit (issue 15 items 3-5): the evals they may work
 * on, undoing their last judgment, their history, the guidelines gate, and the lead's per-eval
 * annotation settings and assignments.
 *
 * Blinding (DESIGN rule 2): no eval description either (a lead may name the systems there).
 * everything returned to an annotator here is in their own terms: the
 * choice and ratings as they gave them (left / right), the task's opaque uuid, the prompt. Never a
 * system, comparison, case or judgment id, an outcome (a / b) or candidate_left.
 */
import { sql, type Kysely } from "kysely";
import { recordAudit } from "./audit.ts";
import type { Database, RatingScale } from "./types.ts";

export interface AnnotatorEval {
  eval_id: number;
  name: string;
  judged: number;
  /** True when the annotator holds a lease in it now. */
  current: boolean;
  /** Unfinished tasks of comparisons this annotator has not judged or skipped (capped at 1,000). */
  open: number;
  has_guidelines: boolean;
  guidelines_read: boolean;
}

const OPEN_CAP = 1000;

/**
 * The evals this annotator may work on: open to everyone (no assignment rows) or assigned to
 * them, with unfinished tasks; the one they hold a lease in first, then oldest first.
 */
export async function evalsForAnnotator(db: Kysely<Database>, annotatorId: number): Promise<AnnotatorEval[]> {
  const res = await sql<{
    id: number; name: string; judged: number | null; current: boolean; open: number; has_guidelines: boolean; guidelines_read: boolean;
  }>`
    select e.id, e.name,
      (select left_count + right_count from annotator_sides s where s.eval_id = e.id and s.annotator_id = ${annotatorId}) as judged,
      exists (select 1 from tasks t where t.eval_id = e.id and t.annotator_id = ${annotatorId} and t.status = 'leased') as current,
      (select count(*) from (
        select 1 from tasks t
        where t.eval_id = e.id and t.status <> 'done'
          and not exists (select 1 from judgments j where j.comparison_id = t.comparison_id and j.annotator_id = ${annotatorId})
          and not exists (select 1 from task_skips k where k.comparison_id = t.comparison_id and k.annotator_id = ${annotatorId})
        limit ${OPEN_CAP}) w) as open,
      (e.guidelines <> '') as has_guidelines,
      exists (select 1 from guideline_reads g where g.eval_id = e.id and g.annotator_id = ${annotatorId}) as guidelines_read
    from evals e
    where exists (select 1 from tasks t where t.eval_id = e.id and t.status <> 'done')
      and (not exists (select 1 from eval_assignments a where a.eval_id = e.id)
           or exists (select 1 from eval_assignments a where a.eval_id = e.id and a.user_id = ${annotatorId}))
    order by current desc, e.created_at, e.id`.execute(db);
  return res.rows.map((r) => ({
    eval_id: r.id,
    name: r.name,
    judged: Number(r.judged ?? 0),
    current: r.current,
    open: Number(r.open),
    has_guidelines: r.has_guidelines,
    guidelines_read: r.guidelines_read,
  }));
}

/** True when the annotator may work on the eval (open to all, or assigned to them). */
export async function mayWorkOn(db: Kysely<Database>, evalId: number, annotatorId: number): Promise<boolean> {
  const res = await sql<{ ok: boolean }>`
    select exists (select 1 from evals where id = ${evalId})
      and (not exists (select 1 from eval_assignments a where a.eval_id = ${evalId})
           or exists (select 1 from eval_assignments a where a.eval_id = ${evalId} and a.user_id = ${annotatorId})) as ok`.execute(db);
  return Boolean(res.rows[0]?.ok);
}

/** What the annotator's page shows about an eval beside the task. */
export interface EvalDisplay {
  eval_id: number;
  name: string;
  guidelines: string;
  rating_scale: RatingScale;
  show_images: boolean;
  context_open: boolean;
  guidelines_read: boolean;
}

export async function evalDisplay(db: Kysely<Database>, evalId: number, annotatorId: number): Promise<EvalDisplay | null> {
  const row = await db
    .selectFrom("evals as e")
    .select(["e.id", "e.name", "e.guidelines", "e.rating_scale", "e.show_images", "e.context_open"])
    .select((eb) =>
      eb.exists(eb.selectFrom("guideline_reads as g").select("g.eval_id").whereRef("g.eval_id", "=", "e.id").where("g.annotator_id", "=", annotatorId)).as("read"),
    )
    .where("e.id", "=", evalId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    eval_id: row.id,
    name: row.name,
    guidelines: row.guidelines,
    rating_scale: row.rating_scale,
    show_images: row.show_images,
    context_open: row.context_open,
    guidelines_read: Boolean(row.read),
  };
}

export async function markGuidelinesRead(db: Kysely<Database>, evalId: number, annotatorId: number): Promise<void> {
  await sql`insert into guideline_reads (eval_id, annotator_id) values (${evalId}, ${annotatorId}) on conflict do nothing`.execute(db);
}

/** True when the eval has guidelines this annotator has not opened yet (no first task until then). */
export async function guidelinesPending(db: Kysely<Database>, evalId: number, annotatorId: number): Promise<boolean> {
  const res = await sql<{ pending: boolean }>`
    select (e.guidelines <> '' and not exists (select 1 from guideline_reads g where g.eval_id = e.id and g.annotator_id = ${annotatorId})) as pending
    from evals e where e.id = ${evalId}`.execute(db);
  return Boolean(res.rows[0]?.pending);
}

export type UndoOutcome = { status: 200; body: { status: "undone"; task_id: string; eval_id: number } } | { status: 409; body: { error: string } };

/**
 * Takes back the annotator's latest judgment (in `evalId`, or any) while the lease it was made
 * under still runs; they get that task again, on the same side (arbiter_undo_judgment, 0008).
 */
export async function undoLastJudgment(db: Kysely<Database>, annotatorId: number, evalId: number | null): Promise<UndoOutcome> {
  const res = await sql<{ task_id: string; eval_id: number; judgment_id: number }>`
    select * from arbiter_undo_judgment(${annotatorId}::int, ${evalId}::int)`.execute(db);
  const row = res.rows[0];
  if (!row) {
    return { status: 409, body: { error: "Nothing to undo: your last judgment's task is no longer yours (its lease ended), or you have none." } };
  }
  await recordAudit(db, { actorId: annotatorId, action: "human.undo", entity: "task", entityId: row.task_id, detail: { eval_id: row.eval_id, judgment_id: row.judgment_id } });
  return { status: 200, body: { status: "undone", task_id: row.task_id, eval_id: row.eval_id } };
}

export interface HistoryEntry {
  task_id: string;
  eval_name: string;
  /** The prompt's first words (the last user message of a chat). */
  prompt: string;
  choice: "left" | "right" | "tie" | "both_bad";
  ratings: Record<string, number>;
  side_ratings: { left: Record<string, number>; right: Record<string, number> } | null;
  reason: string | null;
  created_at: string;
  /** This is the latest judgment and its lease still runs: it can be undone. */
  undoable: boolean;
}

function promptText(input: unknown): string {
  if (typeof input === "string") return input;
  if (Array.isArray(input)) {
    const users = input.filter((m) => m && typeof m === "object" && (m as { role?: unknown }).role === "user");
    const last = (users.length ? users : input).at(-1) as { content?: unknown } | undefined;
    return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? "");
  }
  return JSON.stringify(input);
}

/** The annotator's judgments, newest first, in their own terms (see the header). */
export async function judgmentHistory(db: Kysely<Database>, annotatorId: number, limit = 50): Promise<HistoryEntry[]> {
  const res = await sql<{
    task_id: string; eval_name: string; input: unknown; choice: HistoryEntry["choice"]; ratings: Record<string, number>;
    side_ratings: { a: Record<string, number>; b: Record<string, number> } | null; candidate_left: boolean; reason: string | null;
    created_at: Date | string; live: boolean; latest: boolean;
  }>`
    select j.task_id, e.name as eval_name, cs.input, j.choice, j.ratings, j.side_ratings, j.candidate_left, j.reason, j.created_at,
      (t.leased_until > now() and t.annotator_id = ${annotatorId}) as live,
      (j.id = max(j.id) over ()) as latest
    from judgments j
    join tasks t on t.id = j.task_id
    join evals e on e.id = j.eval_id
    join comparisons c on c.id = j.comparison_id
    join cases cs on cs.id = c.case_id
    where j.annotator_id = ${annotatorId}
    order by j.id desc
    limit ${limit}`.execute(db);
  return res.rows.map((r) => {
    const text = promptText(r.input).replace(/\s+/g, " ").trim();
    const sides = r.side_ratings
      ? r.candidate_left
        ? { left: r.side_ratings.a ?? {}, right: r.side_ratings.b ?? {} }
        : { left: r.side_ratings.b ?? {}, right: r.side_ratings.a ?? {} }
      : null;
    return {
      task_id: r.task_id,
      eval_name: r.eval_name,
      prompt: text.length > 160 ? `${text.slice(0, 157)}…` : text,
      choice: r.choice,
      ratings: r.ratings ?? {},
      side_ratings: sides,
      reason: r.reason,
      created_at: new Date(r.created_at).toISOString(),
      undoable: r.latest && r.live,
    };
  });
}

/** The lead's per-eval annotation settings (issue 15 items 2, 3, 5). */
export interface AnnotationSettings {
  guidelines: string;
  criteria: string[];
  rating_scale: RatingScale;
  show_images: boolean;
  context_open: boolean;
  /** Annotator ids the eval is assigned to; empty = every annotator. */
  assigned: number[];
}

export async function annotationSettings(db: Kysely<Database>, evalId: number): Promise<AnnotationSettings | null> {
  const e = await db
    .selectFrom("evals")
    .select(["guidelines", "criteria", "rating_scale", "show_images", "context_open"])
    .where("id", "=", evalId)
    .executeTakeFirst();
  if (!e) return null;
  const a = await db.selectFrom("eval_assignments").select("user_id").where("eval_id", "=", evalId).orderBy("user_id").execute();
  return { ...e, criteria: e.criteria as string[], assigned: a.map((r) => r.user_id) };
}

export async function saveAnnotationSettings(db: Kysely<Database>, evalId: number, actorId: number, s: AnnotationSettings): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("evals").select("guidelines").where("id", "=", evalId).forUpdate().executeTakeFirst();
    await trx
      .updateTable("evals")
      .set({
        guidelines: s.guidelines,
        criteria: JSON.stringify(s.criteria),
        rating_scale: JSON.stringify(s.rating_scale),
        show_images: s.show_images,
        context_open: s.context_open,
      })
      .where("id", "=", evalId)
      .execute();
    await trx.deleteFrom("eval_assignments").where("eval_id", "=", evalId).execute();
    if (s.assigned.length) {
      await trx.insertInto("eval_assignments").values(s.assigned.map((user_id) => ({ eval_id: evalId, user_id }))).execute();
    }
    // Changed guidelines must be read again.
    if (before && before.guidelines !== s.guidelines) await trx.deleteFrom("guideline_reads").where("eval_id", "=", evalId).execute();
    await recordAudit(trx, { actorId, action: "eval.annotation_settings", entity: "eval", entityId: evalId, detail: { ...s, guidelines: `${s.guidelines.length} characters` } });
  });
}

/** Annotator accounts a lead may assign an eval to (active ones, plus any already assigned). */
export async function assignableAnnotators(db: Kysely<Database>, evalId: number): Promise<{ id: number; name: string; email: string; disabled: boolean }[]> {
  const res = await sql<{ id: number; name: string; email: string; disabled: boolean }>`
    select u.id, u.name, u.email, (u.disabled_at is not null) as disabled from users u
    where u.role = 'annotator'
      and (u.disabled_at is null or exists (select 1 from eval_assignments a where a.eval_id = ${evalId} and a.user_id = u.id))
      and u.email not like '%@imported.invalid'
    order by u.name, u.id`.execute(db);
  return res.rows;
}
