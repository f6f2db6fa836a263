import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

const cookieOf = async (ctx: import("playwright-core").BrowserContext) => (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

describe.skipIf(skipE2E())("the evidence explorer, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("a lead browses, searches and filters the demo's cases, and resolves a flag by excluding the case", async () => {
    const lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await lead.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    const base = `${e2e.app.baseUrl}/evals/1/explore`;
    await page.goto(base);
    // 60 demo cases, 25 a page: pages of 25, 25, 10 by keyset.
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(25);
    const first = await page.getByTestId("explore-case").first().getAttribute("data-case");
    await page.getByTestId("explore-next").click();
    await expect.poll(() => page.getByTestId("explore-case").first().getAttribute("data-case")).not.toBe(first);
    await page.getByTestId("explore-next").click();
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(10);
    await expect.poll(() => page.getByTestId("explore-next").count()).toBe(0);
    // Hostile outputs stay text.
    await expect.poll(() => page.locator("main script").count()).toBe(0);

    // The count: 24 of the demo's 60 pairs are byte-identical after trimming; 24 = 24 on the first page.
    await page.goto(`${base}?identical=1&limit=100`);
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(24);
    // Every case shown under assert=fail has a failing candidate.
    await page.goto(`${base}?assert=fail&limit=100`);
    const failing = await page.getByTestId("explore-case").count();
    expect(failing).toBeGreaterThan(0);
    const badges = await page.locator('[data-testid="explore-case"] .outcomes').allTextContents();
    expect(badges.every((b) => b.includes("assertions fail"))).toBe(true);
    // Filters combine with AND: a suite narrows assert=fail.
    await page.goto(`${base}?assert=fail&suite=general&limit=100`);
    const general = await page.getByTestId("explore-case").count();
    expect(general).toBeLessThanOrEqual(failing);
    // Full-text search over inputs and outputs: searching a case's own id-word finds it.
    await page.goto(`${base}?case=${first}`);
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(1);
    const word = ((await page.locator('[data-testid="explore-case"] .prompt pre').last().textContent()) ?? "").match(/[A-Za-z]{6,}/)?.[0] ?? "";
    await page.goto(base);
    await page.fill('[data-testid="explore-q"]', word);
    await page.getByTestId("explore-apply").click();
    await page.waitForURL(/q=/);
    const hits = await page.locator('[data-testid="explore-case"]').allTextContents();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((t) => t.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    // A bad parameter is refused, naming it.
    const bad = await fetch(`${base}?human=maybe`, { headers: { cookie: await cookieOf(lead) } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("human");

    // The report links each failure cluster, gate and slice in with its filters set.
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    const size = Number(((await page.locator('[data-testid="cluster"] h3 .badge').first().textContent()) ?? "").match(/\d+/)![0]);
    await expect.poll(() => page.getByTestId("gate-explore").count()).toBe(7);
    const sliceHref = await page.getByTestId("slice-explore").first().getAttribute("href");
    expect(sliceHref).toMatch(/\/evals\/1\/explore\?suite=/);
    await page.getByTestId("cluster-explore").first().click();
    await page.waitForURL(/cluster=/);
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(Math.min(size, 25));

    // An annotator flags a task; the lead finds it under flagged=1 and excludes the case.
    await page.goto(`${e2e.app.baseUrl}/evals/1/human`);
    await page.fill('input[name="k"]', "1");
    await page.fill('input[name="case_limit"]', "3");
    await page.getByTestId("open-judging").click();
    await expect.poll(() => page.getByTestId("human-flash").textContent()).toContain("Opened for judging");
    const ann = await e2e.browser.newContext();
    const ap = await ann.newPage();
    await loginAs(ap, e2e.app.baseUrl, "ann1@arbiter.local", DEMO_PASSWORD);
    await ap.goto(`${e2e.app.baseUrl}/annotate`);
    const taskId = await ap.locator('input[name="task_id"]').first().getAttribute("value");
    const flagged = await fetch(`${e2e.app.baseUrl}/annotate`, {
      method: "POST",
      headers: { cookie: await cookieOf(ann), origin: e2e.app.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "flag", task_id: taskId!, skip_reason: "the reference answer is wrong" }).toString(),
    });
    expect(flagged.status).toBe(200);
    // An annotator may not open the explorer.
    const denied = await fetch(base, { headers: { cookie: await cookieOf(ann) }, redirect: "manual" });
    expect([302, 403]).toContain(denied.status);
    await ann.close();

    await page.goto(`${base}?flagged=1`);
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(1);
    await expect.poll(() => page.getByTestId("explore-flags").textContent()).toContain("the reference answer is wrong");
    await screenshot(page, "explore-flagged");
    await page.check('[data-testid="resolve-form"] input[value="excluded"]');
    await page.fill('[data-testid="resolve-form"] input[name="note"]', "reference contradicts the policy");
    await page.getByTestId("resolve-submit").click();
    await expect.poll(() => page.getByTestId("explore-flash").textContent()).toContain("excluded");
    await page.goto(`${base}?flagged=1`);
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(0);
    await page.goto(`${base}?excluded=1`);
    await expect.poll(() => page.getByTestId("explore-case").count()).toBe(1);
    await expect.poll(() => page.getByTestId("explore-resolution").textContent()).toContain("reference contradicts the policy");
    await page.goto(`${base}?limit=10`);
    await screenshot(page, "explore");
    await lead.close();
  });
});
