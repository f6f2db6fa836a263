/**
 * Slice-first serving (issue 17 item 4): when a human gate over a slice needs data, the report's
 * computation moves that slice's comparisons to the front of the queue, keeps every stratum in its
 * seeded relative order, records the allocation, and the lead can turn it off (seeded order back).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { claimNextTask } from "../../db/claim-task.ts";
import { openForJudging } from "../../db/comparisons.ts";
import { savePack } from "../../db/packs.ts";
import { listAllocations } from "../../db/queue-priority.ts";
import { submitJudgment } from "../../db/submit-judgment.ts";
import { computeAndStoreReport } from "../../app/services/report.server.ts";
import { setSliceFirst } from "../../app/services/slice-first.server.ts";
import { backends, type TestDb } from "../support/db.ts";
import { makeHumanFixture } from "./human-fixture.ts";

const EDGE_GATE = {
  id: "edge_pref",
  metric: "human_win_rate" as const,
  scope: { category: "edge_case" },
  mode: "value" as const,
  comparator: ">=" as const,
  threshold: 0.5,
  min_n: 30,
  decide_on: "bound" as const,
};

async function categoryOfTask(t: TestDb, taskId: string): Promise<string> {
  const r = await sql<{ category: string }>`
    select cs.category from tasks t join comparisons c on c.id = t.comparison_id join cases cs on cs.id = c.case_id where t.id = ${taskId}::uuid`.execute(t.db);
  return r.rows[0]!.category;
}

/** Unfinished tasks of each category: is their queue order their seeded order? */
async function seededWithinCategories(t: TestDb, evalId: number): Promise<boolean> {
  const r = await sql<{ category: string; by_queue: string; by_seed: string }>`
    select cs.category,
      string_agg(t.id::text, ',' order by t.queue_pos) as by_queue,
      string_agg(t.id::text, ',' order by t.seed_pos, t.slot) as by_seed
    from tasks t join comparisons c on c.id = t.comparison_id join cases cs on cs.id = c.case_id
    where t.eval_id = ${evalId} and t.status <> 'done' group by cs.category`.execute(t.db);
  return r.rows.length > 0 && r.rows.every((x) => x.by_queue === x.by_seed);
}

