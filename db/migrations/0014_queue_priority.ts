import { sql, type Kysely } from "kysely";

/**
 * Slice-first serving (issue 17 item 4). The queue may serve first the comparisons of the slices
 * whose human gates need more data; PPI stays valid because every move keeps each stratum's
 * comparisons in their seeded relative order and is recorded here, so the report can weight the
 * strata it induced (app/core/report/strata.ts).
 *
 * - evals.queue_priority: the lead's setting (on by default).
 * - tasks.seed_pos: the position the seeded shuffle gave a task when its comparison was opened;
 *   queue_pos is rewritten by a reorder, seed_pos never, so turning the setting off restores the
 *   seeded interleaving.
 * - queue_allocations: one row per change of the prioritised set: which slices and gates, the case
 *   ids they covered, how many tasks moved, and each stratum's sampling fraction at that moment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table evals add column queue_priority boolean not null default true`.execute(db);
  await sql`alter table tasks add column seed_pos integer`.execute(db);
  await sql`update tasks set seed_pos = queue_pos`.execute(db);
  await db.schema
    .createTable("queue_allocations")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    /** Whether slice-first serving was on after this change. */
    .addColumn("enabled", "boolean", (c) => c.notNull())
    /** [{gate, metric, scope, n, n_needed}] of the gates that asked for data. */
    .addColumn("slices", "jsonb", (c) => c.notNull())
    /** Sorted case ids served first (empty: the seeded order). */
    .addColumn("case_ids", "jsonb", (c) => c.notNull())
    .addColumn("tasks_moved", "integer", (c) => c.notNull())
    /** [{stratum, cases, labeled, fraction}] when the allocation was made. */
    .addColumn("fractions", "jsonb", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .execute();
  await sql`create index queue_allocations_eval_idx on queue_allocations (eval_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("queue_allocations").execute();
  await sql`alter table tasks drop column seed_pos`.execute(db);
  await sql`alter table evals drop column queue_priority`.execute(db);
}
