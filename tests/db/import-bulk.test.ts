/**
 * Bulk mode of an import into a new eval (db/import-bulk.ts), on PGlite and Postgres: the work of
 * the skipped triggers is done once and ends where the triggers would have left it, and a trigger
 * bulk mode does not know of turns it off. Expected figures are counted by hand from the fixtures
 * (tests/fixtures/arena/battles.json: 4 battles, one rater "arena"; the AlpacaEval annotations:
 * 4 instructions, 4 verdicts of one judge).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../app/import/formats/index.ts";
import { createEval } from "../../db/evals.ts";
import { refreshExplore } from "../../db/explore.ts";
import { importFormat } from "../../db/import-bundle.ts";
import { enterBulkMode } from "../../db/import-bulk.ts";
import { backends, type TestDb } from "../support/db.ts";

const FIX = join(__dirname, "..", "fixtures");
const opts = (fileName: string) => ({ actorId: null, fileName });
const dir = mkdtempSync(join(tmpdir(), "arbiter-import-bulk-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(backends())("bulk import into a new eval on $name", (backend) => {
  let t: TestDb;
  let n = 0;
  const newEval = async (candidate: string, baseline: string) =>
    (await createEval(t.db, { name: `bulk-${n++}`, description: "", overlap_k: 1, systems: [{ name: candidate, role: "candidate" }, { name: baseline, role: "baseline" }] }, null)).id;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is allowed for the test role and ends with the transaction", async () => {
    const evalId = await newEval("a", "b");
    const role = await t.db.transaction().execute(async (trx) => {
      expect(await enterBulkMode(trx, evalId)).toBe(true);
      return (await sql<{ r: string }>`select current_setting('session_replication_role') as r`.execute(trx)).rows[0].r;
    });
    expect(role).toBe("replica");
    expect((await sql<{ r: string }>`select current_setting('session_replication_role') as r`.execute(t.db)).rows[0].r).toBe("origin");
  });

  it("Arena into an explored new eval: side counts, the explorer index and the latest run as the triggers would leave them", async () => {
    const evalId = await newEval("vicuna-13b", "alpaca-13b");
    expect(await refreshExplore(t.db, evalId)).toBe(0); // the (empty) index exists, so triggers would queue cases
    const s = await importFormat(t.db, evalId, FORMATS.arena, join(FIX, "arena/battles.json"), opts("battles.json"));
    expect(s).toMatchObject({ cases: { inserted: 4 }, outputs: { inserted: 8 }, judgments: 4 });
    const sides = await sql<{ name: string; left_count: number; right_count: number }>`
      select u.name, s.left_count, s.right_count from annotator_sides s join users u on u.id = s.annotator_id where s.eval_id = ${evalId}`.execute(t.db);
    // 4 imported judgments of one rater, all recorded with the candidate on the left.
    expect(sides.rows).toEqual([{ name: "arena", left_count: 4, right_count: 0 }]);
    // The next page load rebuilds the index over all 4 cases; their human outcomes are the votes.
    expect(await refreshExplore(t.db, evalId)).toBe(4);
    const rows = await sql<{ external_id: string; human: string }>`
      select c.external_id, r.human from explore_rows r join cases c on c.id = r.case_id where r.eval_id = ${evalId} order by c.external_id`.execute(t.db);
    expect(rows.rows.map((r) => r.external_id)).toEqual(["arena-b1", "arena-b2", "arena-b3", "arena-b4"]);
    expect(new Set(rows.rows.map((r) => r.human)).size).toBeGreaterThan(1);
    // A second import (not new any more) uses the triggers; the counts add up.
    const again = await importFormat(t.db, evalId, FORMATS.arena, join(FIX, "arena/battles.json"), opts("again.json"));
    expect(again).toMatchObject({ judgments: 0, duplicate_votes: 4 });
    const after = await sql<{ left_count: number }>`select left_count from annotator_sides where eval_id = ${evalId}`.execute(t.db);
    expect(after.rows).toEqual([{ left_count: 4 }]);
  });

  it("AlpacaEval annotations into a new eval: the explorer's latest pairwise run is the imported judge run", async () => {
    const evalId = await newEval("llama-2-7b-chat-hf", "text_davinci_003");
    const s = await importFormat(t.db, evalId, FORMATS["alpaca-eval"], join(FIX, "alpaca-eval/llama-2-7b-chat-hf-annotations.json"), opts("annotations.json"));
    expect(s).toMatchObject({ cases: { inserted: 4 }, verdicts: 4 });
    const run = await t.db.selectFrom("judge_runs").select("id").where("eval_id", "=", evalId).executeTakeFirstOrThrow();
    const latest = await sql<{ protocol: string; run_id: number }>`select protocol, run_id from explore_latest_run where eval_id = ${evalId}`.execute(t.db);
    expect(latest.rows).toEqual([{ protocol: "pairwise", run_id: run.id }]);
    expect(await refreshExplore(t.db, evalId)).toBe(4);
  });

  it("a battle repeated in one batch of a new eval is one case, two outputs and one judgment, the repeat counted", async () => {
    const evalId = await newEval("vicuna-13b", "alpaca-13b");
    const first = JSON.parse(readFileSync(join(FIX, "arena/battles.json"), "utf8"))[0];
    const path = join(dir, "twice.jsonl");
    writeFileSync(path, `${JSON.stringify(first)}\n${JSON.stringify(first)}\n`);
    const s = await importFormat(t.db, evalId, FORMATS.arena, path, opts("twice.jsonl"));
    expect(s).toMatchObject({ cases: { inserted: 1 }, outputs: { inserted: 2 }, judgments: 1, duplicate_votes: 1 });
    const sides = await sql<{ left_count: number }>`select left_count from annotator_sides where eval_id = ${evalId}`.execute(t.db);
    expect(sides.rows).toEqual([{ left_count: 1 }]);
  });

  it("a trigger it does not know turns bulk mode off, so that trigger still fires", async () => {
    await sql`create table bulk_probe (n integer)`.execute(t.db);
    await sql`create function bulk_probe() returns trigger language plpgsql as $$ begin insert into bulk_probe values (1); return null; end $$`.execute(t.db);
    await sql`create trigger bulk_probe after insert on cases for each statement execute function bulk_probe()`.execute(t.db);
    try {
      const evalId = await newEval("vicuna-13b", "alpaca-13b");
      expect(await t.db.transaction().execute((trx) => enterBulkMode(trx, evalId))).toBe(false);
      await importFormat(t.db, evalId, FORMATS.arena, join(FIX, "arena/battles.json"), opts("battles.json"));
      const fired = await sql<{ c: number }>`select count(*)::int as c from bulk_probe`.execute(t.db);
      expect(fired.rows[0].c).toBe(1); // one batch, one statement
    } finally {
      await sql`drop trigger bulk_probe on cases`.execute(t.db);
    }
  });
});
