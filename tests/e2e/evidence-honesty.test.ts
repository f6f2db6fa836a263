/**
 * Issue 13 in Chromium on the demo eval: identical pairs are not asked about, three annotators work
 * the k = 3 queue, and then
 * - the report's human win rate, interval and n read exactly as the human tab's;
 * - a page showing a snapshot the evidence has moved past is refused for sign-off, shows a red banner,
 *   and signs only as "an older snapshot" with a reason;
 * - a GO against the report is an override with its own confirmation and reason, marked in red;
 * - the adjudication form preselects nothing and the server refuses a submission without a choice.
 */
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { loginAs, SCREENSHOT_DIR, skipE2E } from "../support/browser.ts";

/** A screenshot of one panel (the full page is too tall to read). */
const shot = (l: Locator, name: string) => l.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

describe.skipIf(skipE2E())("evidence you can stake a launch on, in Chromium", () => {
  const e2e = useAppAndBrowser();

  async function signIn(email: string): Promise<string> {
    const res = await fetch(`${e2e.app.baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: e2e.app.baseUrl },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, next: "" }),
    });
    return res.headers.get("set-cookie")!.split(";")[0];
  }
  /** The human tab's action as data (Remix answers a document without `_data`). */
  const HUMAN = `/evals/1/human?_data=${encodeURIComponent("routes/evals.$evalId.human")}`;
  const post = (path: string, cookie: string, body: string, type = "application/x-www-form-urlencoded") =>
    fetch(`${e2e.app.baseUrl}${path}`, { method: "POST", headers: { cookie, origin: e2e.app.baseUrl, "content-type": type }, body, redirect: "manual" });

  /** Every annotator works the queue until it is empty; choices follow a fixed pattern (some disagree). */
  async function workQueues(): Promise<number> {
    let n = 0;
    for (const [a, email] of ["ann1@arbiter.local", "ann2@arbiter.local", "ann3@arbiter.local"].entries()) {
      const cookie = await signIn(email);
      for (let i = 0; ; i++) {
        const next = await (await post("/api/tasks/next?eval=1", cookie, "")).json();
        if (!next.task) break;
        const choice = (["left", "left", "right", "tie", "left", "both_bad", "right"] as const)[(i * (a + 2) + a) % 7];
        const r = await post(`/api/tasks/${next.task.task_id}/judgment`, cookie, JSON.stringify({ choice, ratings: {}, reason: "" }), "application/json");
        expect(r.status).toBe(201);
        n++;
      }
    }
    return n;
  }

  it("identical pairs skipped; stale snapshot refused; override marked; report and human tab agree; adjudication needs a choice", async () => {
    const lead = await signIn("lead@arbiter.local");
    const opened = await (await post(HUMAN, lead, "intent=open&k=3")).json();
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    expect(opened.message).toMatch(/(\d+) identical pairs left out/);
    const identical = Number(/(\d+) identical pairs left out/.exec(opened.message)![1]);
    expect(identical).toBeGreaterThan(0);

    // The owner opens the report before any judgment: that page shows snapshot #A.
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await loginAs(page, e2e.app.baseUrl, "owner@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    const staleId = Number(await page.locator('input[name="report_id"]').inputValue());

    const judgments = await workQueues();
    // At most k votes per comparison; the queue's side-balance rules may leave a few tasks to nobody
    // when annotators work one after another (annotator's docs/queue-policy.md).
    expect(judgments).toBeLessThanOrEqual((60 - identical) * 3);
    expect(judgments).toBeGreaterThan((60 - identical) * 2);

    // Signing from the page loaded before the judgments: refused, the evidence changed.
    await page.check('input[name="decision"][value="no_go"]');
    await page.fill('textarea[name="note"]', "signed from an old page");
    await page.click('[data-testid="signoff-form"] button[type="submit"]');
    await expect.poll(() => page.getByTestId("signoff-error").textContent()).toContain("evidence changed since this snapshot");
    await expect.poll(() => page.getByTestId("signoff-list").count()).toBe(0);

    // The old snapshot itself: a red banner, and signing needs "sign an older snapshot" with a reason.
    await page.goto(`${e2e.app.baseUrl}/evals/1/report?snapshot=${staleId}`);
    await expect.poll(() => page.getByTestId("stale-banner").textContent()).toContain("Evidence changed since this snapshot");
    await page.screenshot({ path: join(SCREENSHOT_DIR, "evidence-stale-banner.png") });
    await page.check('input[name="older_confirm"]');
    await page.fill('textarea[name="older_reason"]', "the steering group read this one");
    await page.check('input[name="decision"][value="no_go"]');
    await page.fill('textarea[name="note"]', "no-go on the older snapshot");
    await page.click('[data-testid="signoff-form"] button[type="submit"]');
    await expect.poll(() => page.getByTestId("signed").textContent()).toContain(`snapshot #${staleId}`);
    await expect.poll(() => page.getByTestId("signoff-list").textContent()).toContain("signed although the evidence had changed");

    // The current report: a GO against it needs the override box ticked and a reason.
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    await expect.poll(() => page.getByTestId("stale-banner").count()).toBe(0);
    const decision = (await page.getByTestId("decision-value").textContent())!;
    expect(decision).toContain("NO-GO");
    await page.check('input[name="decision"][value="go"]');
    await page.fill('textarea[name="note"]', "ship anyway");
    await page.click('[data-testid="signoff-form"] button[type="submit"]');
    await expect.poll(() => page.getByTestId("signoff-error").textContent()).toContain("a GO overrides it");
    await page.check('input[name="decision"][value="go"]');
    await page.check('input[name="override_confirm"]');
    await page.fill('textarea[name="override_reason"]', "the failing gate measures a retired feature");
    await page.fill('textarea[name="note"]', "ship anyway");
    await page.click('[data-testid="signoff-form"] button[type="submit"]');
    await expect.poll(() => page.getByTestId("signed").textContent()).toContain("as an override of the report");
    const mark = page.getByTestId("override-mark").first();
    await expect.poll(() => mark.textContent()).toContain("OVERRIDE");
    await expect.poll(() => mark.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(192, 57, 43)");

    // The human section of the report, as it reads.
    const reportRate = await page.getByTestId("report-human-winrate").textContent();
    const reportCi = await page.getByTestId("report-human-ci").textContent();
    const reportN = await page.getByTestId("report-human-n").textContent();
    expect(reportN).toBe(`n = 60 comparisons, ${judgments} judgments`);
    await expect.poll(() => page.getByTestId("report-identical").textContent()).toContain(`${identical} identical pairs, counted as ties`);
    await shot(page.getByTestId("human"), "evidence-report-human");
    await shot(page.getByTestId("signoff"), "evidence-signoff-override");
    await shot(page.getByTestId("checklist"), "evidence-checklist");

    // The exports carry the override.
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const csv = await (await fetch(`${e2e.app.baseUrl}/evals/1/export/signoffs.csv`, { headers: { cookie } })).text();
    expect(csv.split("\n")[0]).toContain("override");
    expect(csv).toContain("the failing gate measures a retired feature");
    await ctx.close();

    // The lead's human tab: the same digits, and a dispute form with nothing chosen.
    const lctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const lpage = await lctx.newPage();
    await loginAs(lpage, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await lpage.goto(`${e2e.app.baseUrl}/evals/1/human`);
    await expect.poll(() => lpage.getByTestId("human-tab-winrate").first().textContent()).toBe(reportRate);
    await expect.poll(() => lpage.getByTestId("human-tab-ci").first().textContent()).toBe(reportCi);
    await expect.poll(() => lpage.getByTestId("human-tab-n").first().textContent()).toBe(reportN);
    await expect.poll(() => lpage.getByTestId("human-identical").first().textContent()).toContain(`${identical} identical pairs, counted as ties`);
    await shot(lpage.getByTestId("win-rates").first(), "evidence-human-tab");

    const forms = lpage.getByTestId("adjudicate-form");
    await expect.poll(() => forms.count()).toBeGreaterThan(0);
    await expect.poll(() => forms.first().locator('select[name="outcome"]').inputValue()).toBe("");
    const cid = await forms.first().locator('input[name="comparison_id"]').inputValue();
    const refused = await post(HUMAN, lead, `intent=adjudicate&comparison_id=${cid}`);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toContain("Choose an outcome");
    // In the browser, the required select blocks the submission: no flash, nothing saved.
    await forms.first().locator('button[type="submit"]').click();
    await expect.poll(() => lpage.getByTestId("human-flash").count()).toBe(0);
    await forms.first().locator('select[name="outcome"]').selectOption("tie");
    await forms.first().locator('button[type="submit"]').click();
    await expect.poll(() => lpage.getByTestId("human-flash").textContent()).toContain("Adjudication saved");
    await shot(lpage.getByTestId("dispute").nth(1), "evidence-dispute");
    await lctx.close();
  }, 240_000);
});
