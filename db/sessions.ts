import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, User } from "./types.ts";

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a session and returns the secret token for the cookie; only its hash is stored. */
export async function createSession(db: Kysely<Database>, userId: number, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.insertInto("sessions").values({ id: hashToken(token), user_id: userId, expires_at: expiresAt }).execute();
  // Expired rows are useless; clearing them here keeps the table small without a cron job.
  await db.deleteFrom("sessions").where("expires_at", "<", new Date(Date.now() - 24 * 3600_000)).execute();
  return { token, expiresAt };
}

export type SessionLookup = { status: "valid"; user: SessionUser; expiresAt: Date } | { status: "expired" } | { status: "none" };

export function lookupSession(db: Kysely<Database>, token: string): Promise<SessionLookup> {
  return lookupSessionByHash(db, hashToken(token));
}

export async function lookupSessionByHash(db: Kysely<Database>, tokenHash: string): Promise<SessionLookup> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.disabled_at", "sessions.expires_at"])
    .where("sessions.id", "=", tokenHash)
    .executeTakeFirst();
  if (!row || row.disabled_at) return { status: "none" };
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= Date.now()) return { status: "expired" };
  return { status: "valid", user: { id: row.id, email: row.email, name: row.name, role: row.role }, expiresAt };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", hashToken(token)).execute();
}
