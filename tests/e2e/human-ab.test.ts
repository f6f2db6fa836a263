import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

const ANNOTATORS = ["ann1@arbiter.local", "ann2@arbiter.local", "ann3@arbiter.local"];

/** Opens the demo eval for judging through the lead's own form; returns the eval's id. */
async function leadOpens(page: Page, baseUrl: string, k: number, caseLimit: number, shot?: string): Promise<number> {
  await page.goto(`${baseUrl}/lead`);
  await page.click("text=northwind-support-v2");
  await page.getByTestId("human-link").click();
  await page.waitForURL(/\/evals\/\d+\/human$/);
  const evalId = Number(new URL(page.url()).pathname.split("/")[2]);
  await page.fill('input[name="k"]', String(k));
  await page.fill('input[name="case_limit"]', String(caseLimit));
  await page.check('input[name="gold"]');
  await page.getByTestId("open-judging").click();
  await expect.poll(() => page.getByTestId("human-flash").textContent()).toContain("Opened for judging");
  if (shot) await screenshot(page, shot);
  return evalId;
}

/** Works the queue with the keyboard only until it is empty; returns how many were submitted. */
async function workQueue(page: Page, baseUrl: string, who: number, shots = false): Promise<number> {
  await page.goto(`${baseUrl}/annotate`);
  let submitted = 0;
  for (let i = 0; i < 40; i++) {
    await page.waitForSelector('[data-testid="annotator-empty"], [data-testid="submit"]');
    if (await page.getByTestId("annotator-empty").count()) break;
    const before = await page.getByTestId("judged-count").textContent();
    const left = (await page.getByTestId("left-text").textContent()) ?? "";
    const right = (await page.getByTestId("right-text").textContent()) ?? "";
    // Everyone prefers the longer answer (so they mostly agree); the third annotator calls every third one a tie.
    let key = left.length >= right.length ? "1" : "ArrowRight";
    if (who === 2 && i % 3 === 2) key = "t";
    await page.keyboard.press(key);
    for (const r of ["4", "5", "3", "4"]) await page.keyboard.press(r);
    await page.keyboard.press("r");
    await page.keyboard.type(`reason ${who}-${i}`);
    if (shots && i === 0) {
      await page.keyboard.press("c");
      await screenshot(page, "human-annotator-task");
      await page.keyboard.press("Escape");
      await page.keyboard.press("s");
      await page.waitForSelector('[data-testid="skip-form"]');
      await screenshot(page, "human-annotator-skip-form");
      await page.keyboard.press("Escape");
      await page.keyboard.press("r");
    }
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => ((await page.getByTestId("annotator-empty").count()) ? "empty" : await page.getByTestId("judged-count").textContent()), {
        timeout: 10_000,
      })
      .not.toBe(before);
    submitted++;
  }
  return submitted;
}

