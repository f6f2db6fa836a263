/**
 * Issue 14 item 1: the server calls only endpoints its operator configured, chosen by name; a URL
 * a lead types never receives the server's key, and what an endpoint answers is stored only as a
 * status and a short sanitised message.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEval } from "../../../db/evals.ts";
import { generateOutputs } from "../../../judges/generate-outputs.ts";
import { loadEndpoints, sanitiseEndpointError, testEndpoint } from "../../../judges/endpoints.ts";
import { startApp, type RunningApp } from "../../support/app.ts";
import { pgliteBackend, type TestDb } from "../../support/db.ts";
import { demoEvalId, form, signIn, type HttpSession } from "../../support/http-session.ts";
import { startOpenAIStub, type StubServer } from "../../support/openai-stub.ts";

const OPERATOR_KEY = "sk-operator-secret-0123456789";
const ENV_KEY = "sk-env-key-0123456789";
const INTERNAL_PAGE = "<html><body><h1>Admin console</h1><p>db password: hunter2</p></body></html>";

/** An "internal service" a lead might aim the server at: records who called, answers a private page. */
function startInternal(): Promise<{ server: Server; url: string; hits: { auth: string | undefined }[] }> {
  const hits: { auth: string | undefined }[] = [];
  const server = createServer((req, res) => {
    hits.push({ auth: req.headers.authorization });
    req.resume();
    res.writeHead(500, { "content-type": "text/html" }).end(INTERNAL_PAGE);
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, hits })));
}

describe("endpoint registry", () => {
  let app: RunningApp;
  let stub: StubServer;
  let internal: Awaited<ReturnType<typeof startInternal>>;
  let lead: HttpSession;
  let evalId: number;

  beforeAll(async () => {
    stub = await startOpenAIStub({ kind: "answer", responder: () => "generated" });
    internal = await startInternal();
    app = await startApp({
      ARBITER_ENDPOINTS: JSON.stringify([{ name: "lab", base_url: stub.baseURL, api_key: OPERATOR_KEY, models: ["m1"], use: ["generate", "judge"] }]),
      OPENAI_API_KEY: ENV_KEY,
      JUDGE_BASE_URL: "",
      OPENAI_BASE_URL: "",
    });
    lead = await signIn(app.baseUrl, "lead@arbiter.local");
    evalId = await demoEvalId(lead);
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await stub?.close();
    await new Promise((r) => internal?.server.close(r));
  });

  it("refuses a generate request that names a URL instead of a configured endpoint, and sends nothing there", async () => {
    const typed = await lead.request(`/evals/${evalId}/data`, form({ intent: "generate", system: "baseline", model: "m1", base_url: internal.url }));
    expect(typed.status).toBe(400);
    const unknown = await lead.request(`/evals/${evalId}/data`, form({ intent: "generate", system: "baseline", model: "m1", endpoint: internal.url }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("no endpoint named");
    const model = await lead.request(`/evals/${evalId}/data`, form({ intent: "generate", system: "baseline", model: "gpt-secret", endpoint: "lab" }));
    expect(model.status).toBe(400);
    expect(await model.text()).toContain("allows the models m1, not");
    // The judge tab takes names too.
    const judge = await lead.request(`/evals/${evalId}/judge`, form({ intent: "run", protocol: "pairwise", model: "m1", endpoint: "elsewhere" }));
    expect(judge.status).toBe(400);
    expect(internal.hits).toHaveLength(0);
  });

  it("generates through the named endpoint with that endpoint's key, and the pages never show a key", async () => {
    // One new case, so the baseline has something to generate.
    const body = new FormData();
    body.set("kind", "cases");
    body.set("file", new Blob([JSON.stringify({ id: "new-1", input: "hello?", category: "simple", suite: "target", shape: "open" }) + "\n"]), "new.jsonl");
    const imported = await lead.request(`/api/evals/${evalId}/import`, { method: "POST", body });
    expect(imported.status).toBe(200);
    const before = stub.requests.length;
    const started = await lead.request(`/evals/${evalId}/data`, form({ intent: "generate", system: "baseline", model: "m1", endpoint: "lab", base_url: internal.url }));
    expect(started.status).toBe(200);
    await expect.poll(async () => (await (await lead.request(`/evals/${evalId}/data`)).text()).includes(">done<"), { timeout: 30_000 }).toBe(true);
    const calls = stub.requests.slice(before).filter((r) => r.path.endsWith("/chat/completions"));
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.headers.authorization))).toEqual(new Set([`Bearer ${OPERATOR_KEY}`]));
    expect(internal.hits).toHaveLength(0);
    for (const page of [`/evals/${evalId}/data`, `/evals/${evalId}/judge`]) {
      const html = await (await lead.request(page)).text();
      expect(html).not.toContain(OPERATOR_KEY);
      expect(html).not.toContain(ENV_KEY);
      expect(html).toContain("lab");
    }
  });
});

