import type { Kysely, Transaction } from "kysely";
import type { Database } from "./types.ts";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  detail?: Record<string, unknown>;
}

/** Appends to audit_log; the table itself refuses updates and deletes. */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
