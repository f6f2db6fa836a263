/**
 * The annotators' JSON task endpoints over real HTTP (server.ts answers them ahead of Express and
 * Remix): role checks, methods, bodies, headers, and sign-out taking effect at once despite the
 * session cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../support/app.ts";

let app: RunningApp;

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${app.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, next: "" }),
  });
  expect(res.status).toBe(302);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  expect(cookie).toMatch(/^arbiter_session=/);
  return cookie!;
}

const call = (path: string, init: { method?: string; cookie?: string; body?: string; type?: string } = {}) =>
  fetch(`${app.baseUrl}${path}`, {
    method: init.method ?? "POST",
    headers: { origin: app.baseUrl, ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.type ? { "content-type": init.type } : {}) },
    body: init.body,
  });

describe("task API over HTTP", () => {
  beforeAll(async () => {
    app = await startApp();
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("answers strangers 401 and other roles 403, as JSON, with the security headers", async () => {
    const anon = await call("/api/tasks/next");
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: "Sign in first." });
    expect(anon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(anon.headers.get("x-frame-options")).toBe("DENY");
    expect(anon.headers.get("cache-control")).toBe("no-store");
    const lead = await signIn("lead@arbiter.local");
    const refused = await call("/api/tasks/next", { cookie: lead });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain("signed in as lead");
    // A task id that is not a uuid changes nothing for a lead either.
    expect((await call("/api/tasks/not-a-task/judgment", { cookie: lead, body: "{}", type: "application/json" })).status).toBe(403);
  });

  it("takes POST only, JSON bodies only, and bodies of 64 kB at most", async () => {
    const ann = await signIn("ann1@arbiter.local");
    const get = await call("/api/tasks/next", { method: "GET", cookie: ann });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await call("/api/tasks/next?eval=abc", { cookie: ann })).status).toBe(400);
    const uuid = "00000000-0000-4000-8000-000000000000";
    const notJson = await call(`/api/tasks/${uuid}/judgment`, { cookie: ann, body: "choice=left", type: "application/x-www-form-urlencoded" });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toContain("The body must be JSON");
    const huge = await call(`/api/tasks/${uuid}/judgment`, { cookie: ann, body: JSON.stringify({ choice: "left", reason: "x".repeat(70_000) }), type: "application/json" });
    expect(huge.status).toBe(413);
    const unknown = await call(`/api/tasks/${uuid}/judgment`, { cookie: ann, body: JSON.stringify({ choice: "left" }), type: "application/json" });
    expect(unknown.status).toBe(404);
    // Paths the API does not own fall through to Remix (its catch-all page: 404, or 405 for a POST).
    const other = await call("/api/tasks/next/extra", { cookie: ann });
    expect([404, 405]).toContain(other.status);
    expect(other.headers.get("content-type")).toContain("text/html");
  });

  it("undo and history: the annotator role only, their methods, their bodies", async () => {
    expect((await call("/api/tasks/history", { method: "GET" })).status).toBe(401);
    const lead = await signIn("lead@arbiter.local");
    expect((await call("/api/tasks/undo", { cookie: lead, body: "{}", type: "application/json" })).status).toBe(403);
    expect((await call("/api/tasks/history", { method: "GET", cookie: lead })).status).toBe(403);
    const ann = await signIn("ann3@arbiter.local");
    const history = await call("/api/tasks/history", { method: "GET", cookie: ann });
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual({ judgments: [] });
    expect((await call("/api/tasks/history", { cookie: ann })).status).toBe(405);
    expect((await call("/api/tasks/undo", { method: "GET", cookie: ann })).status).toBe(405);
    expect((await call("/api/tasks/undo", { cookie: ann, body: '{"eval": "x"}', type: "application/json" })).status).toBe(400);
    expect((await call("/api/tasks/undo", { cookie: ann, body: "not json", type: "application/json" })).status).toBe(400);
    // Nothing judged yet: nothing to undo, with or without a body.
    const none = await call("/api/tasks/undo", { cookie: ann, body: "{}", type: "application/json" });
    expect(none.status).toBe(409);
    expect(((await none.json()) as { error: string }).error).toContain("Nothing to undo");
    expect((await call("/api/tasks/undo", { cookie: ann })).status).toBe(409);
  });

  it("signing out ends API access at once, although sessions are cached", async () => {
    const ann = await signIn("ann2@arbiter.local");
    expect((await call("/api/tasks/next", { cookie: ann })).status).toBe(200);
    const out = await fetch(`${app.baseUrl}/logout`, { method: "POST", redirect: "manual", headers: { cookie: ann, origin: app.baseUrl } });
    expect(out.status).toBe(302);
    const after = await call("/api/tasks/next", { cookie: ann });
    expect(after.status).toBe(401);
  });
});
