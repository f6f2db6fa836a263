/**
 * Account administration: active or not, role, password. Whether a user must choose a new password
 * is read from the audit log (no column): the newest password event is a creation or a reset by
 * someone else, and no change by the user came after.
 */
import { sql, type Kysely } from "kysely";
import type { Database, Role } from "./types.ts";

export async function getAccount(db: Kysely<Database>, id: number) {
  return db.selectFrom("users").select(["id", "email", "name", "role", "disabled_at", "password_hash"]).where("id", "=", id).executeTakeFirst();
}

export async function setDisabled(db: Kysely<Database>, id: number, disabled: boolean): Promise<void> {
  await db.updateTable("users").set({ disabled_at: disabled ? sql`now()` : null }).where("id", "=", id).execute();
  // A deactivated account's sessions end now (the session cache forgets within seconds).
  if (disabled) await db.deleteFrom("sessions").where("user_id", "=", id).execute();
}

export async function setRole(db: Kysely<Database>, id: number, role: Role): Promise<void> {
  await db.updateTable("users").set({ role }).where("id", "=", id).execute();
}

export async function setPasswordHash(db: Kysely<Database>, id: number, hash: string, endSessions: boolean): Promise<void> {
  await db.updateTable("users").set({ password_hash: hash }).where("id", "=", id).execute();
  if (endSessions) await db.deleteFrom("sessions").where("user_id", "=", id).execute();
}

export const PASSWORD_SET_BY_OTHER = ["user.create", "user.password_reset"];

export async function mustChangePassword(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await sql<{ action: string }>`
    select action from audit_log
    where entity = 'user' and entity_id = ${String(id)} and action in ('user.create', 'user.password_reset', 'user.password_change')
    order by id desc limit 1`.execute(db);
  return r.rows.length > 0 && PASSWORD_SET_BY_OTHER.includes(r.rows[0].action);
}
