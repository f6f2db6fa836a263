/**
 * Pack versions. Before the eval's first result a save replaces the current version in place; once
 * locked (first judgment, verdict or report: DESIGN rule 1), a save creates the next version and the
 * audit log records it, so the report can say its gates changed after results were seen.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Pack } from "../app/schemas/pack.ts";
import { recordAudit } from "./audit.ts";
import type { Database } from "./types.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface PackVersion {
  id: number;
  version: number;
  body: Pack;
  content_hash: string;
  locked_at: Date | null;
  created_at: Date;
}

export function packHash(pack: Pack): string {
  return createHash("sha256").update(JSON.stringify(pack)).digest("hex");
}

export async function currentPack(db: Db, evalId: number): Promise<PackVersion | undefined> {
  const row = await db
    .selectFrom("pack_versions")
    .select(["id", "version", "body", "content_hash", "locked_at", "created_at"])
    .where("eval_id", "=", evalId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { ...row, body: row.body as Pack } : undefined;
}

export async function listPackVersions(db: Db, evalId: number): Promise<PackVersion[]> {
  const rows = await db
    .selectFrom("pack_versions")
    .select(["id", "version", "body", "content_hash", "locked_at", "created_at"])
    .where("eval_id", "=", evalId)
    .orderBy("version", "desc")
    .execute();
  return rows.map((r) => ({ ...r, body: r.body as Pack }));
}

export async function savePack(
  db: Kysely<Database>,
  evalId: number,
  pack: Pack,
  options: { actorId: number | null; format: "json" | "yaml" },
): Promise<{ version: number; created: boolean; unchanged: boolean }> {
  return db.transaction().execute(async (trx) => {
    // Serialise saves of one eval's pack so two editors cannot both create "version n+1".
    await sql`select id from evals where id = ${evalId} for update`.execute(trx);
    const current = await currentPack(trx, evalId);
    const hash = packHash(pack);
    if (current && current.content_hash === hash) return { version: current.version, created: false, unchanged: true };
    if (current && !current.locked_at) {
      await trx
        .updateTable("pack_versions")
        .set({ body: JSON.stringify(pack), content_hash: hash, source_format: options.format, created_by: options.actorId })
        .where("id", "=", current.id)
        .execute();
      await recordAudit(trx, { actorId: options.actorId, action: "pack.edit", entity: "eval", entityId: evalId, detail: { version: current.version, hash } });
      return { version: current.version, created: false, unchanged: false };
    }
    const version = (current?.version ?? 0) + 1;
    await trx
      .insertInto("pack_versions")
      .values({ eval_id: evalId, version, body: JSON.stringify(pack), content_hash: hash, source_format: options.format, created_by: options.actorId, locked_at: null })
      .execute();
    await recordAudit(trx, {
      actorId: options.actorId,
      action: current ? "pack.new_version_after_lock" : "pack.create",
      entity: "eval",
      entityId: evalId,
      detail: { version, hash, previous: current?.version ?? null },
    });
    return { version, created: true, unchanged: false };
  });
}

/** Called wherever a result is recorded; locking twice is a no-op. */
export async function lockPack(db: Db, evalId: number, reason: string): Promise<void> {
  const locked = await db
    .updateTable("pack_versions")
    .set({ locked_at: sql`now()` })
    .where("eval_id", "=", evalId)
    .where("locked_at", "is", null)
    .where("version", "=", (eb) => eb.selectFrom("pack_versions").select((e) => e.fn.max("version").as("v")).where("eval_id", "=", evalId))
    .returning(["version"])
    .execute();
  if (locked.length) {
    await recordAudit(db, { actorId: null, action: "pack.lock", entity: "eval", entityId: evalId, detail: { version: locked[0].version, reason } });
  }
}
