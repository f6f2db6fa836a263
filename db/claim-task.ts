/**
 * The annotator queue's claim: one SQL statement (one round trip) that renews the annotator's
 * current lease if they hold one, or else leases the next task that keeps every rule:
 *
 *   - `FOR UPDATE SKIP LOCKED` on the task row: concurrent annotators never wait on each other
 *     and never get the same row;
 *   - a lease with an expiry (ARBITER_LEASE_SECONDS, default 600); an expired lease is claimable
 *     again, so abandoned tasks return to the pool without a sweeper;
 *   - never a comparison this annotator judged, skipped or flagged (judgments are also unique on
 *     (comparison_id, annotator_id));
 *   - never more than k judgments per comparison: a comparison has exactly k task rows;
 *   - position balance (rule 3), see app/core/position-balance.ts `sideForClaim`;
 *   - one lease per annotator per eval (unique partial index): two racing claims of the same
 *     annotator cannot both lease, the loser retries and gets the winner's lease.
 *
 * The flowchart is in docs/queue-policy.md.
 */
import { sql, type Kysely } from "kysely";
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

/** One attempt: the single statement. Returns null when nothing was leased or renewed. */
async function claimOnce(db: Kysely<Database>, evalId: number, annotatorId: number, ttlSeconds: number): Promise<BlindTask | null> {
  const res = await sql<ClaimRow>`
    with me as (
      select count(*) filter (where candidate_left) as l, count(*) filter (where not candidate_left) as r
      from judgments where eval_id = ${evalId} and annotator_id = ${annotatorId}
    ),
    held as (
      select id from tasks where eval_id = ${evalId} and annotator_id = ${annotatorId} and status = 'leased'
    ),
    renewed as (
      update tasks set leased_until = now() + make_interval(secs => ${ttlSeconds})
      where id in (select id from held) and annotator_id = ${annotatorId} and status = 'leased'
      returning id, comparison_id, candidate_left, leased_until
    ),
    pick as (
      select t.id, t.side_fixed, t.candidate_left, t.preferred_left
      from tasks t
      where t.eval_id = ${evalId}
        and t.status <> 'done'
        and (t.status = 'open' or t.leased_until < now())
        and not exists (select 1 from held)
        and (not t.side_fixed
             or (select l from me) = (select r from me)
             or t.candidate_left = ((select l from me) < (select r from me)))
        and not exists (select 1 from judgments j where j.comparison_id = t.comparison_id and j.annotator_id = ${annotatorId})
        and not exists (select 1 from task_skips s where s.comparison_id = t.comparison_id and s.annotator_id = ${annotatorId})
      order by t.queue_pos
      limit 1
      for update of t skip locked
    ),
    claimed as (
      update tasks t set
        status = 'leased',
        annotator_id = ${annotatorId},
        lease_token = gen_random_uuid(),
        leased_at = now(),
        leased_until = now() + make_interval(secs => ${ttlSeconds}),
        candidate_left = case
          when pick.side_fixed then pick.candidate_left
          when me.l < me.r then true
          when me.l > me.r then false
          else coalesce(pick.preferred_left, pick.candidate_left) end
      from pick, me
      where t.id = pick.id
      returning t.id, t.comparison_id, t.candidate_left, t.leased_until
    ),
    got as (select * from renewed union all select * from claimed)
    select got.id, got.candidate_left, got.leased_until, e.id as eval_id, e.name as eval_name, e.criteria,
           cs.input, cs.context, coalesce(oa.text, '') as text_a, coalesce(ob.text, '') as text_b
    from got
    join comparisons cmp on cmp.id = got.comparison_id
    join evals e on e.id = cmp.eval_id
    join cases cs on cs.id = cmp.case_id
    left join outputs oa on oa.case_id = cmp.case_id and oa.system_id = cmp.system_a_id
    left join outputs ob on ob.case_id = cmp.case_id and ob.system_id = cmp.system_b_id
    limit 1`.execute(db);
  return res.rows[0] ? toBlind(res.rows[0]) : null;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === "23505" || /duplicate key|unique constraint/i.test(String((err as Error)?.message));
}

/**
 * The annotator's next task in one eval (their current lease if they hold one), or null when no
 * task can be served to them now without breaking a rule. Retries only the rare races: the
 * annotator's own concurrent claim, or a lease that was submitted while being renewed.
 */
export async function claimNextTask(
  db: Kysely<Database>,
  evalId: number,
  annotatorId: number,
  ttlSeconds: number = leaseSeconds(),
): Promise<BlindTask | null> {
  for (let attempt = 0; attempt < 4; attempt++) {
    let task: BlindTask | null;
    try {
      task = await claimOnce(db, evalId, annotatorId, ttlSeconds);
    } catch (err) {
      if (isUniqueViolation(err)) continue;
      throw err;
    }
    if (task) return task;
    // Nothing renewed and nothing picked: the queue has nothing for us, or our own lease was
    // submitted between this statement's snapshot and its update. One fresh look settles it.
    if (attempt >= 1) return null;
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
  /** Comparisons that still need a judgment and that this annotator has not judged, skipped or flagged. */
  remaining: number;
}

export async function queueProgress(db: Kysely<Database>, evalId: number, annotatorId: number): Promise<QueueProgress> {
  const res = await sql<{ judged: number; remaining: number }>`
    select
      (select count(*) from judgments where eval_id = ${evalId} and annotator_id = ${annotatorId}) as judged,
      (select count(distinct t.comparison_id) from tasks t
        where t.eval_id = ${evalId} and t.status <> 'done'
          and not exists (select 1 from judgments j where j.comparison_id = t.comparison_id and j.annotator_id = ${annotatorId})
          and not exists (select 1 from task_skips s where s.comparison_id = t.comparison_id and s.annotator_id = ${annotatorId})
      ) as remaining`.execute(db);
  const r = res.rows[0];
  return { judged: Number(r.judged), remaining: Number(r.remaining) };
}
