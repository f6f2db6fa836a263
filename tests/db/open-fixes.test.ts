/**
 * openForJudging after another path created the comparisons (a judge run), the ANALYZE after opening,
 * and migration 0010 closing the tasks of identical comparisons opened before 0007.
 */
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimNextTask } from "../../db/claim-task.ts";
import { openForJudging } from "../../db/comparisons.ts";
import * as m0010 from "../../db/migrations/0010_close_identical_tasks.ts";
import type { Database } from "../../db/types.ts";
import { ensureJudgeComparisons } from "../../judges/runs.ts";
import { backends, type TestDb } from "../support/db.ts";
import { makeHumanFixture, type HumanFixture } from "./human-fixture.ts";

/** Makes case `ext`'s two outputs equal after trimming, as identical.ts defines it. */
async function makeIdentical(db: Kysely<Database>, f: HumanFixture, ext: string) {
  await sql`update outputs o set text = '  same answer\n' from cases c
    where c.id = o.case_id and c.eval_id = ${f.evalId} and c.external_id = ${ext} and o.system_id = ${f.candidateId}`.execute(db);
  await sql`update outputs o set text = 'same answer' from cases c
    where c.id = o.case_id and c.eval_id = ${f.evalId} and c.external_id = ${ext} and o.system_id = ${f.baselineId}`.execute(db);
}