describe("what is kept from an endpoint's answer", () => {
  let t: TestDb;
  let internal: Awaited<ReturnType<typeof startInternal>>;
  beforeAll(async () => {
    t = await pgliteBackend.create();
    internal = await startInternal();
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => internal?.server.close(r));
  });

  it("stores status and a short message, never the page that answered", async () => {
    const ev = await createEval(t.db, { name: "leak", description: "", overlap_k: 1, systems: [{ name: "ft", role: "candidate" }] }, null);
    const systemId = (await t.db.selectFrom("systems").select("id").where("eval_id", "=", ev.id).executeTakeFirstOrThrow()).id;
    await t.db
      .insertInto("cases")
      .values({ eval_id: ev.id, external_id: "c1", input: JSON.stringify("hi"), context: null, reference: null, category: "simple", suite: "target", shape: "open", tags: "[]", assertions: "[]", content_hash: null })
      .execute();
    const result = await generateOutputs(t.db, { evalId: ev.id, systemId, model: "m", baseURL: internal.url, maxRetries: 0, actorId: null });
    expect(result.errors).toBe(1);
    const row = await t.db.selectFrom("outputs").select("error").where("system_id", "=", systemId).executeTakeFirstOrThrow();
    expect(row.error).toBe("endpoint_unavailable: HTTP 500 (after 1 attempt)");
  });

  it("sanitises messages without a status: no markup, URLs, keys or control characters, 160 characters at most", () => {
    const msg = sanitiseEndpointError(new Error(`<b>boom</b> at http://10.0.0.5:8080/admin?x=1 key sk-abcdef1234567890\u0000\n${"x".repeat(500)}`));
    expect(msg.startsWith("endpoint_error: boom at [url] key [redacted] x")).toBe(true);
    expect(msg).not.toMatch(/[<>\u0000\n]|10\.0\.0\.5|sk-abc/);
    expect(msg.length).toBeLessThanOrEqual("endpoint_error: ".length + 160);
  });

  it("reads endpoints from env and a file, keeps the legacy variables as default endpoints, and lists no keys", async () => {
    const reg = loadEndpoints({ JUDGE_BASE_URL: "http://127.0.0.1:9/v1/", JUDGE_MODEL: "jm", JUDGE_API_KEY: "sk-judge-0123456", OPENAI_BASE_URL: "http://127.0.0.1:10/v1", OPENAI_API_KEY: "sk-gen-0123456" });
    expect(reg.list().map((e) => [e.name, e.baseURL, e.use.join(), e.hasKey])).toEqual([
      ["judge", "http://127.0.0.1:9/v1", "judge", true],
      ["openai", "http://127.0.0.1:10/v1", "generate", true],
    ]);
    expect(JSON.stringify(reg.list())).not.toContain("sk-");
    const judge = reg.resolve(undefined, "judge");
    expect("error" in judge ? judge.error : [judge.endpoint.apiKey, judge.model]).toEqual(["sk-judge-0123456", "jm"]);
    const capped = loadEndpoints({ ARBITER_ENDPOINTS: JSON.stringify({ endpoints: [{ name: "b", base_url: "http://x.test/v1", budget_tokens: 1000, api_key_env: "B_KEY" }] }), B_KEY: "kb" });
    const r = capped.resolve("b", "judge", "any", 5000);
    expect("error" in r ? r.error : [r.budgetTokens, r.endpoint.apiKey]).toEqual([1000, "kb"]);
    expect(() => loadEndpoints({ ARBITER_ENDPOINTS: '[{"name":"x","base_url":"file:///etc/passwd"}]' })).toThrow(/base_url/);
    // "Test connection" answers with the status only, not the page.
    const tested = await testEndpoint({ name: "i", baseURL: internal.url, models: [], use: ["judge"] });
    expect(tested).toMatchObject({ ok: false, status: 500, message: "HTTP 500", models: [] });
  });
});
