/**
 * A submit on the annotator page while the database is away (issue 16 item 1): the server answers
 * 503 + Retry-After (here injected at the browser's network layer); the page waits, sends the same
 * judgment again and shows the normal flash instead of the error page.
 */
import type { Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

describe.skipIf(skipE2E())("annotator submit during a database outage", () => {
  const e2e = useAppAndBrowser();

  it("a 503 on submit is retried with the same body and the judgment is saved once", async () => {
    const base = e2e.app.baseUrl;
    const lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const leadPage = await lead.newPage();
    await loginAs(leadPage, base, "lead@arbiter.local", DEMO_PASSWORD);
    await leadPage.goto(`${base}/lead`);
    await leadPage.click("text=northwind-support-v2");
    await leadPage.getByTestId("human-link").click();
    await leadPage.waitForURL(/\/evals\/\d+\/human$/);
    await leadPage.fill('input[name="k"]', "1");
    await leadPage.fill('input[name="case_limit"]', "3");
    await leadPage.getByTestId("open-judging").click();
    await expect.poll(() => leadPage.getByTestId("human-flash").textContent()).toContain("Opened for judging");

    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await loginAs(page, base, "ann1@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${base}/annotate`);
    await page.waitForSelector('[data-testid="submit"]');

    const bodies: string[] = [];
    let releaseSecond!: () => void;
    const secondHeld = new Promise<void>((r) => (releaseSecond = r));
    let secondArrived!: () => void;
    const arrived = new Promise<void>((r) => (secondArrived = r));
    await page.route("**/api/tasks/*/judgment", async (route: Route) => {
      bodies.push(route.request().postData() ?? "");
      if (bodies.length === 1) {
        await route.fulfill({ status: 503, contentType: "application/json", headers: { "Retry-After": "0" }, body: '{"error":"database unavailable, retry"}' });
        return;
      }
      secondArrived();
      await secondHeld; // so the page can be looked at while it is still saving
      await route.continue();
    });

    const before = await page.getByTestId("judged-count").textContent();
    await page.keyboard.press("1");
    await page.keyboard.press("Enter");
    await arrived;
    await expect.poll(() => page.getByTestId("submit").textContent()).toContain("Saving");
    await screenshot(page, "annotator-submit-retrying");
    releaseSecond();
    await expect.poll(() => page.getByTestId("flash").textContent(), { timeout: 30_000 }).toContain("Saved: Left is better.");
    // The count comes from the loader, which revalidates after the flash: wait for it, not for time.
    await expect.poll(async () => Number(await page.getByTestId("judged-count").textContent()), { timeout: 30_000 }).toBe(Number(before) + 1);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect(JSON.parse(bodies[0])).toMatchObject({ choice: "left" });
    await screenshot(page, "annotator-submit-retried");
    await Promise.all([ctx.close(), lead.close()]);
  });
});