describe.each(backends())("slice-first serving on $name", (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("serves the needy slice first, in its seeded order, records it, and turns off to the seeded order", async () => {
    // 200 cases: even ones "simple", odd ones "edge_case" (tests/db/human-fixture.ts).
    const f = await makeHumanFixture(t.db, { cases: 200, annotators: 2 });
    await savePack(t.db, f.evalId, { name: "slices", regression_threshold: 0.05, gates: [EDGE_GATE] }, { actorId: f.leadId, format: "json" });
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    const [a1] = f.annotators;

    // Before any report: the seeded order interleaves the two categories.
    const early = await sql<{ category: string }>`
      select cs.category from tasks t join comparisons c on c.id = t.comparison_id join cases cs on cs.id = c.case_id
      where t.eval_id = ${f.evalId} order by t.queue_pos limit 60`.execute(t.db);
    expect(new Set(early.rows.map((r) => r.category)).size).toBe(2);

    // The report finds edge_pref without data: the edge cases go first.
    await computeAndStoreReport(t.db, f.evalId, f.leadId);
    const [alloc] = await listAllocations(t.db, f.evalId);
    expect(alloc).toBeDefined();
    expect(alloc.enabled).toBe(true);
    expect(alloc.slices.map((s) => s.gate)).toEqual(["edge_pref"]);
    expect(alloc.case_ids).toHaveLength(100);
    expect(alloc.tasks_moved).toBe(200);
    expect(alloc.fractions).toEqual([{ stratum: "all cases", cases: 200, labeled: 0, fraction: 0 }]);
    expect(await seededWithinCategories(t, f.evalId)).toBe(true);
    const audit = await t.db.selectFrom("audit_log").select("action").where("action", "=", "human.allocation").where("entity_id", "=", String(f.evalId)).execute();
    expect(audit).toHaveLength(1);

    // The same need again records nothing new.
    await computeAndStoreReport(t.db, f.evalId, f.leadId);
    expect(await listAllocations(t.db, f.evalId)).toHaveLength(1);

    // A claim draws among the first 32 rows it may take: with 100 edge rows in front, the first 60
    // served are all edge cases (seeded order: about half would be simple).
    const served: string[] = [];
    for (let i = 0; i < 60; i++) {
      const task = await claimNextTask(t.db, f.evalId, a1);
      expect(task).not.toBeNull();
      served.push(await categoryOfTask(t, task!.task_id));
      expect((await submitJudgment(t.db, task!.task_id, a1, { choice: i % 3 === 0 ? "right" : "left", ratings: {}, time_ms: 900 })).status).toBe(201);
    }
    expect(served.filter((c) => c === "edge_case")).toHaveLength(60);

    // A lease held across a change keeps its task and side.
    const held = await claimNextTask(t.db, f.evalId, a1);
    expect(held).not.toBeNull();
    const row = await setSliceFirst(t.db, f.evalId, false, f.leadId);
    expect(row).not.toBeNull();
    expect(row!.enabled).toBe(false);
    expect(row!.case_ids).toEqual([]);
    // Its fractions are per stratum of the first allocation: 60 of the 100 edge cases judged.
    expect(row!.fractions).toEqual(
      expect.arrayContaining([
        { stratum: `served first in allocation #${alloc.id}`, cases: 100, labeled: 60, fraction: 0.6 },
        { stratum: "never served first", cases: 100, labeled: 0, fraction: 0 },
      ]),
    );
    // Off: the unfinished tasks are back in their seeded order across categories.
    const order = await sql<{ ok: boolean }>`
      select (string_agg(t.id::text, ',' order by t.queue_pos) = string_agg(t.id::text, ',' order by t.seed_pos, t.slot)) as ok
      from tasks t where t.eval_id = ${f.evalId} and t.status <> 'done'`.execute(t.db);
    expect(order.rows[0]!.ok).toBe(true);
    expect((await claimNextTask(t.db, f.evalId, a1))!.task_id).toBe(held!.task_id);
    expect((await submitJudgment(t.db, held!.task_id, a1, { choice: "tie", ratings: {}, time_ms: 900 })).status).toBe(201);
    // Off stays off: a report computation does not move the queue again.
    await computeAndStoreReport(t.db, f.evalId, f.leadId);
    expect(await listAllocations(t.db, f.evalId)).toHaveLength(2);

    // Every remaining task is still served: the queue head never passed an unfinished task.
    let rest = 0;
    for (;;) {
      const task = await claimNextTask(t.db, f.evalId, f.annotators[rest % 2]!);
      if (!task) break;
      expect((await submitJudgment(t.db, task.task_id, f.annotators[rest % 2]!, { choice: "left", ratings: {}, time_ms: 900 })).status).toBe(201);
      rest++;
    }
    expect(rest).toBe(200 - 61);
  }, 240_000);

  it("a slice smaller than the claim's 32-row window is still served entirely first (the band)", async () => {
    const f = await makeHumanFixture(t.db, { cases: 40, annotators: 1 });
    await savePack(t.db, f.evalId, { name: "small", regression_threshold: 0.05, gates: [EDGE_GATE] }, { actorId: f.leadId, format: "json" });
    await openForJudging(t.db, f.evalId, { k: 1, actorId: f.leadId });
    await computeAndStoreReport(t.db, f.evalId, f.leadId);
    const served: string[] = [];
    for (let i = 0; i < 40; i++) {
      const task = await claimNextTask(t.db, f.evalId, f.annotators[0]!);
      expect(task).not.toBeNull();
      served.push(await categoryOfTask(t, task!.task_id));
      expect((await submitJudgment(t.db, task!.task_id, f.annotators[0]!, { choice: "left", ratings: {}, time_ms: 900 })).status).toBe(201);
    }
    // The 20 edge cases, then the 20 simple ones.
    expect(served).toEqual([...Array(20).fill("edge_case"), ...Array(20).fill("simple")]);
  });
});
