import { sql, type Kysely } from "kysely";

/**
 * Durable judge runs (issue 8):
 * - judge_jobs.item_index: which llm_rubric assertion of the output's case a rubric job grades.
 *   A job yields exactly one verdict (verdicts.job_id is unique), so a case with two rubrics needs
 *   two jobs, told apart by this index. Null for pairwise and faithfulness jobs.
 * - judge_probe_runs: the injection-probe flip rate of a judge config, measured against the
 *   configured endpoint and shown with the judge's figures. The config holds no API key.
 * - judge_jobs_run_status_idx: the claim and the progress counts filter a run's jobs by status.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("judge_jobs").addColumn("item_index", "integer").execute();
  await sql`create index judge_jobs_run_status_idx on judge_jobs (run_id, status, id)`.execute(db);
  await db.schema
    .createTable("judge_probe_runs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("config", "jsonb", (c) => c.notNull())
    .addColumn("config_hash", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("running").check(sql`status in ('running', 'done', 'failed')`))
    .addColumn("n", "integer")
    .addColumn("flipped", "integer")
    .addColumn("flip_rate", "double precision")
    .addColumn("report", "jsonb")
    .addColumn("message", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("judge_probe_runs").ifExists().execute();
  await sql`drop index if exists judge_jobs_run_status_idx`.execute(db);
  await db.schema.alterTable("judge_jobs").dropColumn("item_index").execute();
}
