import { sql, type Kysely } from "kysely";

/**
 * Human A/B queue: how a task's side is decided and in what order tasks are served.
 *
 * - side_fixed: true when the slot's side (tasks.candidate_left) was fixed at creation; false for the
 *   one "free" slot of an odd k, whose side is decided at claim time (and written to candidate_left).
 * - preferred_left: the seeded side a free slot takes when the claiming annotator is balanced.
 * - queue_pos: the serving order (seeded shuffle of comparisons, then slots), so the claim is one
 *   index scan.
 * See docs/queue-policy.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("tasks")
    .addColumn("side_fixed", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("preferred_left", "boolean")
    .addColumn("queue_pos", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // The claim scans this in queue order, skipping finished tasks for free.
  await sql`create index tasks_queue_idx on tasks (eval_id, queue_pos) where status <> 'done'`.execute(db);
  // One lease per annotator per eval: two racing claims of one annotator cannot both win.
  await sql`create unique index tasks_one_lease_uq on tasks (eval_id, annotator_id) where status = 'leased'`.execute(db);
  // An annotator's left/right counts in an eval (position balance), read on every claim.
  await sql`create index judgments_eval_annotator_idx on judgments (eval_id, annotator_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists judgments_eval_annotator_idx`.execute(db);
  await sql`drop index if exists tasks_one_lease_uq`.execute(db);
  await sql`drop index if exists tasks_queue_idx`.execute(db);
  await db.schema.alterTable("tasks").dropColumn("queue_pos").dropColumn("preferred_left").dropColumn("side_fixed").execute();
}
