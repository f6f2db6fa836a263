/** Field mappings saved per eval and format: the next import of that format reuses the last one. */
import type { Kysely } from "kysely";
import type { Database } from "./types.ts";

export async function savedMapping(db: Kysely<Database>, evalId: number, format: string): Promise<Record<string, string> | null> {
  const row = await db.selectFrom("import_mappings").select("mapping").where("eval_id", "=", evalId).where("format", "=", format).executeTakeFirst();
  return row ? (row.mapping as Record<string, string>) : null;
}

export async function saveMapping(db: Kysely<Database>, evalId: number, format: string, mapping: Record<string, string>, actorId: number | null): Promise<void> {
  await db
    .insertInto("import_mappings")
    .values({ eval_id: evalId, format, mapping: JSON.stringify(mapping), updated_by: actorId })
    .onConflict((oc) => oc.columns(["eval_id", "format"]).doUpdateSet((eb) => ({ mapping: eb.ref("excluded.mapping"), updated_by: eb.ref("excluded.updated_by"), updated_at: new Date() })))
    .execute();
}
