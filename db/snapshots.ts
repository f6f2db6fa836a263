/** An eval's report snapshots, newest first, without their bodies (a body can be large at 100,000 cases). */
import type { Kysely } from "kysely";
import type { Database } from "./types.ts";

export async function listSnapshots(db: Kysely<Database>, evalId: number) {
  return db
    .selectFrom("reports as r")
    .leftJoin("users as u", "u.id", "r.created_by")
    .select(["r.id", "r.created_at", "r.decision", "r.pack_version", "r.content_hash", "u.name as created_by"])
    .where("r.eval_id", "=", evalId)
    .orderBy("r.id", "desc")
    .execute();
}
