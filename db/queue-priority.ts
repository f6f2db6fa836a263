/**
 * Slice-first serving in the database (issue 17 item 4): reorder the unfinished tasks so that the
 * comparisons of the slices whose gates need data come first, and record each change.
 *
 * A reorder gives every unfinished task a new position above the eval's current maximum, sorted by
 * (served first, seeded position). Three properties follow, and the claim relies on them:
 *   - the queue head (lowest unfinished position, docs/queue-policy.md) never goes down, since every
 *     unfinished task moves up;
 *   - a comparison's k task rows stay together and in their seeded order;
 *   - cases treated alike by every allocation keep their seeded relative order, so within each
 *     stratum the human-judged comparisons stay a uniform random subset (app/core/report/strata.ts).
 * Leases are untouched: a task being judged keeps its lease and its side.
 */
import { sql, type Kysely } from "kysely";
import { recordAudit } from "./audit.ts";
import type { AllocationFraction, AllocationSlice, Database } from "./types.ts";

export interface AllocationPlan {
  enabled: boolean;
  slices: AllocationSlice[];
  /** Sorted case ids to serve first; empty for the seeded order. */
  caseIds: number[];
  fractions: AllocationFraction[];
  reason: string;
}

export interface AllocationRow {
  id: number;
  created_at: Date;
  actor_id: number | null;
  enabled: boolean;
  slices: AllocationSlice[];
  case_ids: number[];
  tasks_moved: number;
  fractions: AllocationFraction[];
  reason: string;
}

const parse = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

function rowOf(r: Record<string, unknown>): AllocationRow {
  return {
    id: Number(r.id),
    created_at: new Date(r.created_at as string),
    actor_id: r.actor_id === null ? null : Number(r.actor_id),
    enabled: Boolean(r.enabled),
    slices: parse<AllocationSlice[]>(r.slices),
    case_ids: parse<number[]>(r.case_ids),
    tasks_moved: Number(r.tasks_moved),
    fractions: parse<AllocationFraction[]>(r.fractions),
    reason: String(r.reason),
  };
}

export async function listAllocations(db: Kysely<Database>, evalId: number): Promise<AllocationRow[]> {
  const rows = await db.selectFrom("queue_allocations").selectAll().where("eval_id", "=", evalId).orderBy("id", "desc").execute();
  return rows.map((r) => rowOf(r as unknown as Record<string, unknown>));
}

export async function queuePriorityEnabled(db: Kysely<Database>, evalId: number): Promise<boolean> {
  const r = await db.selectFrom("evals").select("queue_priority").where("id", "=", evalId).executeTakeFirst();
  return Boolean(r?.queue_priority);
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Applies the plan unless the queue already follows it (same served-first cases and setting).
 * Returns the recorded allocation, or null when nothing changed. Serialised per eval (row lock on
 * the eval), so two report computations cannot interleave their reorders.
 */
export async function applyAllocation(db: Kysely<Database>, evalId: number, plan: AllocationPlan, actorId: number | null): Promise<AllocationRow | null> {
  return db.transaction().execute(async (trx) => {
    await sql`select id from evals where id = ${evalId} for update`.execute(trx);
    const last = await trx.selectFrom("queue_allocations").selectAll().where("eval_id", "=", evalId).orderBy("id", "desc").limit(1).executeTakeFirst();
    const prev = last ? rowOf(last as unknown as Record<string, unknown>) : null;
    const prevIds = prev ? prev.case_ids : [];
    const prevEnabled = prev ? prev.enabled : true;
    if (sameIds(prevIds, plan.caseIds) && prevEnabled === plan.enabled) return null;
    const moved = await sql`
      with m as (select coalesce(max(queue_pos), 0) as m from tasks where eval_id = ${evalId}),
      r as (
        select t.id, (c.case_id = any(${plan.caseIds}::int[])) as first, row_number() over (
          order by (c.case_id = any(${plan.caseIds}::int[])) desc, coalesce(t.seed_pos, t.queue_pos), t.slot, t.id) as r
        from tasks t join comparisons c on c.id = t.comparison_id
        where t.eval_id = ${evalId} and t.status <> 'done'
      )
      update tasks t set queue_pos = (m.m + r.r)::int, band = case when r.first or ${plan.caseIds.length === 0} then 0 else 1 end
      from r, m where t.id = r.id`.execute(trx);
    const tasksMoved = Number(moved.numAffectedRows ?? 0);
    const inserted = await trx
      .insertInto("queue_allocations")
      .values({
        eval_id: evalId,
        actor_id: actorId,
        enabled: plan.enabled,
        slices: JSON.stringify(plan.slices),
        case_ids: JSON.stringify(plan.caseIds),
        tasks_moved: tasksMoved,
        fractions: JSON.stringify(plan.fractions),
        reason: plan.reason,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId,
      action: "human.allocation",
      entity: "eval",
      entityId: evalId,
      detail: { enabled: plan.enabled, gates: plan.slices.map((s) => s.gate), cases_first: plan.caseIds.length, tasks_moved: tasksMoved, reason: plan.reason },
    });
    return rowOf(inserted as unknown as Record<string, unknown>);
  });
}

export async function setQueuePriority(db: Kysely<Database>, evalId: number, enabled: boolean): Promise<void> {
  await db.updateTable("evals").set({ queue_priority: enabled }).where("id", "=", evalId).execute();
}
