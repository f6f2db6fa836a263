/**
 * The annotator queue's claim: one round trip to the PL/pgSQL function `arbiter_claim_task`
 * (migration 0006, replaced by 0008; a function so its plans are cached per connection) that renews the annotator's
 * current lease if they hold one, or else leases the next task that keeps every rule:
 *
 *   - `FOR UPDATE SKIP LOCKED` on the task row: concurrent annotators never wait on each other
 *     and never get the same row;
 *   - a lease with an expiry (ARBITER_LEASE_SECONDS, default 600); an expired lease is claimable
 *     again, so abandoned tasks return to the pool without a sweeper;
 *   - never a comparison this annotator judged, skipped or flagged (judgments are also unique on
 *     (comparison_id, annotator_id));
 *   - never more than k judgments per comparison: a comparison has exactly k task rows;
 *   - position balance (rule 3, big stick): the side first (`wantedSide`: the annotator's seeded
 *     coin, forced back at an imbalance of 3), then a row of that side (`sideForWant`);
 *   - each annotator's own order: among the first 32 rows they may take, a per-annotator hash picks;
 *   - an eval assigned to some annotators serves only them (eval_assignments);
 *   - one lease per annotator per eval (unique partial index): two racing claims of the same
 *     annotator cannot both lease, the loser retries and gets the winner's lease.
 *
 * The flowchart is in docs/queue-policy.md.
 */
import { sql, type Kysely } from "kysely";
import { isUniqueViolation } from "./errors.ts";
import type { Database } from "./types.ts";

export const DEFAULT_LEASE_SECONDS = 600;

export function leaseSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.ARBITER_LEASE_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_LEASE_SECONDS;
}

/** What an annotator's browser may receive about a task: no system, comparison or case ids. */
export interface BlindTask {
  /** Opaque uuid. */
  task_id: string;
  eval_id: number;
  eval_name: string;
  criteria: string[];
  /** The prompt: plain text, or chat messages. */
  input: unknown;
  context: string | null;
  left: string;
  right: string;
  leased_until: string;
}

interface ClaimRow {
  id: string;
  candidate_left: boolean;
  leased_until: Date | string;
  eval_id: number;
  eval_name: string;
  criteria: string[] | string;
  input: unknown;
  context: string | null;
  text_a: string;
  text_b: string;
}

// jsonb comes back parsed from both pg and PGlite.
const parseJson = <T>(v: unknown): T => v as T;

function toBlind(r: ClaimRow): BlindTask {
  return {
    task_id: r.id,
    eval_id: r.eval_id,
    eval_name: r.eval_name,
    criteria: parseJson<string[]>(r.criteria),
    input: parseJson<unknown>(r.input),
    context: r.context,
    left: r.candidate_left ? r.text_a : r.text_b,
    right: r.candidate_left ? r.text_b : r.text_a,
    leased_until: new Date(r.leased_until).toISOString(),
  };
}

/** One attempt: one round trip to `arbiter_claim_task` (migration 0006). Null when nothing was leased or renewed. */
async function claimOnce(db: Kysely<Database>, evalId: number, annotatorId: number, ttlSeconds: number): Promise<BlindTask | null> {
  const res = await sql<ClaimRow>`select * from arbiter_claim_task(${evalId}::int, ${annotatorId}::int, ${ttlSeconds}::float8)`.execute(db);
  return res.rows[0] ? toBlind(res.rows[0]) : null;
}

/**
 * The annotator's next task in one eval (their current lease if they hold one), or null when no
 * task can be served to them now without breaking a rule. Retries only the rare races: the
 * annotator's own concurrent claim (the loser hits the one-lease index and then renews the winner's lease).
 */
export async function claimNextTask(
  db: Kysely<Database>,
  evalId: number,
  annotatorId: number,
  ttlSeconds: number = leaseSeconds(),
): Promise<BlindTask | null> {
  // Each statement in the function takes a fresh snapshot, so a lease of ours submitted while we
  // renewed it is seen as done and the pick runs after it: null really means nothing now.
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await claimOnce(db, evalId, annotatorId, ttlSeconds);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return null;
}

/** Evals with work for this annotator, oldest first; an eval where they hold a lease comes first. */
export async function evalsWithWork(db: Kysely<Database>, annotatorId: number): Promise<number[]> {
  const res = await sql<{ id: number; mine: boolean }>`
    select e.id,
      exists (select 1 from tasks t where t.eval_id = e.id and t.annotator_id = ${annotatorId} and t.status = 'leased') as mine
    from evals e
    where exists (select 1 from tasks t where t.eval_id = e.id and t.status <> 'done')
    order by mine desc, e.created_at, e.id`.execute(db);
  return res.rows.map((r) => r.id);
}

/** The next task across every eval with open work. */
export async function claimNextAnywhere(db: Kysely<Database>, annotatorId: number, ttlSeconds: number = leaseSeconds()): Promise<BlindTask | null> {
  for (const evalId of await evalsWithWork(db, annotatorId)) {
    const task = await claimNextTask(db, evalId, annotatorId, ttlSeconds);
    if (task) return task;
  }
  return null;
}

export interface QueueProgress {
  /** Judgments this annotator has recorded in the eval. */
  judged: number;
  /**
   * Comparisons that still need a judgment and that this annotator has not judged, skipped or
   * flagged; counted over the next PROGRESS_WINDOW open tasks in queue order, so when `more` is
   * true there are at least this many.
   */
  remaining: number;
  more: boolean;
}

// Counting every open task took 190 ms per annotator page view at 100,000 comparisons × k=3; a
// window in queue order is exact near the end, where the number matters, and bounded before it.
export const PROGRESS_WINDOW = 3000;

export async function queueProgress(db: Kysely<Database>, evalId: number, annotatorId: number): Promise<QueueProgress> {
  const res = await sql<{ judged: number | null; remaining: number; scanned: number }>`
    select
      (select left_count + right_count from annotator_sides where eval_id = ${evalId} and annotator_id = ${annotatorId}) as judged,
      count(distinct w.comparison_id) as remaining,
      count(*) as scanned
    from (
      select t.comparison_id from tasks t
      where t.eval_id = ${evalId} and t.status <> 'done'
        and t.queue_pos >= coalesce((select pos from queue_heads where eval_id = ${evalId}), -2147483648)
        and not exists (select 1 from judgments j where j.comparison_id = t.comparison_id and j.annotator_id = ${annotatorId})
        and not exists (select 1 from task_skips s where s.comparison_id = t.comparison_id and s.annotator_id = ${annotatorId})
      order by t.queue_pos
      limit ${PROGRESS_WINDOW}
    ) w`.execute(db);
  const r = res.rows[0];
  return { judged: Number(r.judged ?? 0), remaining: Number(r.remaining), more: Number(r.scanned) >= PROGRESS_WINDOW };
}