/** An identical pair's comparison as evals opened before 0007 have it (nothing skipped it then). */
async function insertComparison(db: Kysely<Database>, f: HumanFixture, ext: string, k: number): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into comparisons (eval_id, case_id, system_a_id, system_b_id, target_k)
    select ${f.evalId}, c.id, ${f.candidateId}, ${f.baselineId}, ${k} from cases c where c.eval_id = ${f.evalId} and c.external_id = ${ext}
    returning id`.execute(db);
  return r.rows[0].id;
}

async function slotsPerComparison(db: Kysely<Database>, evalId: number) {
  const r = await sql<{ comparison_id: number; ext: string; target_k: number; left: number; right: number; free: number }>`
    select c.id as comparison_id, cs.external_id as ext, c.target_k,
      count(t.id) filter (where t.side_fixed and t.candidate_left)::int as left,
      count(t.id) filter (where t.side_fixed and not t.candidate_left)::int as right,
      count(t.id) filter (where not t.side_fixed)::int as free
    from comparisons c join cases cs on cs.id = c.case_id left join tasks t on t.comparison_id = c.id
    where c.eval_id = ${evalId} group by c.id, cs.external_id, c.target_k order by c.id`.execute(db);
  return r.rows;
}

describe.each(backends())("opening fixes on $name", (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("runs ANALYZE on tasks after opening, so the claim's plan sees the new rows", async () => {
    const f = await makeHumanFixture(t.db, { cases: 30, annotators: 1 });
    await openForJudging(t.db, f.evalId, { k: 3, actorId: f.leadId });
    const stats = await sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = 'tasks'`.execute(t.db);
    expect(stats.rows[0].n).toBeGreaterThan(0);
    if (t.kind === "postgres") {
      // last_analyze is set by a manual ANALYZE only (autovacuum's sets last_autoanalyze).
      const r = await sql<{ done: boolean }>`select last_analyze is not null as done from pg_stat_user_tables where relname = 'tasks'`.execute(t.db);
      expect(r.rows[0].done).toBe(true);
    }
  });

  it("creates the tasks of comparisons a judge run created first: k, position balance, identical pairs skipped", async () => {
    const f = await makeHumanFixture(t.db, { cases: 10, annotators: 1 });
    await makeIdentical(t.db, f, "c3");
    expect(await ensureJudgeComparisons(t.db, f.evalId)).toBe(9); // the judge skips c3 already
    await insertComparison(t.db, f, "c3", 3); // as an eval opened before 0007 has it
    const res = await openForJudging(t.db, f.evalId, { k: 4, actorId: f.leadId });
    expect(res).toMatchObject({ comparisons_created: 0, comparisons_existing: 9, identical: 1, tasks_created: 36, left_out: 0 });
    const rows = await slotsPerComparison(t.db, f.evalId);
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      if (r.ext === "c3") expect([r.left, r.right, r.free]).toEqual([0, 0, 0]);
      else expect([r.target_k, r.left, r.right, r.free]).toEqual([4, 2, 2, 0]);
    }
    // Opening again adds nothing.
    expect(await openForJudging(t.db, f.evalId, { k: 4, actorId: f.leadId })).toMatchObject({ tasks_created: 0 });
    // And the annotator is served one of them.
    const task = await claimNextTask(t.db, f.evalId, f.annotators[0]);
    expect(task).not.toBeNull();
  });

  it("gives tasks to existing comparisons of the seeded human subset only, as a fresh opening would choose", async () => {
    const judged = await makeHumanFixture(t.db, { cases: 12, annotators: 1 });
    const fresh = await makeHumanFixture(t.db, { cases: 12, annotators: 1 }); // same seed, same cases
    expect(await ensureJudgeComparisons(t.db, judged.evalId)).toBe(12);
    const a = await openForJudging(t.db, judged.evalId, { k: 3, caseLimit: 5, actorId: judged.leadId });
    const b = await openForJudging(t.db, fresh.evalId, { k: 3, caseLimit: 5, actorId: fresh.leadId });
    expect(a).toMatchObject({ comparisons_created: 0, comparisons_existing: 5, tasks_created: 15 });
    expect(b).toMatchObject({ comparisons_created: 5, tasks_created: 15 });
    const withTasks = (rows: Awaited<ReturnType<typeof slotsPerComparison>>) =>
      rows.filter((r) => r.left + r.right + r.free > 0).map((r) => r.ext).sort();
    const ra = await slotsPerComparison(t.db, judged.evalId);
    expect(ra).toHaveLength(12);
    expect(withTasks(ra)).toEqual(withTasks(await slotsPerComparison(t.db, fresh.evalId)));
    expect(withTasks(ra)).toHaveLength(5);
    // k odd: floor(k/2) fixed each side and one free slot.
    for (const r of ra) if (r.left + r.right + r.free > 0) expect([r.target_k, r.left, r.right, r.free]).toEqual([3, 1, 1, 1]);
  });

  it("migration 0010 closes the unfinished tasks of identical comparisons and leaves the rest", async () => {
    const f = await makeHumanFixture(t.db, { cases: 3, annotators: 1 });
    await makeIdentical(t.db, f, "c1");
    const same = await insertComparison(t.db, f, "c1", 3);
    const other = await insertComparison(t.db, f, "c2", 3);
    await sql`
      insert into tasks (eval_id, comparison_id, slot, candidate_left, status, annotator_id, leased_until, completed_at, queue_pos)
      values (${f.evalId}, ${same}, 0, true, 'open', null, null, null, 0),
             (${f.evalId}, ${same}, 1, false, 'leased', ${f.annotators[0]}, now() + interval '1 hour', null, 1),
             (${f.evalId}, ${same}, 2, true, 'done', ${f.annotators[0]}, null, '2020-01-01T00:00:00Z', 2),
             (${f.evalId}, ${other}, 0, true, 'open', null, null, null, 3)`.execute(t.db);
    await m0010.up(t.db);
    const r = await sql<{ comparison_id: number; slot: number; status: string; annotator_id: number | null; y: number | null }>`
      select comparison_id, slot, status, annotator_id, extract(year from completed_at)::int as y from tasks
      where eval_id = ${f.evalId} order by comparison_id, slot`.execute(t.db);
    expect(r.rows.map((x) => [x.comparison_id, x.slot, x.status])).toEqual([
      [same, 0, "done"],
      [same, 1, "done"],
      [same, 2, "done"],
      [other, 0, "open"],
    ]);
    expect(r.rows[1].annotator_id).toBeNull(); // the lease is gone
    expect(r.rows[2]).toMatchObject({ annotator_id: f.annotators[0], y: 2020 }); // finished work untouched
    // The queue serves the other comparison only.
    const task = await claimNextTask(t.db, f.evalId, f.annotators[1] ?? f.annotators[0]);
    expect(task).not.toBeNull();
    const served = await sql<{ comparison_id: number }>`select comparison_id from tasks where eval_id = ${f.evalId} and status = 'leased'`.execute(t.db);
    expect(served.rows.map((x) => x.comparison_id)).toEqual([other]);
  });
});
