import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEval } from "../../db/evals.ts";
import { generateOutputs } from "../../judges/generate-outputs.ts";
import { pgliteBackend, type TestDb } from "../support/db.ts";
import { chatRequests, startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

describe("generating outputs against an OpenAI-compatible endpoint", () => {
  let t: TestDb;
  let stub: StubServer;
  let evalId: number;
  let systemId: number;

  beforeAll(async () => {
    t = await pgliteBackend.create();
    stub = await startOpenAIStub();
    const ev = await createEval(t.db, { name: "gen", description: "", overlap_k: 1, systems: [{ name: "ft", role: "candidate" }] }, null);
    evalId = ev.id;
    systemId = (await t.db.selectFrom("systems").select("id").where("eval_id", "=", ev.id).executeTakeFirstOrThrow()).id;
    await t.db
      .insertInto("cases")
      .values(
        Array.from({ length: 6 }, (_, i) => ({
          eval_id: ev.id,
          external_id: `g${i}`,
          input: JSON.stringify(i === 5 ? [{ role: "user", content: "chat input 5" }] : `prompt ${i}`),
          context: i === 0 ? "the source passage" : null,
          reference: null,
          category: "simple",
          suite: "target",
          shape: "open",
          tags: "[]",
          assertions: "[]",
          content_hash: null,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await stub?.close();
    await t?.close();
  });

  it("records answers, latency and tokens; 429 with Retry-After and 500s are retried; failures are recorded on the output", async () => {
    stub.setBehaviour((body) => {
      const last = body.messages[body.messages.length - 1].content;
      if (last === "prompt 3") return { kind: "malformed" };
      return { kind: "answer", delayMs: 30, responder: (b) => `answer to ${b.messages[b.messages.length - 1].content}` };
    });
    stub.enqueue({ kind: "status", status: 429, retryAfter: 1 }, { kind: "status", status: 500 });
    const t0 = performance.now();
    const progress: number[] = [];
    const result = await generateOutputs(t.db, {
      evalId,
      systemId,
      model: "stub-model",
      baseURL: stub.baseURL,
      concurrency: 2,
      maxRetries: 2,
      actorId: null,
      onProgress: (p) => progress.push(p.done),
    });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(900);
    expect(result).toMatchObject({ total: 6, done: 6, errors: 1 });
    expect(progress.at(-1)).toBe(6);
    const outputs = await t.db
      .selectFrom("outputs")
      .innerJoin("cases", "cases.id", "outputs.case_id")
      .select(["cases.external_id", "outputs.text", "outputs.error", "outputs.latency_ms", "outputs.completion_tokens", "outputs.source"])
      .where("outputs.system_id", "=", systemId)
      .orderBy("cases.external_id")
      .execute();
    expect(outputs.map((o) => o.text)).toEqual(["answer to prompt 0", "answer to prompt 1", "answer to prompt 2", null, "answer to prompt 4", "answer to chat input 5"]);
    expect(outputs[3].error).toMatch(/^endpoint_malformed: /);
    expect(outputs[0].latency_ms).toBeGreaterThanOrEqual(25);
    expect(outputs[0].completion_tokens).toBeGreaterThan(0);
    const first = chatRequests(stub).find((r) => r.body?.messages.at(-1)?.content === "prompt 0");
    expect(first?.body?.messages[0]).toEqual({ role: "system", content: "Use this context to answer.\n\nthe source passage" });
    const run = await t.db.selectFrom("generation_runs").selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: "done", total: 6, done: 6, errors: 1 });
  });

  it("resumes: a second run calls only for what is missing or failed", async () => {
    stub.reset();
    stub.setBehaviour({ kind: "answer", responder: () => "fixed now" });
    const result = await generateOutputs(t.db, { evalId, systemId, model: "stub-model", baseURL: stub.baseURL, actorId: null });
    expect(result).toMatchObject({ total: 1, done: 1, errors: 0 });
    expect(chatRequests(stub)).toHaveLength(1);
    const third = await generateOutputs(t.db, { evalId, systemId, model: "stub-model", baseURL: stub.baseURL, actorId: null });
    expect(third.total).toBe(0);
    expect(chatRequests(stub)).toHaveLength(1);
  });

  it("records judge-unreachable endpoints as errors on every output, never dropping a case", async () => {
    const ev = await createEval(t.db, { name: "gen-down", description: "", overlap_k: 1, systems: [{ name: "ft", role: "candidate" }] }, null);
    const sys = (await t.db.selectFrom("systems").select("id").where("eval_id", "=", ev.id).executeTakeFirstOrThrow()).id;
    await t.db
      .insertInto("cases")
      .values([{ eval_id: ev.id, external_id: "d0", input: JSON.stringify("x"), context: null, reference: null, category: "c", suite: "s", shape: "open", tags: "[]", assertions: "[]", content_hash: null }])
      .execute();
    const result = await generateOutputs(t.db, { evalId: ev.id, systemId: sys, model: "m", baseURL: "http://127.0.0.1:9/v1", maxRetries: 0, timeoutMs: 2000, actorId: null });
    expect(result).toMatchObject({ done: 1, errors: 1 });
    const out = await t.db.selectFrom("outputs").select(["error", "text"]).where("system_id", "=", sys).executeTakeFirstOrThrow();
    expect(out.text).toBeNull();
    expect(out.error).toMatch(/^endpoint_unavailable/);
  });
});
