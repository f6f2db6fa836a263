/**
 * Slice-first serving in Chromium (issue 17 item 4), on Postgres (the test reads which task the
 * annotator was served): the lead adds a human gate over the adversarial slice, opens the demo for
 * judging, and the report's computation puts that slice first; the human tab records why; an
 * annotator is served an adversarial comparison; the lead turns it off and the record says so; after
 * a judge run, the report's prediction-powered win rate is stratified by the recorded allocation.
 * Screenshots in tests/screenshots (slice-first-*.png).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { connect } from "../../db/connect.ts";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";
import { judgeResponder } from "../support/judge-fixture.ts";
import { startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

/** Judges `n` tasks with the keyboard (left, four ratings, Enter), waiting for each to be counted. */
async function judge(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await page.waitForSelector('[data-testid="submit"]');
    const before = await page.getByTestId("judged-count").textContent();
    await page.keyboard.press(i % 3 === 2 ? "ArrowRight" : "1");
    for (const r of ["4", "3", "3", "4"]) await page.keyboard.press(r);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("judged-count").textContent()).not.toBe(before);
  }
}

const GATE = `  - id: adversarial_pref
    description: Humans prefer the fine-tune on adversarial prompts
    metric: human_win_rate
    scope: { category: adversarial }
    comparator: ">="
    threshold: 0.5
    min_n: 10
    decide_on: bound
`;

describe.skipIf(skipE2E() || !process.env.DATABASE_URL)("slice-first serving, in Chromium", () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startOpenAIStub({ kind: "answer", delayMs: 2, responder: judgeResponder });
  });
  const e2e = useAppAndBrowser(() => ({ JUDGE_BASE_URL: stub.baseURL, JUDGE_MODEL: "stub-judge", JUDGE_API_KEY: "sk-test" }));
  afterAll(async () => {
    await stub?.close();
  });

  it("a slice whose gate needs data is served first, recorded, and can be turned off", async () => {
    const lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await lead.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/evals/1/data`);
    const yaml = await page.locator('textarea[name="pack"]').inputValue();
    await page.fill('textarea[name="pack"]', yaml.replace("gates:\n", `gates:\n${GATE}`));
    await page.getByRole("button", { name: "Save pack" }).click();
    await expect.poll(() => page.locator("p.ok").first().textContent()).toContain("8 gates");

    await page.goto(`${e2e.app.baseUrl}/evals/1/human`);
    await page.fill('input[name="k"]', "1");
    await page.getByTestId("open-judging").click();
    await expect.poll(() => page.getByTestId("human-flash").textContent()).toContain("Opened for judging");
    await expect.poll(() => page.getByTestId("allocations-none").count()).toBe(1);

    // The report computes the gates; adversarial_pref has no data yet, so its slice goes first.
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    await expect.poll(() => page.getByTestId("gate-adversarial_pref").getAttribute("data-status")).toBe("insufficient_data");
    await page.goto(`${e2e.app.baseUrl}/evals/1/human`);
    await expect.poll(() => page.getByTestId("slice-first-state").textContent()).toContain("on");
    const first = page.locator('[data-testid="allocations"] tbody tr').first();
    await expect.poll(() => first.textContent()).toContain("adversarial_pref (category adversarial");
    await expect.poll(() => first.locator("td").nth(3).textContent()).toBe("16");
    // The shares count the 36 comparisons the queue serves, not the demo's 60 cases.
    await expect.poll(() => first.locator("td").nth(5).textContent()).toBe("all cases: 0 of 36 (0.0%)");
    await screenshot(page, "slice-first-human");
    await page.getByTestId("slice-first").screenshot({ path: "tests/screenshots/slice-first-panel.png" });

    // An annotator's first task is an adversarial comparison (a third of the demo's cases).
    const ann = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const apage = await ann.newPage();
    await loginAs(apage, e2e.app.baseUrl, "ann1@arbiter.local", DEMO_PASSWORD);
    await apage.goto(`${e2e.app.baseUrl}/annotate`);
    await expect.poll(() => apage.getByTestId("submit").count()).toBe(1);
    const h = await connect({ databaseUrl: e2e.app.databaseUrl! });
    try {
      const leased = await sql<{ category: string }>`
        select cs.category from tasks t join comparisons c on c.id = t.comparison_id join cases cs on cs.id = c.case_id
        join users u on u.id = t.annotator_id where u.email = 'ann1@arbiter.local' and t.status = 'leased'`.execute(h.db);
      expect(leased.rows.map((r) => r.category)).toEqual(["adversarial"]);
    } finally {
      await h.close();
    }
    // Six judgments while the slice is served first.
    await judge(apage, 6);

    // Off: the seeded order is back, and the record says so.
    await page.getByTestId("slice-first-toggle").click();
    await expect.poll(() => page.getByTestId("human-flash").textContent()).toMatch(/Seeded order restored \(\d+ unfinished tasks reordered; allocation #2\)/);
    await expect.poll(() => page.getByTestId("slice-first-state").textContent()).toContain("off");
    await expect.poll(() => page.locator('[data-testid="allocations"] tbody tr').first().textContent()).toContain("turned off");
    await screenshot(page, "slice-first-off");

    // Eight more in the seeded order, then the judge on every comparison: PPI is stratified.
    await apage.goto(`${e2e.app.baseUrl}/annotate`);
    await judge(apage, 8);
    await ann.close();
    await page.goto(`${e2e.app.baseUrl}/evals/1/judge`);
    await page.getByTestId("start-judge").click();
    await expect.poll(() => page.locator('[data-testid^="judge-run-status-"]').first().textContent(), { timeout: 90_000 }).toBe("done");
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    await expect.poll(() => page.locator('[data-testid="ppi-strata"] tbody tr').count()).toBe(2);
    await expect.poll(() => page.getByTestId("sampling-note").textContent()).toContain("humans judged the strata unequally");
    await expect.poll(() => page.getByTestId("ppi-strata").textContent()).toContain("served first in allocation #1");
    await page.getByTestId("hybrid").screenshot({ path: "tests/screenshots/slice-first-report-ppi.png" });
    await lead.close();
  }, 240_000);
});
