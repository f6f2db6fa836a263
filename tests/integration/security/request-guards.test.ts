/**
 * Issue 14 items 2, 3 and 10 over real HTTP: sign-in's ?next= stays on this site (a list of known
 * bypasses), state-changing requests from another origin are refused with 403 (never 500, never
 * done), and bearer tokens on the import API answer 401 or act with the lead's permissions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../../app/services/exports.server.ts";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../../support/app.ts";
import { demoEvalId, form, signIn, type HttpSession } from "../../support/http-session.ts";

let app: RunningApp;
let lead: HttpSession;
let evalId: number;

beforeAll(async () => {
  app = await startApp();
  lead = await signIn(app.baseUrl, "lead@arbiter.local");
  evalId = await demoEvalId(lead);
}, 90_000);
afterAll(async () => {
  await app?.stop();
});

const caseCount = async (s: HttpSession) => Number((await (await s.request(`/evals/${evalId}/data`)).text()).match(/data-testid="data-cases">(\d+)</)?.[1]);

function caseUpload(id: string): FormData {
  const body = new FormData();
  body.set("kind", "cases");
  body.set("file", new Blob([JSON.stringify({ id, input: "hi", category: "simple", suite: "target", shape: "open" }) + "\n"]), "c.jsonl");
  return body;
}

describe("item 2: open redirect after sign-in", () => {
  // Each would leave the site (or smuggle a header) if taken as is; the answer must be the role's home.
  const BYPASSES = [
    "/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/%0a/evil.example", "/\r\n/evil.example", "/%0d%0aSet-Cookie:x=1",
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "/%5Cevil.example", "/%5C%5Cevil.example",
    "/%2F/evil.example", "/%2f%2fevil.example", "/%252F%252Fevil.example", "https://evil.example", "http:evil.example", "javascript:alert(1)",
    "evil.example", "/.//evil.example", "/\u3000/evil.example", "/\uFF0F\uFF0Fevil.example", "/\u2215\u2215evil.example", "/%EF%BC%8F%EF%BC%8Fevil.example",
    "/\u0000/evil.example", " //evil.example",
  ];

  it("sends every known bypass home, and keeps a real path", async () => {
    for (const next of BYPASSES) {
      const res = await fetch(`${app.baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl },
        body: new URLSearchParams({ email: "lead@arbiter.local", password: DEMO_PASSWORD, next }),
      });
      expect(res.status, JSON.stringify(next)).toBe(302);
      expect(res.headers.get("location"), JSON.stringify(next)).toBe("/lead");
      // Signed in already: the login page's loader applies the same rule.
      const again = await lead.request(`/login?next=${encodeURIComponent(next)}`);
      // A NUL in the URL is refused before any route (item 8).
      if (next.includes("\u0000")) expect(again.status).toBe(400);
      else expect(again.headers.get("location"), JSON.stringify(next)).toBe("/lead");
    }
    const ok = await lead.request(`/login?next=${encodeURIComponent(`/evals/${evalId}/report?tab=gates#g1`)}`);
    expect(ok.headers.get("location")).toBe(`/evals/${evalId}/report?tab=gates#g1`);
  });
});

describe("item 3: cross-site request forgery", () => {
  it("refuses an import from another origin with 403 JSON and imports nothing", async () => {
    const before = await caseCount(lead);
    const res = await lead.crossSite(`/api/evals/${evalId}/import`, { method: "POST", body: caseUpload("csrf-1") });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await res.json()) as { error: string }).error).toMatch(/another origin/);
    // No Origin at all (and no Sec-Fetch-Site) is refused too; the same-site-but-other-port marker as well.
    expect((await fetch(`${app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", headers: { cookie: lead.cookie }, body: caseUpload("csrf-2") })).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", headers: { cookie: lead.cookie, "sec-fetch-site": "same-site" }, body: caseUpload("csrf-3") })).status).toBe(403);
    expect(await caseCount(lead)).toBe(before);
    // The browser's own page: Sec-Fetch-Site: same-origin (or our Origin) goes through.
    const own = await fetch(`${app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", headers: { cookie: lead.cookie, "sec-fetch-site": "same-origin" }, body: caseUpload("csrf-ok") });
    expect(own.status).toBe(200);
    expect(await caseCount(lead)).toBe(before + 1);
  });

  it("refuses a cross-site sign-out, and sign-out is POST only", async () => {
    const s = await signIn(app.baseUrl, "owner@arbiter.local");
    const forged = await s.crossSite("/logout", { method: "POST" });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toMatch(/text\/html/);
    const get = await s.request("/logout");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await s.request("/owner")).status).toBe(200); // still signed in
    const real = await s.request("/logout", { method: "POST" });
    expect(real.status).toBe(302);
    expect((await s.request("/owner")).status).toBe(302);
  });

  it("refuses a text/plain judgment and a claim from another origin on the annotators' task API", async () => {
    const opened = await lead.request(`/evals/${evalId}/human`, form({ intent: "open", k: "1", case_limit: "3" }));
    expect(opened.status).toBe(200);
    const ann = await signIn(app.baseUrl, "ann1@arbiter.local");
    const claim = await ann.crossSite("/api/tasks/next", { method: "POST" });
    expect(claim.status).toBe(403);
    const mine = await ann.request("/api/tasks/next", { method: "POST" });
    expect(mine.status).toBe(200);
    const { task } = (await mine.json()) as { task: { task_id: string } };
    const forged = await ann.crossSite(`/api/tasks/${task.task_id}/judgment`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ choice: "left" }) });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toMatch(/another origin/);
    // The task is still open: our own page's submit records it (201, not 200 "already recorded").
    const real = await ann.request(`/api/tasks/${task.task_id}/judgment`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ choice: "left" }) });
    expect(real.status).toBe(201);
  });

  it("answers a forged Remix action with a 403 page, not a 500, and does nothing", async () => {
    const res = await lead.crossSite("/tokens", form({ intent: "create", name: "forged" }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Refused");
    expect(await (await lead.request("/tokens")).text()).not.toContain("forged");
  });
});

describe("item 10: bearer tokens on the import API", () => {
  it("answers 401 JSON for a missing or unknown token, and imports with a lead's token", async () => {
    const anon = await fetch(`${app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", redirect: "manual", headers: { origin: app.baseUrl }, body: caseUpload("t-0") });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/Bearer/);
    const bad = await fetch(`${app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", redirect: "manual", headers: { authorization: "Bearer arb_nope" }, body: caseUpload("t-1") });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toMatch(/unknown or revoked/);

    const page = await (await lead.request("/tokens", form({ intent: "create", name: "pipeline" }))).text();
    const token = page.match(/arb_[A-Za-z0-9_-]+/)?.[0];
    expect(token).toBeDefined();
    const before = await caseCount(lead);
    // A pipeline: no cookie, no Origin, the eval by name.
    const ok = await fetch(`${app.baseUrl}/api/evals/northwind-support-v2/import`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: caseUpload("t-2") });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { ok: boolean }).ok).toBe(true);
    expect(await caseCount(lead)).toBe(before + 1);

    // An owner's token is an owner's permissions: no imports.
    const owner = await signIn(app.baseUrl, "owner@arbiter.local");
    const ownerToken = (await (await owner.request("/tokens", form({ intent: "create", name: "o" }))).text()).match(/arb_[A-Za-z0-9_-]+/)?.[0];
    const refused = await fetch(`${app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", headers: { authorization: `Bearer ${ownerToken}` }, body: caseUpload("t-3") });
    expect(refused.status).toBe(403);
  });
});

describe("item 4: CSV formula injection", () => {
  it("writes a reason that starts like a formula as text in judgments.csv", async () => {
    // (Reasons are trimmed on the way in, so tab and CR are checked on csvCell itself below.)
    const payloads = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"];
    const opened = await lead.request(`/evals/${evalId}/human?_data=routes%2Fevals.%24evalId.human`, form({ intent: "open", k: "3", case_limit: "20" }));
    expect(opened.status, await opened.clone().text()).toBe(200);
    const ann = await signIn(app.baseUrl, "ann2@arbiter.local");
    for (const reason of payloads) {
      const next = await ann.request("/api/tasks/next", { method: "POST" });
      const { task } = (await next.json()) as { task: { task_id: string } | null };
      expect(task, `claim for ${JSON.stringify(reason)}`).not.toBeNull();
      const done = await ann.request(`/api/tasks/${task!.task_id}/judgment`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ choice: "tie", reason }) });
      expect(done.status).toBe(201);
    }
    const csv = await (await lead.request(`/evals/${evalId}/export/judgments.csv`)).text();
    for (const reason of payloads) {
      // The cell is quoted (for the comma, quote or CR) and begins with an apostrophe.
      expect(csv, JSON.stringify(reason)).toContain(`"'${reason.replace(/"/g, '""')}"`);
    }
    // No cell of the export starts with a formula character.
    const cells = csv.split(/,|\n/).map((c) => c.replace(/^"/, ""));
    expect(cells.filter((c) => /^[=+@\t]/.test(c))).toEqual([]);
    expect([csvCell("\tcmd"), csvCell("\r=1"), csvCell("-x"), csvCell(-0.05), csvCell("plain")]).toEqual(['"\'\tcmd"', '"\'\r=1"', `"'-x"`, "-0.05", "plain"]);
  });
});
