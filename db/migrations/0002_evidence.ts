import { sql, type Kysely } from "kysely";

/**
 * The evidence: eval packs, generation runs, comparisons and blinded tasks, human judgments, judge
 * runs and verdicts, reports, sign-offs and API tokens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A content hash per row tells an unchanged re-import from one that would rewrite judged data.
  await db.schema.alterTable("cases").addColumn("content_hash", "text").execute();
  await db.schema.alterTable("outputs").addColumn("content_hash", "text").execute();

  await db.schema
    .createTable("pack_versions")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("body", "jsonb", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("source_format", "text", (c) => c.notNull().defaultTo("json"))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("locked_at", "timestamptz")
    .addUniqueConstraint("pack_versions_eval_version_uq", ["eval_id", "version"])
    .execute();

  await db.schema
    .createTable("generation_runs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("system_id", "integer", (c) => c.notNull().references("systems.id").onDelete("cascade"))
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("base_url", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("errors", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("message", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("comparisons")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    // system_a is the candidate side (or the first system of a non-candidate pair).
    .addColumn("system_a_id", "integer", (c) => c.notNull().references("systems.id").onDelete("cascade"))
    .addColumn("system_b_id", "integer", (c) => c.notNull().references("systems.id").onDelete("cascade"))
    .addColumn("target_k", "integer", (c) => c.notNull())
    .addColumn("gold_answer", "text", (c) => c.check(sql`gold_answer in ('a', 'b', 'tie')`))
    .addColumn("adjudicated", "text", (c) => c.check(sql`adjudicated in ('a', 'b', 'tie', 'both_bad')`))
    .addColumn("adjudicated_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("comparisons_case_pair_uq", ["case_id", "system_a_id", "system_b_id"])
    .execute();
  await db.schema.createIndex("comparisons_eval_idx").on("comparisons").column("eval_id").execute();

  await db.schema
    .createTable("tasks")
    // Opaque, random ids: nothing in a task id maps to a system or an order.
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("comparison_id", "integer", (c) => c.notNull().references("comparisons.id").onDelete("cascade"))
    .addColumn("slot", "integer", (c) => c.notNull())
    .addColumn("candidate_left", "boolean", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open', 'leased', 'done')`))
    .addColumn("annotator_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("lease_token", "uuid")
    .addColumn("leased_until", "timestamptz")
    .addColumn("leased_at", "timestamptz")
    .addColumn("completed_at", "timestamptz")
    .addUniqueConstraint("tasks_comparison_slot_uq", ["comparison_id", "slot"])
    .execute();
  await sql`create index tasks_claim_idx on tasks (eval_id, status, leased_until)`.execute(db);
  await db.schema.createIndex("tasks_comparison_idx").on("tasks").column("comparison_id").execute();

  await db.schema
    .createTable("judgments")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("task_id", "uuid", (c) => c.notNull().unique().references("tasks.id").onDelete("cascade"))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("comparison_id", "integer", (c) => c.notNull().references("comparisons.id").onDelete("cascade"))
    .addColumn("annotator_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("choice", "text", (c) => c.notNull().check(sql`choice in ('left', 'right', 'tie', 'both_bad')`))
    // The choice mapped back to systems: a = system_a (candidate side), b = system_b.
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('a', 'b', 'tie', 'both_bad')`))
    .addColumn("candidate_left", "boolean", (c) => c.notNull())
    .addColumn("ratings", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("reason", "text")
    .addColumn("time_ms", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // An annotator never judges the same comparison twice.
    .addUniqueConstraint("judgments_comparison_annotator_uq", ["comparison_id", "annotator_id"])
    .execute();
  await db.schema.createIndex("judgments_eval_idx").on("judgments").column("eval_id").execute();

  await db.schema
    .createTable("task_skips")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("comparison_id", "integer", (c) => c.notNull().references("comparisons.id").onDelete("cascade"))
    .addColumn("annotator_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('skip', 'flag')`))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("task_skips_uq", ["comparison_id", "annotator_id"])
    .execute();

  await db.schema
    .createTable("judge_runs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("protocol", "text", (c) => c.notNull().check(sql`protocol in ('pairwise', 'faithfulness', 'rubric')`))
    .addColumn("config", "jsonb", (c) => c.notNull())
    .addColumn("config_hash", "text", (c) => c.notNull())
    .addColumn("prompt_version", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("running").check(sql`status in ('running', 'done', 'stopped')`))
    .addColumn("budget_tokens", "integer")
    .addColumn("tokens_used", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cost_usd", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("calls", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cache_hits", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("judge_jobs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("run_id", "integer", (c) => c.notNull().references("judge_runs.id").onDelete("cascade"))
    .addColumn("comparison_id", "integer", (c) => c.references("comparisons.id").onDelete("cascade"))
    .addColumn("output_id", "integer", (c) => c.references("outputs.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status in ('queued', 'leased', 'done', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("worker", "text")
    .addColumn("leased_until", "timestamptz")
    .addColumn("failure_kind", "text", (c) =>
      c.check(sql`failure_kind in ('judge_unavailable', 'judge_malformed', 'judge_refused', 'budget_exhausted')`),
    )
    .addColumn("failure_detail", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index judge_jobs_claim_idx on judge_jobs (status, leased_until)`.execute(db);
  await db.schema.createIndex("judge_jobs_run_idx").on("judge_jobs").column("run_id").execute();

  await db.schema
    .createTable("verdicts")
    .addColumn("id", "serial", (c) => c.primaryKey())
    // One verdict per job, whatever a crashed worker retried.
    .addColumn("job_id", "integer", (c) => c.notNull().unique().references("judge_jobs.id").onDelete("cascade"))
    .addColumn("run_id", "integer", (c) => c.notNull().references("judge_runs.id").onDelete("cascade"))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("protocol", "text", (c) => c.notNull())
    .addColumn("comparison_id", "integer", (c) => c.references("comparisons.id").onDelete("cascade"))
    .addColumn("output_id", "integer", (c) => c.references("outputs.id").onDelete("cascade"))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("winner", "text", (c) => c.check(sql`winner in ('a', 'b', 'tie')`))
    .addColumn("margin", "double precision")
    .addColumn("position_consistent", "boolean")
    .addColumn("score", "double precision")
    .addColumn("passed", "boolean")
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("prompt_version", "text", (c) => c.notNull())
    .addColumn("config_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("verdicts_eval_idx").on("verdicts").columns(["eval_id", "protocol"]).execute();

  await db.schema
    .createTable("llm_cache")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("response", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("pack_version", "integer")
    .addColumn("seed", "integer", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('SHIP', 'NO_GO', 'INSUFFICIENT')`))
    .addColumn("body", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("reports_eval_hash_uq", ["eval_id", "content_hash"])
    .execute();

  await db.schema
    .createTable("signoffs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id"))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id"))
    .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('go', 'no_go')`))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    create trigger signoffs_append_only before update or delete on signoffs
    for each row execute function arbiter_refuse_change()`.execute(db);

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "api_tokens", "signoffs", "reports", "llm_cache", "verdicts", "judge_jobs", "judge_runs", "task_skips",
    "judgments", "tasks", "comparisons", "generation_runs", "pack_versions",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable("outputs").dropColumn("content_hash").execute();
  await db.schema.alterTable("cases").dropColumn("content_hash").execute();
}
