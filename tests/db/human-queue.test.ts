import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotatorBalanced, comparisonBalanced } from "../../app/core/position-balance.ts";
import { computeHumanReport } from "../../app/core/human-report.ts";
import { claimNextTask, queueProgress } from "../../db/claim-task.ts";
import { adjudicate, openForJudging } from "../../db/comparisons.ts";
import { loadHumanData } from "../../db/human-report.ts";
import { JudgmentInput, skipTask, submitJudgment } from "../../db/submit-judgment.ts";
import { backends, type TestDb } from "../support/db.ts";
import { makeHumanFixture } from "./human-fixture.ts";

const CHOICES = ["left", "right", "tie", "both_bad"] as const;

async function checkInvariants(t: TestDb, evalId: number) {
  const dup = await sql<{ n: number }>`
    select count(*) as n from (select comparison_id, annotator_id from judgments where eval_id = ${evalId}
      group by 1, 2 having count(*) > 1) x`.execute(t.db);
  expect(Number(dup.rows[0].n)).toBe(0);
  const per = await sql<{ id: number; target_k: number; n: number; lefts: number }>`
    select c.id, c.target_k, count(j.id) as n, count(j.id) filter (where j.candidate_left) as lefts
    from comparisons c left join judgments j on j.comparison_id = c.id where c.eval_id = ${evalId} group by c.id`.execute(t.db);
  for (const r of per.rows) {
    expect(Number(r.n)).toBeLessThanOrEqual(r.target_k);
    expect(comparisonBalanced(r.target_k, Number(r.lefts), Number(r.n))).toBe(true);
  }
  const seqs = await sql<{ annotator_id: number; sides: boolean[] }>`
    select annotator_id, array_agg(candidate_left order by id) as sides from judgments where eval_id = ${evalId} group by annotator_id`.execute(t.db);
  for (const s of seqs.rows) expect(annotatorBalanced(s.sides)).toBe(true);
  // Every judgment matches its task: done, same annotator, same side.
  const mismatch = await sql<{ n: number }>`
    select count(*) as n from judgments j join tasks t on t.id = j.task_id
    where j.eval_id = ${evalId} and (t.status <> 'done' or t.annotator_id <> j.annotator_id or t.candidate_left <> j.candidate_left)`.execute(t.db);
  expect(Number(mismatch.rows[0].n)).toBe(0);
  return per.rows;
}

