/**
 * Issue 14 item 8, the remaining forms over real HTTP: a NUL character in a reason, a note, a
 * name or a rating's criterion, or an id beyond int4, is a 400 naming the field (app/schemas/bounded.ts),
 * never a 500 from Postgres; nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../support/app.ts";
import { demoEvalId, form, signIn, type HttpSession } from "../../support/http-session.ts";

let app: RunningApp;
let lead: HttpSession;
let owner: HttpSession;
let evalId: number;

beforeAll(async () => {
  app = await startApp();
  lead = await signIn(app.baseUrl, "lead@arbiter.local");
  owner = await signIn(app.baseUrl, "owner@arbiter.local");
  evalId = await demoEvalId(lead);
}, 90_000);
afterAll(async () => {
  await app?.stop();
});

/** A Remix action's own answer (the ?_data= request a fetcher makes), status and JSON. */
async function act(who: HttpSession, path: string, route: string, fields: Record<string, string>) {
  const res = await who.request(`${path}?_data=${encodeURIComponent(route)}`, form(fields));
  const text = await res.text();
  return { status: res.status, text };
}

describe("NUL and out-of-range numbers in form bodies", () => {
  it("sign-off: NUL in the note and a report_id beyond int4 are 400s naming the field", async () => {
    const base = { intent: "signoff", report_id: "1", content_hash: "0".repeat(64), decision: "go", note: "fine\u0000" };
    const nul = await act(owner, `/evals/${evalId}/report`, "routes/evals.$evalId.report", base);
    expect(nul).toEqual({ status: 400, text: expect.stringContaining("note contains a NUL character") });
    const big = await act(owner, `/evals/${evalId}/report`, "routes/evals.$evalId.report", { ...base, note: "fine", report_id: "99999999999" });
    expect(big).toEqual({ status: 400, text: expect.stringContaining("report_id must be a whole number from 1 to 2147483647") });
  });

  it("people: NUL in a new annotator's name, and a user_id beyond int4", async () => {
    const nul = await act(lead, "/people", "routes/people", { email: "nul@example.org", name: "Ann\u0000" });
    expect(nul).toEqual({ status: 400, text: expect.stringContaining("name contains a NUL character") });
    const big = await act(lead, "/people", "routes/people", { intent: "deactivate", user_id: "2147483648" });
    expect(big).toEqual({ status: 400, text: expect.stringContaining("user_id must be a whole number from 1 to 2147483647") });
    // Nobody was created.
    const page = await (await lead.request("/people")).text();
    expect(page).not.toContain("nul@example.org");
  });

  it("explore: NUL in a resolution note, a case_id beyond int4", async () => {
    const note = await act(lead, `/evals/${evalId}/explore`, "routes/evals.$evalId.explore", { intent: "resolve", case_id: "1", action: "fixed", note: "a\u0000b" });
    expect(note).toEqual({ status: 400, text: expect.stringContaining("note contains a NUL character") });
    const id = await act(lead, `/evals/${evalId}/explore`, "routes/evals.$evalId.explore", { intent: "include", case_id: "9999999999" });
    expect(id).toEqual({ status: 400, text: expect.stringContaining("case_id must be a whole number from 1 to 2147483647") });
  });

  it("web upload: a file with a byte that is not UTF-8 is refused with its line; a 20-digit numeric id imports", async () => {
    const line = (id: string) => `{"id": ${id}, "input": "q", "category": "bounds", "suite": "s", "shape": "qa"}\n`;
    const upload = (bytes: Buffer, name: string) => {
      const body = new FormData();
      body.set("kind", "cases");
      body.set("file", new Blob([new Uint8Array(bytes)]), name);
      return lead.request(`/api/evals/${evalId}/import`, { method: "POST", body });
    };
    const bad = Buffer.concat([Buffer.from(line('"b1"') + line('"b2"') + '{"id": "b3", "input": "caf'), Buffer.from([0xe9]), Buffer.from('", "category": "c", "suite": "s", "shape": "qa"}\n')]);
    const res = await upload(bad, "latin1.jsonl");
    expect(res.status).toBe(422); // the importer's status for a file with invalid rows
    const body = (await res.json()) as { errors: { line: number; reason: string }[] };
    expect(body.errors).toEqual([{ line: 3, field: null, reason: expect.stringMatching(/^invalid UTF-8 \(byte 0xe9/) }]);
    const ok = await upload(Buffer.from(line("12345678901234567890")), "ids.jsonl");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true });
  });
});
