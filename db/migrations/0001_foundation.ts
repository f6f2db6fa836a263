import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema at their point in history, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('annotator', 'lead', 'owner')`))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("evals")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("overlap_k", "integer", (c) => c.notNull().defaultTo(3).check(sql`overlap_k between 1 and 50`))
    .addColumn("seed", "integer", (c) => c.notNull())
    .addColumn("criteria", "jsonb", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("systems")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('candidate', 'baseline', 'other')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("systems_eval_name_uq", ["eval_id", "name"])
    .execute();
  // One candidate per eval: the question an eval asks is about exactly one model.
  await sql`create unique index systems_one_candidate on systems (eval_id) where role = 'candidate'`.execute(db);

  await db.schema
    .createTable("cases")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("input", "jsonb", (c) => c.notNull())
    .addColumn("context", "text")
    .addColumn("reference", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("suite", "text", (c) => c.notNull())
    .addColumn("shape", "text", (c) => c.notNull())
    .addColumn("tags", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("assertions", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("cases_eval_external_uq", ["eval_id", "external_id"])
    .execute();

  await db.schema
    .createTable("outputs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("case_id", "integer", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("system_id", "integer", (c) => c.notNull().references("systems.id").onDelete("cascade"))
    .addColumn("text", "text")
    .addColumn("latency_ms", "double precision")
    .addColumn("prompt_tokens", "integer")
    .addColumn("completion_tokens", "integer")
    .addColumn("logprobs", "jsonb")
    .addColumn("error", "text")
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('import', 'generate', 'demo')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("outputs_case_system_uq", ["case_id", "system_id"])
    .execute();
  await db.schema.createIndex("outputs_system_idx").on("outputs").column("system_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();

  // Append-only tables refuse change at the database, so no code path can rewrite history.
  await sql`
    create function arbiter_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
    end $$`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function arbiter_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["audit_log", "outputs", "cases", "systems", "evals", "sessions", "users"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists arbiter_refuse_change()`.execute(db);
}