describe.skipIf(skipE2E())("human A/B judging in Chromium", () => {
  const e2e = useAppAndBrowser();
  let lead: BrowserContext;
  let leadPage: Page;

  beforeAll(async () => {
    lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    leadPage = await lead.newPage();
    await loginAs(leadPage, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
  });

  it("three annotators in parallel finish a small eval with the keyboard; the lead sees the agreement", async () => {
    const evalId = await leadOpens(leadPage, e2e.app.baseUrl, 3, 5, "human-lead-opened");
    const contexts = await Promise.all(ANNOTATORS.map(() => e2e.browser.newContext({ viewport: { width: 1280, height: 900 } })));
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const dialogs: string[] = [];
    for (const p of pages) p.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
    await Promise.all(pages.map((p, i) => loginAs(p, e2e.app.baseUrl, ANNOTATORS[i], DEMO_PASSWORD)));
    const counts = await Promise.all(pages.map((p, i) => workQueue(p, e2e.app.baseUrl, i, i === 0)));
    // k = 3 with three annotators: each judges every comparison once. Of the 5 sampled cases,
    // those with identical outputs are not asked (issue 13 item 6), so there may be fewer than 5.
    const n = counts[0];
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(5);
    expect(counts).toEqual([n, n, n]);
    expect(dialogs).toEqual([]);
    await expect.poll(() => pages[0].getByTestId("annotator-empty").count()).toBe(1);
    await screenshot(pages[0], "human-annotator-empty");
    await Promise.all(contexts.map((c) => c.close()));

    await leadPage.goto(`${e2e.app.baseUrl}/evals/${evalId}/human`);
    await expect.poll(() => leadPage.getByTestId("tasks-done").textContent()).toBe(`${3 * n} / ${3 * n}`);
    const alpha = await leadPage.getByTestId("alpha").textContent();
    expect(alpha).toMatch(/^-?\d\.\d\d$/);
    await expect.poll(() => leadPage.getByTestId("agreement-fleiss").textContent()).toMatch(new RegExp(`n=${n}\\b`));
    await expect.poll(() => leadPage.getByTestId("cohen-row").count()).toBe(3);
    await expect.poll(() => leadPage.locator('[data-testid="annotator-table"] tbody tr').count()).toBe(3);
    await expect.poll(() => leadPage.getByTestId("win-rates").textContent()).toContain("candidate vs baseline");
    await screenshot(leadPage, "human-lead-view");
  }, 180_000);

  it("the API refuses bad input with 4xx and a retry records one judgment", async () => {
    await leadOpens(leadPage, e2e.app.baseUrl, 1, 7);
    const ctx = await e2e.browser.newContext();
    const page = await ctx.newPage();
    await loginAs(page, e2e.app.baseUrl, "ann2@arbiter.local", DEMO_PASSWORD);
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const post = (path: string, body?: unknown) =>
      fetch(`${e2e.app.baseUrl}${path}`, { method: "POST", headers: { cookie, origin: e2e.app.baseUrl, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const next = await post("/api/tasks/next");
    expect(next.status).toBe(200);
    const { task } = (await next.json()) as { task: Record<string, unknown> };
    expect(Object.keys(task).sort()).toEqual(["context", "criteria", "eval_id", "eval_name", "input", "leased_until", "left", "right", "task_id"]);
    const id = task.task_id as string;
    expect((await post(`/api/tasks/${id}/judgment`, { choice: "middle" })).status).toBe(400);
    expect((await post(`/api/tasks/${id}/judgment`, { choice: "left", ratings: { correctness: 9 } })).status).toBe(400);
    expect((await post(`/api/tasks/${id}/judgment`, { choice: "left", ratings: { charm: 3 } })).status).toBe(400);
    expect((await post(`/api/tasks/00000000-0000-4000-8000-000000000000/judgment`, { choice: "left" })).status).toBe(404);
    const first = await post(`/api/tasks/${id}/judgment`, { choice: "left", ratings: { correctness: 4 } });
    expect(first.status).toBe(201);
    const retry = await post(`/api/tasks/${id}/judgment`, { choice: "left", ratings: { correctness: 4 } });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ status: "already_recorded" });
    // Another annotator cannot answer it.
    const ctx3 = await e2e.browser.newContext();
    const p3 = await ctx3.newPage();
    await loginAs(p3, e2e.app.baseUrl, "ann3@arbiter.local", DEMO_PASSWORD);
    const cookie3 = (await ctx3.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const other = await fetch(`${e2e.app.baseUrl}/api/tasks/${id}/judgment`, { method: "POST", headers: { cookie: cookie3, origin: e2e.app.baseUrl, "content-type": "application/json" }, body: JSON.stringify({ choice: "right" }) });
    expect(other.status).toBe(409);
    // A lead is not an annotator.
    const leadCookie = (await lead.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    expect((await fetch(`${e2e.app.baseUrl}/api/tasks/next`, { method: "POST", headers: { cookie: leadCookie, origin: e2e.app.baseUrl } })).status).toBe(403);
    await ctx.close();
    await ctx3.close();
  }, 120_000);

  it("blinding: nothing an annotator's browser receives names or identifies a system", async () => {
    await leadOpens(leadPage, e2e.app.baseUrl, 3, 12);
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const bodies: { url: string; body: string }[] = [];
    const pending: Promise<void>[] = [];
    page.on("response", (res) => {
      pending.push(
        res
          .body()
          .then((b) => void bodies.push({ url: res.url(), body: b.toString("utf8") }))
          .catch(() => void bodies.push({ url: res.url(), body: "" })),
      );
    });
    await loginAs(page, e2e.app.baseUrl, "ann1@arbiter.local", DEMO_PASSWORD);
    const n = await workQueue(page, e2e.app.baseUrl, 0);
    expect(n).toBeGreaterThan(0);
    await page.evaluate(() => fetch("/api/tasks/next", { method: "POST" }).then((r) => r.text()));
    // The annotator's own endpoints and pages: history (API and page), undo (API), the eval chooser.
    const history = await page.evaluate(() => fetch("/api/tasks/history").then((r) => r.json()));
    expect(history.judgments.length).toBeGreaterThanOrEqual(n);
    expect(Object.keys(history.judgments[0]).sort()).toEqual(["choice", "created_at", "eval_name", "prompt", "ratings", "reason", "side_ratings", "task_id", "undoable"]);
    await page.goto(`${e2e.app.baseUrl}/annotate/history`);
    await page.waitForSelector('[data-testid="history"]');
    await page.goto(`${e2e.app.baseUrl}/annotate?choose=1`);
    await page.evaluate(() => fetch("/api/tasks/undo", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => r.text()));
    await page.goto(`${e2e.app.baseUrl}/annotate`);
    await page.waitForSelector('[data-testid="submit"], [data-testid="annotator-empty"]');
    await page.waitForTimeout(300);
    await Promise.all(pending);
    expect(bodies.length).toBeGreaterThan(n);

    const leaks: string[] = [];
    for (const { url, body } of bodies) {
      const path = new URL(url).pathname;
      if (path.startsWith("/build/")) {
        // Static framework assets, byte-identical for every user: React's SVG attribute names
        // (alignment-baseline, ...) and the global stylesheet's role-badge classes are not data.
        const cleaned = body.replace(/\.badge\.(candidate|baseline)\b/g, "");
        if (/(?<![-\w])(candidate|baseline)(?![-\w])/i.test(cleaned)) leaks.push(`${path}: system word in a static asset`);
        continue;
      }
      for (const word of ["candidate", "baseline", "system_a", "system_b", "system_id", "comparison_id", "case_id", "external_id"]) {
        if (body.toLowerCase().includes(word)) leaks.push(`${path}: contains "${word}"`);
      }
    }
    expect(leaks).toEqual([]);
    await ctx.close();
  }, 180_000);
});
