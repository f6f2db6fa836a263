/**
 * Issue 14 items 7 and 8 over real HTTP: no body is read for a stranger or beyond its route's cap,
 * uploads leave no file behind and a crash's leftovers go at start; NUL characters and ids beyond
 * the database's range are 400s naming the field, not 500s.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../../support/app.ts";
import { demoEvalId, form, signIn, type HttpSession } from "../../support/http-session.ts";

let app: RunningApp;
let lead: HttpSession;
let evalId: number;
const uploads = mkdtempSync(join(tmpdir(), "arbiter-sec-uploads-"));
const stale = join(uploads, "999999"); // a dead process's folder

/** Declares a huge body, sends 1 kB, and resolves with the answer without sending the rest. */
function hugePost(path: string, headers: Record<string, string>, declared = 200 * 1024 * 1024): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, app.baseUrl);
    const req = httpRequest(url, { method: "POST", headers: { "content-length": String(declared), origin: app.baseUrl, ...headers } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on("error", (err) => ((err as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(err)));
    req.write(Buffer.alloc(1024, 97));
  });
}

beforeAll(async () => {
  mkdirSync(stale, { recursive: true });
  writeFileSync(join(stale, "arbiter-upload-left-behind.jsonl"), "x");
  app = await startApp({ ARBITER_UPLOAD_DIR: uploads, ARBITER_MAX_UPLOAD_BYTES: String(64 * 1024) });
  lead = await signIn(app.baseUrl, "lead@arbiter.local");
  evalId = await demoEvalId(lead);
}, 90_000);
afterAll(async () => {
  await app?.stop();
  rmSync(uploads, { recursive: true, force: true });
});

const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe("item 7: bodies before permissions", () => {
  it("answers a stranger's 200 MB POST without reading it, and caps a signed-in lead's by route", async () => {
    // A stranger: answered before the body (which never finishes arriving) is read.
    expect(await hugePost(`/evals/${evalId}/data`, { "content-type": "application/x-www-form-urlencoded" }, 900 * 1024)).toBe(303);
    expect(await hugePost(`/api/evals/${evalId}/import`, { "content-type": "multipart/form-data; boundary=x" }, 60 * 1024)).toBe(401);
    expect(await hugePost(`/evals/${evalId}/data`, { "content-type": "application/x-www-form-urlencoded" })).toBe(413);
    expect(await hugePost(`/evals/${evalId}/data`, { cookie: lead.cookie, "content-type": "application/x-www-form-urlencoded" })).toBe(413);
    expect(await hugePost(`/api/evals/${evalId}/import`, { cookie: lead.cookie, "content-type": "multipart/form-data; boundary=x" })).toBe(413);
    expect(await hugePost("/login", { "content-type": "application/x-www-form-urlencoded" })).toBe(413);
    // The server is fine afterwards.
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });

  it("deletes upload files on every path, and cleaned a dead process's folder at start", async () => {
    expect(existsSync(stale)).toBe(false);
    const upload = (text: string) => {
      const body = new FormData();
      body.set("kind", "cases");
      body.set("file", new Blob([text]), "c.jsonl");
      return lead.request(`/api/evals/${evalId}/import`, { method: "POST", body });
    };
    expect((await upload(JSON.stringify({ id: "b1", input: "x", category: "simple", suite: "target", shape: "open" }) + "\n")).status).toBe(200);
    expect((await upload("{oops\n")).status).toBe(422);
    // Over the upload cap: 413 before the body is read (the connection closes, so the client may only see EPIPE).
    const big = await upload("x".repeat(70 * 1024)).then((r) => r.status, (err: Error) => ((err.cause as NodeJS.ErrnoException | undefined)?.code === "EPIPE" ? 413 : 0));
    expect(big).toBe(413);
    expect(filesUnder(uploads)).toEqual([]);
  });
});

describe("item 8: input bounds", () => {
  it("answers NUL characters and out-of-range ids with 400 naming the field", async () => {
    const nulLogin = await fetch(`${app.baseUrl}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl },
      body: new URLSearchParams({ email: "lead@arbiter.local\u0000", password: DEMO_PASSWORD }),
    });
    expect(nulLogin.status).toBe(400);
    expect(await nulLogin.text()).toContain("email contains a NUL character");
    const snap = await lead.request(`/evals/${evalId}/export/report.json?snapshot=1%00`);
    expect(snap.status).toBe(400);
    expect(await snap.text()).toMatch(/query parameter .{1,6}snapshot.{1,6} contains a NUL character/);
    const path = await lead.request(`/evals/1%00/report`);
    expect(path.status).toBe(400);
    const big = await lead.request(`/evals/99999999999/report`);
    expect(big.status).toBe(400);
    expect(await big.text()).toContain("evalId must be a whole number from 1 to 2147483647");
    const ann = await signIn(app.baseUrl, "ann1@arbiter.local");
    const reason = await ann.request("/api/tasks/00000000-0000-4000-8000-000000000000/judgment", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ choice: "left", reason: "a\u0000b" }) });
    expect(reason.status).toBe(400);
    expect(((await reason.json()) as { error: string }).error).toBe("reason contains a NUL character");
  });
});
