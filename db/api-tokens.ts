/**
 * Per-user API tokens for pipelines. Only the sha256 of a token is stored: the plain token is shown
 * once, at creation. A revoked token, or one of a disabled account, is refused.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { recordAudit } from "./audit.ts";
import type { Database, Role } from "./types.ts";

export const TOKEN_PREFIX = "arb_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(db: Kysely<Database>, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  const row = await db.insertInto("api_tokens").values({ user_id: userId, name, token_hash: hashToken(token) }).returning("id").executeTakeFirstOrThrow();
  await recordAudit(db, { actorId: userId, action: "api_token.create", entity: "api_token", entityId: row.id, detail: { name } });
  return { id: row.id, token };
}

export interface ApiTokenRow {
  id: number;
  name: string;
  user_id: number;
  user_name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** An owner sees every token; a lead sees their own. */
export async function listApiTokens(db: Kysely<Database>, viewer: { id: number; role: Role }): Promise<ApiTokenRow[]> {
  let q = db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "t.name", "t.user_id", "u.name as user_name", "t.created_at", "t.last_used_at", "t.revoked_at"])
    .orderBy("t.id", "desc");
  if (viewer.role !== "owner") q = q.where("t.user_id", "=", viewer.id);
  return q.execute();
}

export async function revokeApiToken(db: Kysely<Database>, viewer: { id: number; role: Role }, tokenId: number): Promise<boolean> {
  let q = db.updateTable("api_tokens").set({ revoked_at: sql`now()` }).where("id", "=", tokenId).where("revoked_at", "is", null);
  if (viewer.role !== "owner") q = q.where("user_id", "=", viewer.id);
  const r = await q.executeTakeFirst();
  const done = Number(r.numUpdatedRows) > 0;
  if (done) await recordAudit(db, { actorId: viewer.id, action: "api_token.revoke", entity: "api_token", entityId: tokenId, detail: {} });
  return done;
}

export async function verifyApiToken(db: Kysely<Database>, token: string): Promise<{ id: number; name: string; role: Role } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id as token_id", "u.id", "u.name", "u.role"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.revoked_at", "is", null)
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  await db.updateTable("api_tokens").set({ last_used_at: sql`now()` }).where("id", "=", row.token_id).execute();
  return { id: row.id, name: row.name, role: row.role };
}
