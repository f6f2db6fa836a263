/**
 * Hybrid evidence on the pages (issue 17 items 2–4), in Chromium on Postgres (the test writes human
 * judgments into the app's database): a judge that prefers longer answers judges every demo
 * comparison after three annotators judged the first 30 comparisons of the seeded queue, and the report
 * shows classical vs PPI intervals with the effective n and the judge's length-controlled win rate;
 * the human tab shows how the interval narrows; the judge tab shows LC beside the raw win rate.
 * Screenshots in tests/screenshots (hybrid-*.png).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/connect.ts";
import { openForJudging } from "../../db/comparisons.ts";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../support/app.ts";
import { launchBrowser, loginAs, screenshot, skipE2E } from "../support/browser.ts";
import { judgeResponder, judgeStep } from "../support/judge-fixture.ts";
import { fencedText, startOpenAIStub, type ChatRequestBody, type StubServer } from "../support/openai-stub.ts";

function longerJudge(body: ChatRequestBody) {
  if (judgeStep(body) !== "pairwise") return judgeResponder(body);
  const a = fencedText(body, "OUTPUT_A") ?? "";
  const b = fencedText(body, "OUTPUT_B") ?? "";
  // Mostly the longer answer; one pair in three the shorter, so length does not separate the verdicts.
  const longerFirst = (a.length + b.length) % 3 !== 0;
  const aWins = a.length > b.length === longerFirst;
  return { content: JSON.stringify({ verdict: a.length === b.length ? "A=B" : aWins ? "A>B" : "B>A", reason: "length" }) };
}

describe.skipIf(skipE2E() || !process.env.DATABASE_URL)("hybrid evidence on the report, human and judge tabs", () => {
  let browser: Browser;
  let stub: StubServer;
  let app: RunningApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    stub = await startOpenAIStub({ kind: "answer", delayMs: 5, responder: longerJudge });
    app = await startApp({ JUDGE_BASE_URL: stub.baseURL, JUDGE_MODEL: "stub-judge", JUDGE_API_KEY: "sk-test" });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await stub?.close();
  });

  it("shows PPI beside the classical interval, LC beside the raw win rate, and the narrowing", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await loginAs(page, app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    const h = await connect({ databaseUrl: app.databaseUrl! });
    try {
      await openForJudging(h.db, 1, { k: 3, caseLimit: 30, actorId: null });
      const ann = await h.db.selectFrom("users").select("id").where("role", "=", "annotator").orderBy("id").limit(3).execute();
      const tasks = await h.db.selectFrom("tasks").select(["id", "comparison_id", "slot", "candidate_left"]).where("eval_id", "=", 1).orderBy("queue_pos").execute();
      let i = 0;
      for (const t of tasks) {
        // Humans mostly prefer the candidate (system a), with some disagreement.
        const outcome = (["a", "a", "b", "tie", "a"] as const)[(i * 7 + t.slot) % 5];
        await h.db.updateTable("tasks").set({ status: "done" }).where("id", "=", t.id).execute();
        await h.db
          .insertInto("judgments")
          .values({ task_id: t.id, eval_id: 1, comparison_id: t.comparison_id, annotator_id: ann[t.slot % ann.length].id, choice: "left", outcome, candidate_left: t.candidate_left, ratings: "{}", reason: null, time_ms: 4000 })
          .execute();
        i++;
      }
    } finally {
      await h.close();
    }

    await page.goto(`${app.baseUrl}/evals/1/judge`);
    await page.getByTestId("start-judge").click();
    await expect.poll(() => page.locator('[data-testid^="judge-run-status-"]').first().textContent(), { timeout: 90_000 }).toBe("done");

    await page.goto(`${app.baseUrl}/evals/1/judge`);
    await expect.poll(() => page.getByTestId("judge-lc").textContent()).toContain("length-controlled");
    await expect.poll(() => page.getByTestId("judge-lc-longer").textContent()).toMatch(/the longer output won \d+% of decisive comparisons/);
    await screenshot(page, "hybrid-judge");
    await page.getByTestId("judge-lc").screenshot({ path: "tests/screenshots/hybrid-judge-lc.png" });

    await page.goto(`${app.baseUrl}/evals/1/report`);
    await expect.poll(() => page.getByTestId("hybrid").count()).toBe(1);
    await screenshot(page, "hybrid-report");
    await page.getByTestId("hybrid").screenshot({ path: "tests/screenshots/hybrid-report-panel.png" });
    await expect.poll(() => page.getByTestId("ppi-interval").textContent()).toContain("human-judged");
    await expect.poll(() => page.getByTestId("ppi-effective-n").textContent()).toMatch(/Effective human judgments\d+/);
    await expect.poll(() => page.getByTestId("lc-judge-longer").textContent()).toMatch(/longer output won/);
    await screenshot(page, "hybrid-report");
    await page.getByTestId("hybrid").screenshot({ path: "tests/screenshots/hybrid-report-panel.png" });

    await page.goto(`${app.baseUrl}/evals/1/human`);
    await expect.poll(() => page.getByTestId("ppi-narrowing").count()).toBe(1);
    const rows = await page.locator('[data-testid="ppi-narrowing"] tbody tr').count();
    expect(rows).toBeGreaterThan(3);
    await screenshot(page, "hybrid-human");
    await page.getByTestId("human-hybrid").screenshot({ path: "tests/screenshots/hybrid-human-panel.png" });
    await page.close();
  }, 240_000);
});
