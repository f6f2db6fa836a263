/**
 * The annotator page's submit goes through the retrying JSON submit (issue 16 item 1): a 503 from a
 * database outage is followed by the same request again, and the page gets the normal flash.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientAction } from "../../app/routes/annotate._index.tsx";

const TASK = "6c1f5d2e-0c1a-4c55-9a59-0f3c4d2b1a77";

function pageSubmit(fields: Record<string, string>): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request("http://arbiter.test/annotate?index&eval=3", { method: "POST", body: form });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

afterEach(() => vi.unstubAllGlobals());

describe("annotator page submit", () => {
  it("sends the same judgment again after a 503 and shows the saved flash", async () => {
    const calls: { url: string; body: string }[] = [];
    const answers = [json(503, { error: "database unavailable, retry" }, { "retry-after": "0" }), json(201, { status: "recorded" })];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url: String(url), body: String(init.body) });
      return answers.shift()!;
    });
    const serverAction = vi.fn(async () => {
      throw new Error("the page's submit must not go to the server action");
    });
    const fields = { intent: "submit", task_id: TASK, time_ms: "1234", choice: "left", "side:left:correctness": "4", "rating:correctness": "4", reason: "cites the source" };
    const flash = await clientAction({ request: pageSubmit(fields), serverAction, params: {} } as never);
    expect(flash).toMatchObject({ ok: true, message: "Saved: Left is better.", undo: true });
    expect(calls).toHaveLength(2);
    expect(calls[0].url).toBe(`/api/tasks/${TASK}/judgment`);
    expect(calls[1]).toEqual(calls[0]);
    // The body the server action would have built from the same form.
    expect(JSON.parse(calls[0].body)).toEqual({
      choice: "left",
      ratings: { correctness: 4 },
      side_ratings: { left: { correctness: 4 }, right: {} },
      reason: "cites the source",
      time_ms: 1234,
    });
    expect(serverAction).not.toHaveBeenCalled();
  });

  it("a resend that finds the judgment recorded says so; a refusal shows the API's error", async () => {
    const answers = [json(200, { status: "already recorded" }), json(410, { error: "This task's lease has expired." })];
    vi.stubGlobal("fetch", async () => answers.shift()!);
    const serverAction = vi.fn();
    const fields = { intent: "submit", task_id: TASK, time_ms: "", choice: "tie" };
    expect(await clientAction({ request: pageSubmit(fields), serverAction, params: {} } as never)).toMatchObject({ ok: true, message: "Already saved.", undo: false });
    expect(await clientAction({ request: pageSubmit(fields), serverAction, params: {} } as never)).toMatchObject({ ok: false, error: "This task's lease has expired." });
  });

  it("leaves skip, flag, undo and guidelines to the server action", async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);
    const serverAction = vi.fn(async () => ({ ok: true, message: "Skipped.", at: 1 }));
    const out = await clientAction({ request: pageSubmit({ intent: "skip", task_id: TASK, skip_reason: "" }), serverAction, params: {} } as never);
    expect(out).toEqual({ ok: true, message: "Skipped.", at: 1 });
    expect(serverAction).toHaveBeenCalledTimes(1);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
