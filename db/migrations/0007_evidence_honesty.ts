import { sql, type Kysely } from "kysely";

/**
 * Evidence you can stake a launch on (issue 13):
 * - signoffs record what the owner confirmed beyond the decision itself: an override (GO against a
 *   report that says NO-GO or INSUFFICIENT) with its own reason, and a sign-off of a snapshot that
 *   was no longer current when it was signed (the evidence had changed), with its reason. The
 *   report's decision at signing is copied so exports and the gate API need no join to say which
 *   sign-offs went against the report. Existing rows get false: they were neither.
 * - judge_runs may end `failed` (every job failed) or `partial` (some did): a run of failures is
 *   not "done".
 * - arbiter_trim(text): leading and trailing whitespace removed with the same characters as
 *   JavaScript's String.prototype.trim, so "identical outputs" (byte-identical after trimming)
 *   means the same in SQL (judge job creation, the human tab) as in app/core/report/identical.ts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("signoffs")
    .addColumn("override", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("override_reason", "text")
    .addColumn("older_snapshot", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("older_reason", "text")
    .addColumn("report_decision", "text")
    .execute();
  await sql`alter table judge_runs drop constraint if exists judge_runs_status_check`.execute(db);
  await sql`alter table judge_runs add constraint judge_runs_status_check check (status in ('running', 'done', 'stopped', 'failed', 'partial'))`.execute(db);
  // ECMAScript WhiteSpace and LineTerminator code points (String.prototype.trim); \\uXXXX reaches
  // Postgres's regex engine as the escape \uXXXX.
  await sql`
    create or replace function arbiter_trim(t text) returns text language sql immutable strict parallel safe as $fn$
      select regexp_replace(t, '^[\\u0009\\u000A\\u000B\\u000C\\u000D\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+|[\\u0009\\u000A\\u000B\\u000C\\u000D\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+$', '', 'g')
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists arbiter_trim(text)`.execute(db);
  await sql`alter table judge_runs drop constraint if exists judge_runs_status_check`.execute(db);
  await sql`alter table judge_runs add constraint judge_runs_status_check check (status in ('running', 'done', 'stopped'))`.execute(db);
  for (const c of ["report_decision", "older_reason", "older_snapshot", "override_reason", "override"]) {
    await db.schema.alterTable("signoffs").dropColumn(c).execute();
  }
}
