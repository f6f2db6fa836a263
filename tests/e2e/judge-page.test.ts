/**
 * The lead's LLM-judge page in Chromium: without an endpoint it says how to configure one; with
 * the OpenAI-compatible stub it starts a pairwise run, shows progress until done, runs the
 * injection probes and a faithfulness run, and (on Postgres, where the test can add human
 * judgments to the app's database) shows judge-human agreement. Screenshots in tests/screenshots.
 */
import type { Browser } from "playwright-core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/connect.ts";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../support/app.ts";
import { launchBrowser, loginAs, screenshot, skipE2E } from "../support/browser.ts";
import { judgeResponder, judgeStep } from "../support/judge-fixture.ts";
import { fencedText, startOpenAIStub, type ChatRequestBody, type StubServer } from "../support/openai-stub.ts";

/** Demo outputs carry no mark: this judge prefers the longer answer, in either order. */
function demoJudge(body: ChatRequestBody) {
  if (judgeStep(body) !== "pairwise") return judgeResponder(body);
  const a = fencedText(body, "OUTPUT_A") ?? "";
  const b = fencedText(body, "OUTPUT_B") ?? "";
  return { content: JSON.stringify({ verdict: a.length >= b.length ? "A>B" : "B>A", reason: "the more complete answer" }) };
}

describe.skipIf(skipE2E())("the LLM judge page, in Chromium", () => {
  let browser: Browser;
  let stub: StubServer;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    stub = await startOpenAIStub({ kind: "answer", delayMs: 30, responder: demoJudge });
  });
  afterAll(async () => {
    await browser?.close();
    for (const a of apps) await a.stop();
    await stub?.close();
  });

  it("without an endpoint, says how to configure one", async () => {
    const app = await startApp({ JUDGE_BASE_URL: "" });
    apps.push(app);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await loginAs(page, app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${app.baseUrl}/evals/1/judge`);
    await expect.poll(() => page.getByTestId("judge-unconfigured").textContent()).toContain("JUDGE_BASE_URL");
    await expect.poll(() => page.getByTestId("judge-unconfigured").textContent()).toContain("JUDGE_API_KEY");
    await screenshot(page, "judge-unconfigured");
    await page.close();
  });

  it("starts a run, shows progress to done, probes injection, scores faithfulness and shows agreement", async () => {
    const app = await startApp({ JUDGE_BASE_URL: stub.baseURL, JUDGE_MODEL: "stub-judge", JUDGE_API_KEY: "sk-test-never-stored" });
    apps.push(app);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await loginAs(page, app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${app.baseUrl}/evals/1/judge`);
    await page.getByTestId("start-judge").click();
    await expect.poll(() => page.locator('[data-testid^="judge-run-status-"]').first().textContent(), { timeout: 60_000 }).toBe("done");
    const winRate = await page.getByTestId("judge-win-rate").textContent();
    expect(winRate).toMatch(/%$/);
    // Equal-length answers get "A>B" in both orders: a flip, so consistency is below 100%.
    await expect.poll(() => page.getByTestId("judge-consistency").textContent()).toMatch(/^\d+\.\d%$/);
    // The key went to the endpoint, never to the page.
    expect(stub.requests.some((r) => r.headers.authorization === "Bearer sk-test-never-stored")).toBe(true);
    await expect.poll(() => page.content()).not.toContain("sk-test-never-stored");

    await page.getByTestId("run-probes").click();
    await expect.poll(() => page.getByTestId("probe-flip-rate").textContent(), { timeout: 60_000 }).toMatch(/%$/);

    await page.selectOption('select[name="protocol"]', "faithfulness");
    await page.getByTestId("start-judge").click();
    await expect.poll(() => page.locator('[data-testid^="judge-run-status-"]').count()).toBe(2);
    await expect.poll(() => page.locator('[data-testid^="judge-run-status-"]').first().textContent(), { timeout: 60_000 }).toBe("done");
    await expect.poll(() => page.getByTestId("unsupported-claims").textContent()).toContain("cites a page");

    if (app.databaseUrl) {
      // Two annotators' judgments on the first comparisons, so judge-human agreement has data.
      const h = await connect({ databaseUrl: app.databaseUrl });
      try {
        const ann = await h.db.selectFrom("users").select("id").where("role", "=", "annotator").orderBy("id").limit(2).execute();
        const cmps = await h.db.selectFrom("comparisons").select("id").where("eval_id", "=", 1).orderBy("id").limit(12).execute();
        let i = 0;
        for (const c of cmps) {
          for (const [slot, a] of ann.entries()) {
            // Mostly agreeing annotators, with one split comparison in four.
            const outcome = i % 4 === 3 && slot === 1 ? "tie" : (["a", "b", "a", "b"] as const)[i % 4];
            const task = await h.db.insertInto("tasks").values({ eval_id: 1, comparison_id: c.id, slot, candidate_left: slot === 0, preferred_left: null, status: "done" }).returning("id").executeTakeFirstOrThrow();
            await h.db
              .insertInto("judgments")
              .values({ task_id: task.id, eval_id: 1, comparison_id: c.id, annotator_id: a.id, choice: "left", outcome, candidate_left: slot === 0, ratings: "{}", reason: null, time_ms: 5000 })
              .execute();
          }
          i++;
        }
        await sql`select 1`.execute(h.db);
      } finally {
        await h.close();
      }
      await page.reload();
      await expect.poll(() => page.getByTestId("confusion").count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId("judge-human-agreement").first().textContent()).toContain("n = 12");
    }
    await screenshot(page, "judge-page");
    await page.close();
  }, 180_000);
});
