/**
 * A lead imports other tools' files on the web (preview first, then all or nothing) and reads the
 * multi-system ranking on the report and its own page, in Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

const FIX = join(__dirname, "..", "fixtures");

describe.skipIf(skipE2E())("imports from other tools and the ranking, in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "arbiter-e2e-fmt-"));
  const e2e = useAppAndBrowser();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("previews and imports Arena battles and a mapped CSV, then ranks the systems", async () => {
    const page = await e2e.browser.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.click("text=New eval");
    await page.fill('input[name="name"]', "arena-e2e");
    await page.fill('input[name="candidate"]', "vicuna-13b");
    await page.fill('input[name="baselines"]', "alpaca-13b");
    await page.click('button:has-text("Create eval")');
    await page.waitForURL(/\/evals\/\d+\/data$/);

    await page.selectOption('[data-testid="format-select"]', "arena");
    await page.setInputFiles('[data-testid="format-file"]', join(FIX, "arena/battles.json"));
    const preview = page.getByTestId("format-preview");
    await expect.poll(() => preview.locator("tbody tr").count()).toBe(10);
    await expect.poll(() => preview.locator("tbody tr").first().textContent()).toContain("arena-b1");
    await page.click('[data-testid="format-import-submit"]');
    await expect.poll(() => page.getByTestId("format-import-result").textContent()).toContain("4 imported judgments");
    await expect.poll(() => page.getByTestId("format-import-result").textContent()).toContain("koala-13b");

    const csv = join(dir, "extra.csv");
    writeFileSync(csv, "qid,question,answer\nx1,What is 2+2?,4\nx2,Capital of France?,Paris\n");
    await page.selectOption('[data-testid="format-select"]', "csv");
    await page.setInputFiles('[data-testid="format-file"]', csv);
    await expect.poll(() => page.getByTestId("mapping-form").count()).toBe(1);
    await page.selectOption('[data-testid="map-id"]', "qid");
    await page.selectOption('[data-testid="map-input"]', "question");
    await page.selectOption('[data-testid="map-reference"]', "answer");
    await page.click('[data-testid="mapping-preview"]');
    await expect.poll(() => preview.locator("tbody tr").first().textContent()).toContain("x1");
    await screenshot(page, "import-format-preview");
    await page.click('[data-testid="format-import-submit"]');
    await expect.poll(() => page.getByTestId("format-import-result").textContent()).toContain("cases 2 new");

    const evalUrl = page.url().replace(/\/data$/, "");
    await page.goto(`${evalUrl}/report`);
    await expect.poll(() => page.getByTestId("leaderboard-human").count()).toBe(1);
    await page.goto(`${evalUrl}/ranking`);
    const board = page.getByTestId("leaderboard-human");
    await expect.poll(() => board.locator("tbody tr").count()).toBe(3);
    const matrix = page.getByTestId("matrix-human");
    await expect.poll(() => matrix.locator("thead th").count()).toBe(4);
    await screenshot(page, "ranking-page");
  });
});