describe.each(backends())("human A/B queue on $name", (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("opens an eval: k balanced tasks per comparison, seeded order, idempotent, gold from references", async () => {
    const f = await makeHumanFixture(t.db, { cases: 10, annotators: 1 });
    const first = await openForJudging(t.db, f.evalId, { k: 3, actorId: f.leadId, goldFromReference: true });
    expect(first).toMatchObject({ comparisons_created: 10, tasks_created: 30, left_out: 0, gold: 2 });
    const again = await openForJudging(t.db, f.evalId, { k: 3, actorId: f.leadId });
    expect(again).toMatchObject({ comparisons_created: 0, comparisons_existing: 10, tasks_created: 0 });
    const slots = await sql<{ comparison_id: number; fixed_left: number; fixed_right: number; free: number }>`
      select comparison_id, count(*) filter (where side_fixed and candidate_left) as fixed_left,
        count(*) filter (where side_fixed and not candidate_left) as fixed_right, count(*) filter (where not side_fixed) as free
      from tasks where eval_id = ${f.evalId} group by comparison_id`.execute(t.db);
    expect(slots.rows).toHaveLength(10);
    for (const r of slots.rows) expect([Number(r.fixed_left), Number(r.fixed_right), Number(r.free)]).toEqual([1, 1, 1]);
    const order = await sql<{ case_id: number }>`select c.case_id from tasks t join comparisons c on c.id = t.comparison_id
      where t.eval_id = ${f.evalId} and t.slot = 0 order by t.queue_pos`.execute(t.db);
    const ids = order.rows.map((r) => r.case_id);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
    const audit = await t.db.selectFrom("audit_log").select("action").where("action", "=", "human.open").execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it("a case limit samples that many cases", async () => {
    const f = await makeHumanFixture(t.db, { cases: 10, annotators: 1 });
    const r = await openForJudging(t.db, f.evalId, { k: 2, caseLimit: 4, actorId: f.leadId });
    expect(r).toMatchObject({ comparisons_created: 4, tasks_created: 8 });
  });

  it("hammer: concurrent annotators claim and submit (with double submits) until the queue is empty", async () => {
    const heavy = backend.name === "postgres";
    const nAnnotators = heavy ? 30 : 8;
    const nCases = heavy ? 120 : 24;
    const k = 3;
    const f = await makeHumanFixture(t.db, { cases: nCases, annotators: nAnnotators });
    await openForJudging(t.db, f.evalId, { k, actorId: f.leadId, goldFromReference: true });
    let recorded = 0;
    let retries = 0;
    const errors: string[] = [];
    await Promise.all(
      f.annotators.map(async (a, i) => {
        for (let n = 0; ; n++) {
          const task = await claimNextTask(t.db, f.evalId, a);
          if (!task) break;
          if (task.left === task.right) errors.push("same text on both sides");
          const input = { choice: CHOICES[(i + n) % 4], ratings: { correctness: 1 + ((i + n) % 5) }, time_ms: 1000 + n };
          // A double click: two submits at once; exactly one records.
          const [r1, r2] = await Promise.all([submitJudgment(t.db, task.task_id, a, input), submitJudgment(t.db, task.task_id, a, input)]);
          const statuses = [r1.status, r2.status].sort();
          if (statuses[0] !== 200 || statuses[1] !== 201) errors.push(`double submit gave ${statuses}`);
          recorded++;
          retries++;
        }
      }),
    );
    expect(errors).toEqual([]);
    const judgments = await t.db.selectFrom("judgments").select((eb) => eb.fn.countAll<number>().as("n")).where("eval_id", "=", f.evalId).executeTakeFirstOrThrow();
    // No lost submissions: every 201 is a row, and the rows are all there is.
    expect(Number(judgments.n)).toBe(recorded);
    const per = await checkInvariants(t, f.evalId);
    // The queue drained: every comparison got its k judgments.
    const unfinished = per.filter((r) => Number(r.n) < r.target_k);
    expect(unfinished).toEqual([]);
    expect(recorded).toBe(nCases * k);
    expect(retries).toBeGreaterThan(0);

    // The lead's figures compute on this data.
    const data = await loadHumanData(t.db, f.evalId);
    const report = computeHumanReport(data.judgments, data.comparisons, { seed: 1, now: Date.now() });
    expect(report.agreement.alpha.n_units).toBe(nCases);
    expect(report.annotators).toHaveLength(nAnnotators);
    expect(report.annotators.some((x) => x.gold.n > 0)).toBe(true);
    // n counts comparisons, n_votes their judgments (issue 13 item 1).
    expect(report.winRates[0].rows[0]).toMatchObject({ category: "all", n: nCases, n_votes: nCases * k });
  }, 120_000);

  it("a claim returns the lease the annotator already holds; an expired lease returns to the pool", async () => {
    const f = await makeHumanFixture(t.db, { cases: 1, annotators: 3 });
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    const [a, b, c] = f.annotators;
    const first = await claimNextTask(t.db, f.evalId, a, 0.3);
    expect(first).not.toBeNull();
    const again = await claimNextTask(t.db, f.evalId, a, 0.3);
    expect(again!.task_id).toBe(first!.task_id);
    expect(await claimNextTask(t.db, f.evalId, b)).toBeNull();
    await new Promise((r) => setTimeout(r, 450));
    // Expired and not yet taken: the holder is refused (410) and nothing changes.
    const late = await submitJudgment(t.db, first!.task_id, a, { choice: "left", ratings: {} });
    expect(late.status).toBe(410);
    const taken = await claimNextTask(t.db, f.evalId, b);
    expect(taken!.task_id).toBe(first!.task_id);
    // The first holder's late submit is now refused as not theirs.
    expect((await submitJudgment(t.db, first!.task_id, a, { choice: "left", ratings: {} })).status).toBe(409);
    expect((await submitJudgment(t.db, first!.task_id, b, { choice: "right", ratings: {} })).status).toBe(201);
    expect(await claimNextTask(t.db, f.evalId, c)).toBeNull();
    const rows = await t.db.selectFrom("judgments").selectAll().where("eval_id", "=", f.evalId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].annotator_id).toBe(b);
  });

  it("refuses bad submissions with a 4xx and changes nothing", async () => {
    const f = await makeHumanFixture(t.db, { cases: 2, annotators: 2 });
    await openForJudging(t.db, f.evalId, { k: 2, actorId: f.leadId });
    const [a, b] = f.annotators;
    const task = (await claimNextTask(t.db, f.evalId, a))!;
    expect(JudgmentInput.safeParse({ choice: "middle" }).success).toBe(false);
    // zod bounds any scale (0-10); the eval's own scale (1-5 here) is checked by the submit.
    expect(JudgmentInput.safeParse({ choice: "left", ratings: { correctness: 11 } }).success).toBe(false);
    expect(JudgmentInput.safeParse({ choice: "left", ratings: { correctness: -1 } }).success).toBe(false);
    expect((await submitJudgment(t.db, task.task_id, a, { choice: "left", ratings: { correctness: 6 } })).status).toBe(400);
    expect((await submitJudgment(t.db, task.task_id, a, { choice: "left", ratings: { correctness: 0 } })).status).toBe(400);
    expect(JudgmentInput.safeParse({ choice: "left", ratings: { correctness: 2.5 } }).success).toBe(false);
    expect(JudgmentInput.safeParse({ choice: "tie", ratings: { correctness: 5 }, reason: "ok" }).success).toBe(true);
    expect((await submitJudgment(t.db, task.task_id, a, { choice: "left", ratings: { charm: 3 } })).status).toBe(400);
    expect((await submitJudgment(t.db, task.task_id, b, { choice: "left", ratings: {} })).status).toBe(409);
    expect((await submitJudgment(t.db, "00000000-0000-4000-8000-000000000000", a, { choice: "left", ratings: {} })).status).toBe(404);
    expect((await submitJudgment(t.db, "not-a-uuid", a, { choice: "left", ratings: {} })).status).toBe(404);
    const n = await t.db.selectFrom("judgments").select((eb) => eb.fn.countAll<number>().as("n")).where("eval_id", "=", f.evalId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    const row = await t.db.selectFrom("tasks").selectAll().where("id", "=", task.task_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "leased", annotator_id: a });
    const ok = await submitJudgment(t.db, task.task_id, a, { choice: "left", ratings: { correctness: 5 }, reason: "clearer" });
    expect(ok.status).toBe(201);
    const retry = await submitJudgment(t.db, task.task_id, a, { choice: "right", ratings: {} });
    expect(retry).toMatchObject({ status: 200, body: { status: "already_recorded" } });
    const j = await t.db.selectFrom("judgments").selectAll().where("task_id", "=", task.task_id).executeTakeFirstOrThrow();
    expect(j.choice).toBe("left");
    expect(j.outcome).toBe(j.candidate_left ? "a" : "b");
    expect(j.ratings).toEqual({ correctness: 5 });
  });

  it("skip and flag give the task back; the annotator never sees that comparison again", async () => {
    const f = await makeHumanFixture(t.db, { cases: 2, annotators: 2 });
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    const [a, b] = f.annotators;
    const t1 = (await claimNextTask(t.db, f.evalId, a))!;
    expect((await skipTask(t.db, t1.task_id, b, { kind: "skip", reason: "x" })).status).toBe(409);
    expect((await skipTask(t.db, t1.task_id, a, { kind: "skip", reason: "not my field" })).status).toBe(200);
    const t2 = (await claimNextTask(t.db, f.evalId, a))!;
    expect(t2.task_id).not.toBe(t1.task_id);
    expect((await skipTask(t.db, t2.task_id, a, { kind: "flag", reason: "prompt cut off" })).status).toBe(200);
    expect(await claimNextTask(t.db, f.evalId, a)).toBeNull();
    // The other annotator gets both.
    const got = [];
    for (let i = 0; i < 2; i++) {
      const x = (await claimNextTask(t.db, f.evalId, b))!;
      got.push(x.task_id);
      expect((await submitJudgment(t.db, x.task_id, b, { choice: "tie", ratings: {} })).status).toBe(201);
    }
    expect(got.sort()).toEqual([t1.task_id, t2.task_id].sort());
    const skips = await t.db.selectFrom("task_skips").select(["kind", "reason"]).where("annotator_id", "=", a).orderBy("id").execute();
    expect(skips).toEqual([
      { kind: "skip", reason: "not my field" },
      { kind: "flag", reason: "prompt cut off" },
    ]);
  });

  it("the queue head moves past finished tasks but never past an abandoned lease", async () => {
    const f = await makeHumanFixture(t.db, { cases: 12, annotators: 3 });
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    const [a, b, c] = f.annotators;
    const head = async () => (await sql<{ pos: number | null }>`select arbiter_advance_queue_head(${f.evalId}::int) as pos`.execute(t.db)).rows[0].pos;
    const firstPos = (await sql<{ p: number }>`select min(queue_pos) as p from tasks where eval_id = ${f.evalId}`.execute(t.db)).rows[0].p;
    expect(await head()).toBe(firstPos);
    // a takes a task near the front (each annotator's own order) and walks away; b finishes every other task.
    const abandoned = await claimNextTask(t.db, f.evalId, a, 0.3);
    for (;;) {
      const task = await claimNextTask(t.db, f.evalId, b);
      if (!task) break;
      expect((await submitJudgment(t.db, task.task_id, b, { choice: "tie", ratings: {} })).status).toBe(201);
    }
    const abandonedPos = (await sql<{ p: number }>`select queue_pos as p from tasks where id = ${abandoned!.task_id}`.execute(t.db)).rows[0].p;
    expect(abandonedPos).toBeGreaterThanOrEqual(firstPos);
    expect(await head()).toBe(abandonedPos);
    // Once a's lease runs out, the task behind the head is served again.
    await new Promise((r) => setTimeout(r, 450));
    const again = await claimNextTask(t.db, f.evalId, c);
    expect(again?.task_id).toBe(abandoned!.task_id);
    expect((await submitJudgment(t.db, again!.task_id, c, { choice: "left", ratings: {} })).status).toBe(201);
    // Every task done: the head says so, and a claim returns nothing.
    expect(await head()).toBeNull();
    expect(await claimNextTask(t.db, f.evalId, a)).toBeNull();
  });

  it("progress counts the annotator's judgments and the comparisons left for them", async () => {
    const f = await makeHumanFixture(t.db, { cases: 5, annotators: 2 });
    await openForJudging(t.db, f.evalId, { k: 2, actorId: f.leadId });
    const [a, b] = f.annotators;
    expect(await queueProgress(t.db, f.evalId, a)).toEqual({ judged: 0, remaining: 5, more: false });
    for (let i = 0; i < 2; i++) {
      const task = await claimNextTask(t.db, f.evalId, a);
      expect((await submitJudgment(t.db, task!.task_id, a, { choice: "tie", ratings: {} })).status).toBe(201);
    }
    const skipped = await claimNextTask(t.db, f.evalId, a);
    expect((await skipTask(t.db, skipped!.task_id, a, { kind: "skip", reason: "unsure" })).status).toBe(200);
    // a: 2 judged, 1 skipped, so 2 of the 5 comparisons are left for a; b has all 5 still open.
    expect(await queueProgress(t.db, f.evalId, a)).toEqual({ judged: 2, remaining: 2, more: false });
    expect(await queueProgress(t.db, f.evalId, b)).toEqual({ judged: 0, remaining: 5, more: false });
  });

  it("annotator_sides counts every judgment's side, whoever writes it", async () => {
    const f = await makeHumanFixture(t.db, { cases: 8, annotators: 2 });
    await openForJudging(t.db, f.evalId, { k: 2, actorId: f.leadId });
    const [a, b] = f.annotators;
    for (const who of [a, b, a, b, a]) {
      const task = await claimNextTask(t.db, f.evalId, who);
      expect((await submitJudgment(t.db, task!.task_id, who, { choice: "left", ratings: {} })).status).toBe(201);
    }
    const recount = async () => {
      const counted = await sql<{ annotator_id: number; l: number; r: number }>`
        select annotator_id, count(*) filter (where candidate_left) as l, count(*) filter (where not candidate_left) as r
        from judgments where eval_id = ${f.evalId} group by annotator_id order by annotator_id`.execute(t.db);
      const kept = await t.db.selectFrom("annotator_sides").select(["annotator_id", "left_count", "right_count"]).where("eval_id", "=", f.evalId).orderBy("annotator_id").execute();
      const nonEmpty = kept.filter((k) => k.left_count + k.right_count > 0);
      expect(nonEmpty.map((k) => [k.annotator_id, k.left_count, k.right_count])).toEqual(counted.rows.map((r) => [r.annotator_id, Number(r.l), Number(r.r)]));
      return nonEmpty;
    };
    const afterQueue = await recount();
    expect(afterQueue.map((k) => k.left_count + k.right_count)).toEqual([3, 2]);
    // A side changed by hand, a judgment deleted: the counts follow.
    const one = await t.db.selectFrom("judgments").select(["id", "candidate_left"]).where("eval_id", "=", f.evalId).where("annotator_id", "=", a).orderBy("id").executeTakeFirstOrThrow();
    await t.db.updateTable("judgments").set({ candidate_left: !one.candidate_left }).where("id", "=", one.id).execute();
    await recount();
    await t.db.deleteFrom("judgments").where("id", "=", one.id).execute();
    const afterDelete = await recount();
    expect(afterDelete.map((k) => k.left_count + k.right_count)).toEqual([2, 2]);
  });

  it("two racing claims of one annotator end with one lease", async () => {
    const f = await makeHumanFixture(t.db, { cases: 6, annotators: 1 });
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    const [a] = f.annotators;
    const got = await Promise.all(Array.from({ length: 6 }, () => claimNextTask(t.db, f.evalId, a)));
    expect(new Set(got.map((g) => g?.task_id)).size).toBe(1);
    const leased = await t.db.selectFrom("tasks").select("id").where("eval_id", "=", f.evalId).where("status", "=", "leased").execute();
    expect(leased).toHaveLength(1);
  });

  it("the lead adjudicates a comparison; the first judgment locks the pack", async () => {
    const f = await makeHumanFixture(t.db, { cases: 1, annotators: 1 });
    await t.db.insertInto("pack_versions").values({ eval_id: f.evalId, version: 1, body: "{}", content_hash: "h", created_by: f.leadId, locked_at: null }).execute();
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    const task = (await claimNextTask(t.db, f.evalId, f.annotators[0]))!;
    expect((await submitJudgment(t.db, task.task_id, f.annotators[0], { choice: "left", ratings: {} })).status).toBe(201);
    const pack = await t.db.selectFrom("pack_versions").select("locked_at").where("eval_id", "=", f.evalId).executeTakeFirstOrThrow();
    expect(pack.locked_at).not.toBeNull();
    const cmp = await t.db.selectFrom("comparisons").select("id").where("eval_id", "=", f.evalId).executeTakeFirstOrThrow();
    expect(await adjudicate(t.db, f.evalId, cmp.id, "tie", f.leadId)).toBe(true);
    expect(await adjudicate(t.db, f.evalId + 999, cmp.id, "tie", f.leadId)).toBe(false);
    const row = await t.db.selectFrom("comparisons").select(["adjudicated", "adjudicated_by"]).where("id", "=", cmp.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ adjudicated: "tie", adjudicated_by: f.leadId });
  });
});
