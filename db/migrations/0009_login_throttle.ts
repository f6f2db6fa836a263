import { sql, type Kysely } from "kysely";

/**
 * Sign-in throttling (issue 14 item 5), in the database so every server behind a load balancer
 * sees the same counts. One row per throttled key: "account:<email as typed, lower-cased>" (whether
 * or not the account exists, so the answer says nothing about which emails are real) and
 * "address:<client address>". failures counts within the window that began at window_start;
 * locked_until is set once failures reach the limit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("window_start", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("locked_until", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_throttle").execute();
}
