import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRows } from "../../app/import/read-rows.ts";
import { parsePack } from "../../app/schemas/pack.ts";
import { createEval } from "../../db/evals.ts";
import { ImportRejected, importCases, importOutputs } from "../../db/import.ts";
import { currentPack, listPackVersions, lockPack, savePack } from "../../db/packs.ts";
import { backends, type TestDb } from "../support/db.ts";

const dir = mkdtempSync(join(tmpdir(), "arbiter-import-"));
let fileNo = 0;
function file(lines: string[], ext = "jsonl"): string {
  const path = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}
const jsonl = (rows: unknown[]) => file(rows.map((r) => JSON.stringify(r)));
const goodCase = (id: string, extra: Record<string, unknown> = {}) => ({ id, input: `question ${id}`, reference: "42", category: "simple", suite: "target", shape: "qa", ...extra });

async function snapshot(t: TestDb, evalId: number) {
  const cases = await t.db.selectFrom("cases").select(["external_id", "input", "content_hash"]).where("eval_id", "=", evalId).orderBy("external_id").execute();
  const outputs = await t.db
    .selectFrom("outputs")
    .innerJoin("cases", "cases.id", "outputs.case_id")
    .select(["cases.external_id", "outputs.system_id", "outputs.text"])
    .where("cases.eval_id", "=", evalId)
    .orderBy("cases.external_id")
    .execute();
  return JSON.stringify({ cases, outputs });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(backends())("imports on $name", (backend) => {
  let t: TestDb;
  let evalId: number;
  beforeAll(async () => {
    t = await backend.create();
    const ev = await createEval(t.db, { name: "imp", description: "", overlap_k: 3, systems: [{ name: "ft", role: "candidate" }, { name: "base", role: "baseline" }] }, null);
    evalId = ev.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("imports cases from JSONL and CSV, and re-importing the same ids updates them", async () => {
    const first = await importCases(t.db, evalId, readRows(jsonl([goodCase("a"), goodCase("b")]), "jsonl"), { actorId: null, fileName: "a.jsonl" });
    expect(first).toMatchObject({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
    const csv = file(['id,input,reference,category,suite,shape,tags', 'b,"changed, with a comma",42,simple,target,qa,x;y', 'c,"line one', 'line two",7,edge_case,general,qa,'], "csv");
    const second = await importCases(t.db, evalId, readRows(csv, "csv"), { actorId: null, fileName: "b.csv" });
    expect(second).toMatchObject({ rows: 2, inserted: 1, updated: 1, unchanged: 0 });
    const b = await t.db.selectFrom("cases").select(["input", "tags"]).where("external_id", "=", "b").executeTakeFirstOrThrow();
    expect(b).toEqual({ input: "changed, with a comma", tags: ["x", "y"] });
    const c = await t.db.selectFrom("cases").select(["input"]).where("external_id", "=", "c").executeTakeFirstOrThrow();
    expect(c.input).toBe("line one\nline two");
    const again = await importCases(t.db, evalId, readRows(csv, "csv"), { actorId: null, fileName: "b.csv" });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it("refuses a file with any bad row, lists every bad row with line and field, and writes nothing", async () => {
    const before = await snapshot(t, evalId);
    const path = file([
      JSON.stringify(goodCase("d")),
      JSON.stringify({ ...goodCase("e"), shape: "poem" }),
      "{ not json",
      JSON.stringify({ ...goodCase("f"), category: "" }),
      JSON.stringify(goodCase("d")),
      JSON.stringify({ ...goodCase("g"), assertions: [{ type: "regex", pattern: "([" }] }),
      JSON.stringify({ ...goodCase("h"), colour: "red" }),
    ]);
    const err = await importCases(t.db, evalId, readRows(path, "jsonl"), { actorId: null, fileName: "bad.jsonl" }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    const errors = (err as ImportRejected).errors;
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, "shape"],
      [3, null],
      [4, "category"],
      [5, "id"],
      [6, "assertions.0.pattern"],
      [7, "colour"],
    ]);
    expect(errors[3].reason).toBe("d already appears on line 1");
    expect(await snapshot(t, evalId)).toBe(before);
  });

  it("imports outputs for a named system and refuses unknown cases and systems", async () => {
    const ok = await importOutputs(t.db, evalId, readRows(jsonl([{ case_id: "a", text: "42", latency_ms: 120 }, { case_id: "b", error: "timeout" }]), "jsonl"), {
      actorId: null,
      fileName: "o.jsonl",
      systemName: "ft",
    });
    expect(ok).toMatchObject({ inserted: 2 });
    const err = (await importOutputs(
      t.db,
      evalId,
      readRows(jsonl([{ case_id: "zzz", text: "x", system: "ft" }, { case_id: "a", text: "x", system: "nope" }, { case_id: "a", system: "base" }]), "jsonl"),
      { actorId: null, fileName: "o2.jsonl" },
    ).catch((e) => e)) as ImportRejected;
    expect(err.errors.map((e) => [e.line, e.field])).toEqual([
      [1, "case_id"],
      [2, "system"],
      [3, "text"],
    ]);
  });

  it("refuses a re-import that would change a judged case, naming the rows", async () => {
    const ev = await createEval(t.db, { name: "judged", description: "", overlap_k: 1, systems: [{ name: "ft", role: "candidate" }, { name: "base", role: "baseline" }] }, null);
    await importCases(t.db, ev.id, readRows(jsonl([goodCase("j1"), goodCase("j2")]), "jsonl"), { actorId: null, fileName: "j.jsonl" });
    const systems = await t.db.selectFrom("systems").selectAll().where("eval_id", "=", ev.id).orderBy("role").execute();
    const j1 = await t.db.selectFrom("cases").select("id").where("eval_id", "=", ev.id).where("external_id", "=", "j1").executeTakeFirstOrThrow();
    const ann = await t.db.insertInto("users").values({ email: `j${backend.name}@x`, name: "J", role: "annotator", password_hash: "x", disabled_at: null }).returning("id").executeTakeFirstOrThrow();
    const cmp = await t.db
      .insertInto("comparisons")
      .values({ eval_id: ev.id, case_id: j1.id, system_a_id: systems[1].id, system_b_id: systems[0].id, target_k: 1, gold_answer: null, adjudicated: null, adjudicated_by: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const task = await t.db.insertInto("tasks").values({ eval_id: ev.id, comparison_id: cmp.id, slot: 0, candidate_left: true, annotator_id: ann.id, lease_token: null, leased_until: null, leased_at: null, completed_at: null }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("judgments").values({ task_id: task.id, eval_id: ev.id, comparison_id: cmp.id, annotator_id: ann.id, choice: "left", outcome: "a", candidate_left: true, ratings: "{}", reason: null, time_ms: 1000 }).execute();

    const unchanged = await importCases(t.db, ev.id, readRows(jsonl([goodCase("j1"), goodCase("j2", { reference: "43" })]), "jsonl"), { actorId: null, fileName: "j2.jsonl" });
    expect(unchanged).toMatchObject({ unchanged: 1, updated: 1 });
    const err = (await importCases(t.db, ev.id, readRows(jsonl([goodCase("j1", { reference: "changed" })]), "jsonl"), { actorId: null, fileName: "j3.jsonl" }).catch((e) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.errors).toEqual([{ line: 1, field: "id", reason: "changes case j1, which already has judgments or verdicts" }]);
  });

  it("property: any file either imports whole or leaves the database unchanged with an error", async () => {
    const ev = await createEval(t.db, { name: `prop`, description: "", overlap_k: 1, systems: [] }, null);
    const row = fc.oneof(
      { weight: 4, arbitrary: fc.record({ id: fc.stringMatching(/^[a-e]$/), category: fc.constantFrom("simple", "edge_case"), ref: fc.string({ maxLength: 5 }) }).map((r) => JSON.stringify(goodCase(r.id, { category: r.category, reference: r.ref }))) },
      { weight: 1, arbitrary: fc.constantFrom("{", "[]", "null", '{"id":"x"}', JSON.stringify({ ...goodCase("y"), shape: 1 }), JSON.stringify({ ...goodCase("z"), suite: "" })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), async (lines) => {
        const before = await snapshot(t, ev.id);
        let summary;
        try {
          summary = await importCases(t.db, ev.id, readRows(file(lines), "jsonl"), { actorId: null, fileName: "p.jsonl" });
        } catch (err) {
          expect(err).toBeInstanceOf(ImportRejected);
          expect((err as ImportRejected).errors.length).toBeGreaterThan(0);
          expect(await snapshot(t, ev.id)).toBe(before);
          return;
        }
        // Blank lines are skipped; every other line was a valid case and is now in the database.
        const rows = lines.filter((l) => l.trim());
        const after = await t.db.selectFrom("cases").select("external_id").where("eval_id", "=", ev.id).execute();
        for (const l of rows) expect(after.map((a) => a.external_id)).toContain(JSON.parse(l).id);
        expect(summary.inserted + summary.updated + summary.unchanged).toBe(rows.length);
      }),
      { numRuns: backend.name === "pglite" ? 40 : 25 },
    );
  });

  it("versions a pack: edits replace it until the first result locks it, then make a new version", async () => {
    const ev = await createEval(t.db, { name: "packs", description: "", overlap_k: 1, systems: [] }, null);
    const pack = (threshold: number) =>
      parsePack(JSON.stringify({ name: "p", gates: [{ id: "em", metric: "exact_match", comparator: ">=", threshold }] }), "json");
    expect(await savePack(t.db, ev.id, pack(0.8), { actorId: null, format: "json" })).toMatchObject({ version: 1, created: true });
    expect(await savePack(t.db, ev.id, pack(0.85), { actorId: null, format: "json" })).toMatchObject({ version: 1, created: false });
    await lockPack(t.db, ev.id, "first judgment");
    expect((await currentPack(t.db, ev.id))?.locked_at).not.toBeNull();
    expect(await savePack(t.db, ev.id, pack(0.9), { actorId: null, format: "json" })).toMatchObject({ version: 2, created: true });
    const versions = await listPackVersions(t.db, ev.id);
    expect(versions.map((v) => [v.version, v.body.gates[0].threshold])).toEqual([
      [2, 0.9],
      [1, 0.85],
    ]);
    const audit = await t.db.selectFrom("audit_log").select("action").where("entity", "=", "eval").where("entity_id", "=", String(ev.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["pack.create", "pack.edit", "pack.lock", "pack.new_version_after_lock"]));
  });
});

describe("pack schema", () => {
  it("expresses the seed's whole checklist (the demo pack)", async () => {
    const { readFileSync } = await import("node:fs");
    const pack = parsePack(readFileSync(new URL("../../db/seed/demo-pack.yaml", import.meta.url), "utf8"), "yaml");
    expect(pack.gates.map((g) => g.id)).toEqual([
      "target_improvement", "general_regression", "exact_match", "latency_p99", "human_preference", "adversarial_pass_rate", "schema_compliance",
    ]);
  });
  it("names the field of every problem", () => {
    expect(() => parsePack("name: p\ngates:\n  - id: Bad Id\n    metric: nope\n    comparator: '=>'\n    threshold: x\n", "yaml")).toThrow(
      /gates\.0\.id: .*\ngates\.0\.metric: metric must be one of .*\ngates\.0\.comparator: .*\ngates\.0\.threshold: /,
    );
    expect(() => parsePack("{", "json")).toThrow(/not valid JSON/);
  });
});
