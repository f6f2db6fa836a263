/**
 * Issue 14 item 8, import side: bytes that are not UTF-8, NUL characters, text above the per-field
 * limit and counts above int4 are refused naming the line and field, and nothing is written; ids
 * keep their digits exactly. Native and format importers, JSON Lines, CSV and JSON arrays.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../app/import/formats/index.ts";
import { readRows } from "../../app/import/read-rows.ts";
import { createEval } from "../../db/evals.ts";
import { importCases, importOutputs, ImportRejected } from "../../db/import.ts";
import { importFormat } from "../../db/import-bundle.ts";
import { backends, type TestDb } from "../support/db.ts";

const dir = mkdtempSync(join(tmpdir(), "arbiter-import-bounds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
const file = (name: string, body: string | Buffer) => {
  const p = join(dir, `${k++}-${name}`);
  writeFileSync(p, body);
  return p;
};
const opts = (fileName: string) => ({ actorId: null, fileName });
// `raw` is the id's JSON text as written in the file (a JS number literal would already have lost digits).
const caseLine = (id: string, extra = "", raw = JSON.stringify(id)) => `{"id": ${raw}, "input": "q", "category": "c", "suite": "s", "shape": "qa"${extra}}`;

describe.each(backends())("import bounds on $name", (backend) => {
  let t: TestDb;
  let n = 0;
  const newEval = async () =>
    (await createEval(t.db, { name: `bounds-${n++}`, description: "", overlap_k: 3, systems: [{ name: "a", role: "candidate" }, { name: "b", role: "baseline" }] }, null)).id;
  const counts = async () =>
    (await sql<{ c: number; o: number; i: number }>`select (select count(*)::int from cases) c, (select count(*)::int from outputs) o, (select count(*)::int from imports) i`.execute(t.db)).rows[0];
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    delete process.env.ARBITER_MAX_FIELD_BYTES;
  });

  const refused = async (run: () => Promise<unknown>) => {
    const before = await counts();
    const err = await run().catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect(await counts()).toEqual(before);
    return (err as ImportRejected).errors;
  };

  it("keeps a 20-digit JSON number id as its digits", async () => {
    const evalId = await newEval();
    const p = file("ids.jsonl", [caseLine("", "", "12345678901234567890"), caseLine("", "", "42"), caseLine("007")].join("\n") + "\n");
    await importCases(t.db, evalId, readRows(p, "jsonl"), opts("ids.jsonl"));
    const ids = (await t.db.selectFrom("cases").select("external_id").where("eval_id", "=", evalId).orderBy("external_id").execute()).map((r) => r.external_id);
    expect(ids).toEqual(["007", "12345678901234567890", "42"]);
    // Outputs name the case by the same digits.
    const o = file("out.jsonl", `{"case_id": 12345678901234567890, "system": "a", "text": "x"}\n`);
    const s = await importOutputs(t.db, evalId, readRows(o, "jsonl"), opts("out.jsonl"));
    expect(s.inserted).toBe(1);
  });

  it("refuses bytes that are not UTF-8 with the line (JSON Lines, CSV, a JSON array format)", async () => {
    const evalId = await newEval();
    const jsonl = file("bad.jsonl", Buffer.concat([Buffer.from(caseLine("1") + "\n" + caseLine("2") + "\n" + '{"id": "3", "input": "caf'), Buffer.from([0xe9]), Buffer.from('", "category": "c", "suite": "s", "shape": "qa"}\n')]));
    expect(await refused(() => importCases(t.db, evalId, readRows(jsonl, "jsonl"), opts("bad.jsonl")))).toEqual([{ line: 3, field: null, reason: expect.stringMatching(/^invalid UTF-8 \(byte 0xe9/) }]);
    const csv = file("bad.csv", Buffer.concat([Buffer.from("id,input,category,suite,shape\n1,q,c,s,qa\n2,caf"), Buffer.from([0xe9]), Buffer.from(",c,s,qa\n")]));
    expect(await refused(() => importCases(t.db, evalId, readRows(csv, "csv"), opts("bad.csv")))).toEqual([{ line: 3, field: null, reason: expect.stringMatching(/invalid UTF-8/) }]);
    const evals = file("samples.jsonl", Buffer.concat([Buffer.from('{"input": "ok", "ideal": "x"}\n{"input": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('", "ideal": "y"}\n')]));
    expect(await refused(() => importFormat(t.db, evalId, FORMATS["openai-evals"], evals, opts("samples.jsonl")))).toEqual([{ line: 2, field: null, reason: expect.stringMatching(/invalid UTF-8 \(byte 0xc3/) }]);
  });

  it("refuses NUL in imported text naming line and field", async () => {
    const evalId = await newEval();
    const jsonl = file("nul.jsonl", [caseLine("1"), caseLine("2", ', "reference": "a\\u0000b"')].join("\n") + "\n");
    expect(await refused(() => importCases(t.db, evalId, readRows(jsonl, "jsonl"), opts("nul.jsonl")))).toEqual([{ line: 2, field: "reference", reason: expect.stringContaining("NUL") }]);
    const csv = file("nul.csv", "id,input,category,suite,shape\n1,q,c,s,qa\n2,a\0b,c,s,qa\n");
    expect(await refused(() => importCases(t.db, evalId, readRows(csv, "csv"), opts("nul.csv")))).toEqual([{ line: 3, field: "input", reason: expect.stringContaining("NUL") }]);
    const battles = file("arena.json", JSON.stringify([{ question_id: "q1", model_a: "a", model_b: "b", winner: "model_a", conversation_a: [{ role: "user", content: "hi" }, { role: "assistant", content: "x\0y" }], conversation_b: [{ role: "user", content: "hi" }, { role: "assistant", content: "z" }] }], null, 1));
    expect(await refused(() => importFormat(t.db, evalId, FORMATS.arena, battles, opts("arena.json")))).toEqual([{ line: 2, field: "conversation_a.1.content", reason: expect.stringContaining("NUL") }]);
  });

  it("refuses a field above ARBITER_MAX_FIELD_BYTES, counted in UTF-8 bytes", async () => {
    const evalId = await newEval();
    process.env.ARBITER_MAX_FIELD_BYTES = "1000";
    // 400 "é" are 800 bytes (fits); 501 are 1002 bytes (does not), though only 501 characters.
    const p = file("big.jsonl", [caseLine("1", `, "context": "${"é".repeat(400)}"`), caseLine("2", `, "context": "${"é".repeat(501)}"`)].join("\n") + "\n");
    expect(await refused(() => importCases(t.db, evalId, readRows(p, "jsonl"), opts("big.jsonl")))).toEqual([{ line: 2, field: "context", reason: "is 1002 bytes, above the limit of 1000 bytes per field (ARBITER_MAX_FIELD_BYTES)" }]);
    const csv = file("big.csv", `id,input,category,suite,shape\n1,${"x".repeat(1001)},c,s,qa\n`);
    expect(await refused(() => importCases(t.db, evalId, readRows(csv, "csv"), opts("big.csv")))).toEqual([{ line: 2, field: "input", reason: expect.stringContaining("1001 bytes") }]);
  });

  it("refuses token counts above int4 naming line and field, not a 500", async () => {
    const evalId = await newEval();
    await importCases(t.db, evalId, readRows(file("c.jsonl", caseLine("1") + "\n"), "jsonl"), opts("c.jsonl"));
    const p = file("tok.jsonl", `{"case_id": "1", "system": "a", "text": "x", "prompt_tokens": 2147483647}\n{"case_id": "1", "system": "b", "text": "y", "completion_tokens": 2147483648}\n`);
    expect(await refused(() => importOutputs(t.db, evalId, readRows(p, "jsonl"), opts("tok.jsonl")))).toEqual([{ line: 2, field: "completion_tokens", reason: expect.stringContaining("2147483647") }]);
    const csv = file("tok.csv", `case_id,system,text,prompt_tokens\n1,a,x,99999999999\n`);
    expect(await refused(() => importOutputs(t.db, evalId, readRows(csv, "csv"), opts("tok.csv")))).toEqual([{ line: 2, field: "prompt_tokens", reason: expect.stringContaining("2147483647") }]);
  });

  it("refuses an MT-bench judgment turn beyond judgments.turn's smallint", async () => {
    const evalId = await newEval();
    await importFormat(t.db, evalId, FORMATS["mt-bench"], file("q.jsonl", '{"question_id": 81, "category": "writing", "turns": ["hi"]}\n'), opts("q.jsonl"));
    const j = file("j.jsonl", '{"question_id": 81, "model_a": "a", "model_b": "b", "winner": "model_a", "judge": "expert_0", "turn": 1}\n{"question_id": 81, "model_a": "a", "model_b": "b", "winner": "model_a", "judge": "expert_1", "turn": 40000}\n');
    const before = (await sql<{ n: number }>`select count(*)::int n from judgments`.execute(t.db)).rows[0].n;
    expect(await refused(() => importFormat(t.db, evalId, FORMATS["mt-bench"], j, opts("j.jsonl")))).toEqual([{ line: 2, field: "turn", reason: expect.stringContaining("32767") }]);
    expect((await sql<{ n: number }>`select count(*)::int n from judgments`.execute(t.db)).rows[0].n).toBe(before);
  });
});
