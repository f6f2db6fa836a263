import { sql, type Kysely } from "kysely";

/**
 * The evidence explorer (issue 15 item 1).
 *
 * explore_rows: one row per case with what the filters ask (assertion verdicts, human and judge
 * outcomes, identical, missing, flagged, excluded) and the case's labels, so a filtered page is one
 * index range scan of a narrow table instead of re-deriving the outcomes of 100,000 cases. It is a
 * cache of the evidence, rebuilt per case by db/explore.ts when the eval's watermarks (kept in
 * explore_state) move; never a source of truth.
 * explore_search: the case's searchable text as a tsvector (GIN), apart so the row scan stays narrow.
 * flag_resolutions: what a lead did about a case's annotator flags (fixed, excluded, dismissed); a
 * flag is open while its task_skips id is above the case's latest resolution's covers_skip_id.
 * case_exclusions: cases a lead excluded from the report, with why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("explore_rows")
    .addColumn("case_id", "integer", (c) => c.primaryKey().references("cases.id").onDelete("cascade"))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("shape", "text", (c) => c.notNull())
    .addColumn("tags", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("cand_assert", "text", (c) => c.notNull())
    .addColumn("base_assert", "text", (c) => c.notNull())
    .addColumn("human", "text", (c) => c.notNull())
    .addColumn("judge", "text", (c) => c.notNull())
    .addColumn("disagree", "boolean", (c) => c.notNull())
    .addColumn("identical", "boolean", (c) => c.notNull())
    .addColumn("missing", "boolean", (c) => c.notNull())
    .addColumn("flagged", "boolean", (c) => c.notNull())
    .addColumn("excluded", "boolean", (c) => c.notNull())
    .execute();
  await sql`create index explore_rows_eval_case on explore_rows (eval_id, case_id)`.execute(db);
  await sql`create index explore_rows_tags on explore_rows using gin (tags jsonb_path_ops)`.execute(db);
  await db.schema
    .createTable("explore_search")
    .addColumn("case_id", "integer", (c) => c.primaryKey().references("cases.id").onDelete("cascade"))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("doc", sql`tsvector`, (c) => c.notNull())
    .execute();
  await sql`create index explore_search_doc on explore_search using gin (doc)`.execute(db);
  await db.schema
    .createTable("explore_state")
    .addColumn("eval_id", "integer", (c) => c.primaryKey().references("evals.id").onDelete("cascade"))
    .addColumn("marks", "jsonb", (c) => c.notNull())
    .addColumn("built_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("flag_resolutions")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('fixed', 'excluded', 'dismissed')`))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("covers_skip_id", "integer", (c) => c.notNull())
    .addColumn("resolved_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolved_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index flag_resolutions_case on flag_resolutions (case_id, id)`.execute(db);
  await db.schema
    .createTable("case_exclusions")
    .addColumn("case_id", "integer", (c) => c.primaryKey().references("cases.id").onDelete("cascade"))
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("excluded_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("excluded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index case_exclusions_eval on case_exclusions (eval_id)`.execute(db);
  // A page shows every judgment and verdict of its cases; without these each lookup scanned the eval's.
  await sql`create index if not exists judgments_comparison_idx on judgments (comparison_id)`.execute(db);
  await sql`create index if not exists verdicts_case_idx on verdicts (case_id)`.execute(db);
  await sql`create index if not exists comparisons_case_idx on comparisons (case_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["case_exclusions", "flag_resolutions", "explore_state", "explore_search", "explore_rows"]) await db.schema.dropTable(t).ifExists().execute();
}
