import { sql, type Kysely } from "kysely";

/**
 * Evidence brought in from other tools (issue 18 item 2):
 * - imports: one row per imported file (format, file name, who, when, what it held). Imported
 *   judgments and verdicts point at it, so every one says it was imported, by whom and when, and
 *   that Arbiter did not blind it.
 * - judgments.task_id is nullable: an imported human judgment has no Arbiter task. Its rater is a
 *   disabled account standing for the external rater
 *   (email NAME@imported.invalid, no usable password) (annotator_id stays set, so agreement, the
 *   side counts and the uniqueness of one vote per rater and comparison hold unchanged).
 * - judgments.turn / verdicts.turn: the turn a multi-turn vote is about (MT-bench), else null.
 * - verdicts.job_id is nullable: an imported verdict belongs to an imported judge run, no job.
 * - judge_runs.import_id: the import that created the run.
 * - outputs.turns: every assistant turn of a multi-turn output (text holds the last);
 *   outputs.metrics: per-sample metrics a harness computed (lm-evaluation-harness).
 * - import_mappings: a field mapping saved per eval and format, reused by the next import.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("imports")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("imported_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("summary", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("imports_eval_idx").on("imports").column("eval_id").execute();
  await db.schema
    .createTable("import_mappings")
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("mapping", "jsonb", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("import_mappings_pk", ["eval_id", "format"])
    .execute();
  await sql`alter table judgments alter column task_id drop not null`.execute(db);
  await sql`alter table judgments add column import_id integer references imports(id) on delete cascade`.execute(db);
  await sql`alter table judgments add column turn smallint`.execute(db);
  await sql`alter table judgments add constraint judgments_task_or_import check (task_id is not null or import_id is not null)`.execute(db);
  await sql`alter table verdicts alter column job_id drop not null`.execute(db);
  await sql`alter table verdicts add column import_id integer references imports(id) on delete cascade`.execute(db);
  await sql`alter table verdicts add column turn smallint`.execute(db);
  await sql`alter table verdicts add constraint verdicts_job_or_import check (job_id is not null or import_id is not null)`.execute(db);
  await sql`alter table judge_runs add column import_id integer references imports(id) on delete cascade`.execute(db);
  await sql`alter table outputs add column turns jsonb`.execute(db);
  await sql`alter table outputs add column metrics jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outputs drop column metrics`.execute(db);
  await sql`alter table outputs drop column turns`.execute(db);
  await sql`alter table judge_runs drop column import_id`.execute(db);
  await sql`alter table verdicts drop constraint verdicts_job_or_import`.execute(db);
  await sql`delete from verdicts where job_id is null`.execute(db);
  await sql`alter table verdicts drop column turn`.execute(db);
  await sql`alter table verdicts drop column import_id`.execute(db);
  await sql`alter table verdicts alter column job_id set not null`.execute(db);
  await sql`alter table judgments drop constraint judgments_task_or_import`.execute(db);
  await sql`delete from judgments where task_id is null`.execute(db);
  await sql`alter table judgments drop column turn`.execute(db);
  await sql`alter table judgments drop column import_id`.execute(db);
  await sql`alter table judgments alter column task_id set not null`.execute(db);
  await db.schema.dropTable("import_mappings").ifExists().execute();
  await db.schema.dropTable("imports").ifExists().execute();
}
