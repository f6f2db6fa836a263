/**
 * Slice-first serving in Chromium (issue 17 item 4), on Postgres (the test reads which task the
 * annotator was served): the lead adds a human gate over the adversarial slice, opens the demo for
 * judging, and the report's computation puts that slice first; the human tab records why; an
 * annotator is served an adversarial comparison; the lead turns it off and the record says so.
 * Screenshots in tests/screenshots (slice-first-*.png).
 */
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { connect } from "../../db/connect.ts";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

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
  const e2e = useAppAndBrowser();

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
    await ann.close();

    // Off: the seeded order is back, and the record says so.
    await page.getByTestId("slice-first-toggle").click();
    await expect.poll(() => page.getByTestId("human-flash").textContent()).toMatch(/Seeded order restored \(\d+ unfinished tasks reordered; allocation #2\)/);
    await expect.poll(() => page.getByTestId("slice-first-state").textContent()).toContain("off");
    await expect.poll(() => page.locator('[data-testid="allocations"] tbody tr').first().textContent()).toContain("turned off");
    await screenshot(page, "slice-first-off");
    await lead.close();
  }, 240_000);
});
