/**
 * Other tools' files imported into an eval (issue 18 item 2), on PGlite and Postgres. Expected
 * figures are counted by hand from the fixtures (tests/fixtures/README.md says where each is from).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../app/import/formats/index.ts";
import { alpacaCaseId } from "../../app/import/formats/alpaca-eval.ts";
import { runFormatImport } from "../../app/services/import-format.server.ts";
import { createEval } from "../../db/evals.ts";
import { ImportRejected } from "../../db/import.ts";
import { importFormat } from "../../db/import-bundle.ts";
import { backends, type TestDb } from "../support/db.ts";

const FIX = join(__dirname, "..", "fixtures");
const dir = mkdtempSync(join(tmpdir(), "arbiter-import-formats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = (fileName: string, extra: Record<string, unknown> = {}) => ({ actorId: null, fileName, ...extra });

describe.each(backends())("format imports on $name", (backend) => {
  let t: TestDb;
  let n = 0;
  const newEval = async (candidate = "gpt-4", baseline = "llama-13b") =>
    (await createEval(t.db, { name: `fmt-${n++}`, description: "", overlap_k: 3, systems: [{ name: candidate, role: "candidate" }, { name: baseline, role: "baseline" }] }, null)).id;
  beforeAll(async () => {
    t = await backend.create();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("MT-bench: questions as multi-turn cases, answers as multi-turn outputs, human and GPT-4 judgments", async () => {
    const evalId = await newEval();
    const q = await importFormat(t.db, evalId, FORMATS["mt-bench"], join(FIX, "fastchat/question.jsonl"), opts("question.jsonl"));
    expect(q.cases.inserted).toBe(4);
    const c81 = await t.db.selectFrom("cases").selectAll().where("eval_id", "=", evalId).where("external_id", "=", "mt-bench-81").executeTakeFirstOrThrow();
    expect(Array.isArray(c81.input) && c81.input.length).toBe(2);
    expect(c81.category).toBe("writing");
    const c95 = await t.db.selectFrom("cases").select("reference").where("eval_id", "=", evalId).where("external_id", "=", "mt-bench-95").executeTakeFirstOrThrow();
    expect(c95.reference).toMatch(/^It means "Becoming loose are my clothes/);

    const a = await importFormat(t.db, evalId, FORMATS["mt-bench"], join(FIX, "fastchat/reference-answer-gpt-4.jsonl"), opts("gpt-4.jsonl"));
    expect(a.outputs.inserted).toBe(1);
    const out = await t.db.selectFrom("outputs").select(["text", "turns"]).where("source", "=", "import").executeTakeFirstOrThrow();
    expect(out.turns).toHaveLength(2);
    expect(out.text).toBe((out.turns as string[])[1]);

    const j = await importFormat(t.db, evalId, FORMATS["mt-bench"], join(FIX, "fastchat/judgments.jsonl"), opts("judgments.jsonl"));
    // 4 human lines (one on turn 2), 2 GPT-4 lines.
    expect(j).toMatchObject({ judgments: 4, verdicts: 2, duplicate_votes: 0, systems_created: [] });
    const judg = await sql<{ external_id: string; outcome: string; turn: number | null; name: string; email: string; task_id: string | null; import_id: number }>`
      select c.external_id, j.outcome, j.turn, u.name, u.email, j.task_id, j.import_id from judgments j join comparisons m on m.id = j.comparison_id
      join cases c on c.id = m.case_id join users u on u.id = j.annotator_id where j.eval_id = ${evalId} order by j.id`.execute(t.db);
    // gpt-4 is the candidate, so it is side a: line 4 (llama-13b as model_a, winner model_b) is an "a" win.
    expect(judg.rows.map((r) => [r.external_id, r.outcome, r.turn, r.name])).toEqual([
      ["mt-bench-81", "a", 1, "expert_0"],
      ["mt-bench-81", "tie", 1, "expert_1"],
      ["mt-bench-81", "a", 2, "expert_0 (turn 2)"],
      ["mt-bench-82", "a", 1, "expert_1"],
    ]);
    expect(judg.rows.every((r) => r.task_id === null && r.import_id === j.import_id && r.email.endsWith("@imported.invalid"))).toBe(true);
    const verd = await sql<{ external_id: string; winner: string; prompt_version: string; imported: boolean }>`
      select c.external_id, v.winner, v.prompt_version, (r.import_id is not null) as imported from verdicts v join cases c on c.id = v.case_id join judge_runs r on r.id = v.run_id
      where v.eval_id = ${evalId} order by v.id`.execute(t.db);
    // Line 5: both orders pick model_1 (gpt-4) → a; line 6: the orders disagree → tie.
    expect(verd.rows.map((r) => [r.external_id, r.winner, r.prompt_version, r.imported])).toEqual([
      ["mt-bench-81", "a", "imported", true],
      ["mt-bench-82", "tie", "imported", true],
    ]);
    const imp = await t.db.selectFrom("imports").selectAll().where("id", "=", j.import_id).executeTakeFirstOrThrow();
    expect(imp.format).toBe("mt-bench");

    // Re-importing the same votes records nothing twice.
    const again = await importFormat(t.db, evalId, FORMATS["mt-bench"], join(FIX, "fastchat/judgments.jsonl"), opts("judgments.jsonl"));
    expect(again.judgments).toBe(0);
    expect(again.duplicate_votes).toBe(4);
  });

  it("AlpacaEval: outputs of two generators on one case per instruction, annotations as an external judge", async () => {
    const evalId = await newEval("llama-2-7b-chat-hf", "text_davinci_003");
    const o1 = await importFormat(t.db, evalId, FORMATS["alpaca-eval"], join(FIX, "alpaca-eval/llama-2-7b-chat-hf-model_outputs.json"), opts("m.json"));
    const o2 = await importFormat(t.db, evalId, FORMATS["alpaca-eval"], join(FIX, "alpaca-eval/gpt4-model_outputs.json"), opts("g.json"));
    expect([o1.cases.inserted, o1.outputs.inserted, o2.cases.inserted, o2.cases.unchanged, o2.outputs.inserted]).toEqual([4, 4, 0, 4, 4]);
    expect(o2.systems_created).toEqual(["gpt4"]);
    const ann = await importFormat(t.db, evalId, FORMATS["alpaca-eval"], join(FIX, "alpaca-eval/llama-2-7b-chat-hf-annotations.json"), opts("annotations.json"));
    // The model's outputs in the annotations are the ones already imported: unchanged; the reference's are new.
    expect(ann).toMatchObject({ verdicts: 4, outputs: { inserted: 4, unchanged: 4, updated: 0 } });
    const v = await sql<{ winner: string; score: number | null; a: string }>`
      select v.winner, v.score, s.name as a from verdicts v join comparisons m on m.id = v.comparison_id join systems s on s.id = m.system_a_id
      where v.eval_id = ${evalId} order by v.id`.execute(t.db);
    // The model (candidate) is side a; preferences 2, 2, 1, 1 (2 prefers output_2, the model).
    expect(v.rows.map((r) => [r.a, r.winner, r.score])).toEqual([
      ["llama-2-7b-chat-hf", "a", 1],
      ["llama-2-7b-chat-hf", "a", 1],
      ["llama-2-7b-chat-hf", "b", 0],
      ["llama-2-7b-chat-hf", "b", 0],
    ]);
    const runs = await t.db.selectFrom("judge_runs").select(["config", "status"]).where("eval_id", "=", evalId).execute();
    expect(runs).toEqual([{ config: expect.objectContaining({ imported: true, judge: "alpaca_eval_gpt4" }), status: "done" }]);
    // Changing an output the judge has a verdict on is refused, naming the row; nothing changes.
    const rows = JSON.parse(readFileSync(join(FIX, "alpaca-eval/llama-2-7b-chat-hf-model_outputs.json"), "utf8"));
    rows[2].output = "something else";
    const changed = join(dir, `changed${n}.json`);
    writeFileSync(changed, JSON.stringify(rows));
    const err = await importFormat(t.db, evalId, FORMATS["alpaca-eval"], changed, opts("changed.json")).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).errors).toEqual([{ line: 1, field: "case_id", reason: expect.stringContaining("already has judgments or verdicts") }]);
  });

  it("Arena battles: cases, both conversations as outputs, votes as judgments of one external rater", async () => {
    const evalId = await newEval("vicuna-13b", "alpaca-13b");
    const s = await importFormat(t.db, evalId, FORMATS.arena, join(FIX, "arena/battles.json"), opts("battles.json"));
    expect(s).toMatchObject({ cases: { inserted: 4 }, outputs: { inserted: 8 }, judgments: 4, systems_created: ["koala-13b"] });
    const rows = await sql<{ external_id: string; a: string; b: string; outcome: string }>`
      select c.external_id, sa.name as a, sb.name as b, j.outcome from judgments j join comparisons m on m.id = j.comparison_id
      join cases c on c.id = m.case_id join systems sa on sa.id = m.system_a_id join systems sb on sb.id = m.system_b_id
      where j.eval_id = ${evalId} order by c.external_id`.execute(t.db);
    expect(rows.rows.map((r) => [r.external_id, r.a, r.b, r.outcome])).toEqual([
      ["arena-b1", "vicuna-13b", "koala-13b", "a"],
      // neither is the candidate; alpaca-13b is the baseline, so side b.
      ["arena-b2", "koala-13b", "alpaca-13b", "tie"],
      ["arena-b3", "vicuna-13b", "alpaca-13b", "both_bad"],
      ["arena-b4", "vicuna-13b", "alpaca-13b", "b"],
    ]);
    const b2 = await sql<{ input: unknown; turns: unknown }>`
      select c.input, o.turns from outputs o join cases c on c.id = o.case_id join systems s on s.id = o.system_id
      where c.external_id = 'arena-b2' and s.name = 'koala-13b' and c.eval_id = ${evalId}`.execute(t.db);
    expect(b2.rows[0]).toEqual({ input: [{ role: "user", content: "Say hi." }, { role: "user", content: "Again." }], turns: ["Hi.", "Hi again."] });
  });

  it("promptfoo: config as cases with mapped assertions (unsupported ones counted), results as outputs per provider", async () => {
    const evalId = await newEval("small", "large");
    const c = await importFormat(t.db, evalId, FORMATS.promptfoo, join(FIX, "promptfoo/every-assert.yaml"), opts("every-assert.yaml"));
    expect(c.cases.inserted).toBe(11);
    expect(c.unsupported).toEqual({ "contains-json": 1, javascript: 1, similar: 1, "contains-any": 1 });
    const cases = await t.db.selectFrom("cases").select(["external_id", "input", "assertions"]).where("eval_id", "=", evalId).orderBy("id").execute();
    expect(cases[0]).toMatchObject({ external_id: "test-1", input: "Answer as a helpful assistant: Say yes" });
    // defaultTest's latency assert comes first in every test.
    expect(cases.every((k) => (k.assertions as { type: string }[])[0].type === "max_latency_ms")).toBe(true);
    expect((cases[7].assertions as unknown[])[1]).toEqual({ type: "tool_call", name: "get_weather" });
    const r = await importFormat(t.db, evalId, FORMATS["promptfoo-results"], join(FIX, "promptfoo/every-assert-results.json"), opts("results.json"));
    expect(r.outputs.inserted).toBe(4);
    const outs = await sql<{ case: string; system: string; text: string | null; error: string | null; latency_ms: number | null; prompt_tokens: number | null }>`
      select c.external_id as case, s.name as system, o.text, o.error, o.latency_ms, o.prompt_tokens from outputs o join cases c on c.id = o.case_id join systems s on s.id = o.system_id
      where c.eval_id = ${evalId} order by c.external_id, s.name`.execute(t.db);
    expect(outs.rows).toEqual([
      { case: "test-1", system: "large", text: "Yes.", error: null, latency_ms: 910, prompt_tokens: 12 },
      { case: "test-1", system: "small", text: "yes", error: null, latency_ms: 420, prompt_tokens: 12 },
      { case: "test-2", system: "large", text: null, error: "rate limited", latency_ms: null, prompt_tokens: null },
      { case: "test-2", system: "small", text: "hello there", error: null, latency_ms: 300, prompt_tokens: null },
    ]);
  });

  it("lm-eval samples and OpenAI Evals samples", async () => {
    const evalId = await newEval("my-model", "base");
    const s = await importFormat(t.db, evalId, FORMATS["lm-eval"], join(FIX, "lm-eval/samples_arc_easy_2024-05-01T12-00-00.jsonl"), opts("arc.jsonl", { system: "my-model" }));
    expect(s.cases.inserted).toBe(2);
    const rows = await sql<{ external_id: string; reference: string; text: string; metrics: unknown }>`
      select c.external_id, c.reference, o.text, o.metrics from cases c join outputs o on o.case_id = c.id where c.eval_id = ${evalId} order by c.external_id`.execute(t.db);
    // doc 0: the highest log-likelihood is choice 2 (-9.8), the target; doc 1: choice 0 (-2.0), target 1.
    expect(rows.rows).toEqual([
      { external_id: "arc_easy-0", reference: "Planetary days will become shorter.", text: "Planetary days will become shorter.", metrics: { acc: 1, acc_norm: 1 } },
      { external_id: "arc_easy-1", reference: "Carbon dioxide", text: "Oxygen", metrics: { acc: 0 } },
    ]);
    const g = await importFormat(t.db, evalId, FORMATS["lm-eval"], join(FIX, "lm-eval/samples_gsm8k_2024-05-01T12-00-00.jsonl"), opts("gsm8k.jsonl", { system: "my-model" }));
    expect(g.outputs.inserted).toBe(1);
    const oe = await importFormat(t.db, evalId, FORMATS["openai-evals"], join(FIX, "openai-evals/test_match-samples.jsonl"), opts("samples.jsonl"));
    expect(oe.cases.inserted).toBe(20);
    const first = await t.db.selectFrom("cases").select(["input", "reference", "external_id"]).where("eval_id", "=", evalId).where("external_id", "=", "test_match-samples-1").executeTakeFirstOrThrow();
    expect(first).toEqual({ external_id: "test_match-samples-1", reference: "time", input: [{ role: "system", content: "Complete the phrase as concisely as possible." }, { role: "user", content: "Once upon a " }] });
  });

  it("a mapped CSV: the mapping is saved per eval and reused by the next import", async () => {
    const evalId = await newEval();
    const path = join(dir, `m${n}.csv`);
    writeFileSync(path, "qid,instruction,answer,type\nq1,What is 2+2?,4,math\nq2,Capital of France?,Paris,geo\n");
    const s = await runFormatImport(t.db, evalId, "csv", path, opts("m.csv", { mapping: { id: "qid", input: "instruction", reference: "answer", category: "type" } }));
    expect(s.cases.inserted).toBe(2);
    writeFileSync(path, "qid,instruction,answer,type\nq1,What is 2+2?,four,math\n");
    const again = await runFormatImport(t.db, evalId, "csv", path, opts("m.csv"));
    expect(again).toMatchObject({ cases: { updated: 1 }, mapping: { id: "qid", input: "instruction", reference: "answer", category: "type" } });
    const q1 = await t.db.selectFrom("cases").select(["reference", "category"]).where("eval_id", "=", evalId).where("external_id", "=", "q1").executeTakeFirstOrThrow();
    expect(q1).toEqual({ reference: "four", category: "math" });
  });

  it("all or nothing: one bad battle leaves the eval as it was and names its line and field", async () => {
    const evalId = await newEval("vicuna-13b", "alpaca-13b");
    const path = join(dir, `bad${n}.jsonl`);
    const ok = (id: string) => JSON.stringify({ question_id: id, model_a: "vicuna-13b", model_b: "alpaca-13b", winner: "model_a", conversation_a: [{ role: "user", content: "q" }, { role: "assistant", content: "x" }], conversation_b: [{ role: "user", content: "q" }, { role: "assistant", content: "y" }] });
    const lines = Array.from({ length: 2500 }, (_, i) => ok(`k${i}`));
    lines[2400] = JSON.stringify({ ...JSON.parse(ok("bad")), winner: "model_c" });
    writeFileSync(path, lines.join("\n") + "\n");
    const err = await importFormat(t.db, evalId, FORMATS.arena, path, opts("bad.jsonl")).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).errors).toEqual([{ line: 2401, field: "winner", reason: expect.stringContaining("model_c") }]);
    const counts = await sql<{ c: number; j: number; i: number }>`
      select (select count(*) from cases where eval_id = ${evalId})::int as c, (select count(*) from judgments where eval_id = ${evalId})::int as j,
             (select count(*) from imports where eval_id = ${evalId})::int as i`.execute(t.db);
    expect(counts.rows[0]).toEqual({ c: 0, j: 0, i: 0 });
  });
});
