import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

const PHONE = { width: 390, height: 844 };

/** Outputs written to attack the Markdown path (issue 15 item 2). */
const HOSTILE = [
  "Sure! <script>window.__pwned = 1</script> Here is **bold** text.",
  "[click for a prize](javascript:window.__pwned=2) and [docs](https://example.com/docs)",
  '<img src=x onerror="window.__pwned=3"> and ![tracker](https://tracker.invalid/pixel.png)',
  '<div style="position:fixed;inset:0;background:red">raw html</div>\n\n<iframe src="https://evil.invalid"></iframe>',
];

async function cookieOf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

describe.skipIf(skipE2E())("the annotator's own view and the lead's annotation settings", () => {
  const e2e = useAppAndBrowser();
  let lead: BrowserContext;
  let leadPage: Page;
  let evalId = 0;

  beforeAll(async () => {
    lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    leadPage = await lead.newPage();
    await loginAs(leadPage, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    // A small eval of hostile Markdown outputs, imported through the lead's own endpoints.
    await leadPage.goto(`${e2e.app.baseUrl}/lead/new`);
    await leadPage.fill('input[name="name"]', "md-hostile");
    await leadPage.fill('input[name="candidate"]', "sys-one");
    await leadPage.fill('input[name="baselines"]', "sys-two");
    await leadPage.fill('input[name="overlap_k"]', "1");
    await Promise.all([leadPage.waitForURL(/\/evals\/\d+\/data$/), leadPage.click('main button[type="submit"]')]);
    evalId = Number(new URL(leadPage.url()).pathname.split("/")[2]);
    const cookie = await cookieOf(lead);
    const upload = async (kind: string, lines: unknown[], system?: string) => {
      const fd = new FormData();
      fd.set("kind", kind);
      if (system) fd.set("system", system);
      fd.set("file", new Blob([lines.map((l) => JSON.stringify(l)).join("\n") + "\n"], { type: "application/jsonl" }), `${kind}.jsonl`);
      const r = await fetch(`${e2e.app.baseUrl}/api/evals/${evalId}/import`, { method: "POST", headers: { cookie, origin: e2e.app.baseUrl }, body: fd });
      expect(r.status, await r.clone().text()).toBeLessThan(300);
    };
    await upload("cases", HOSTILE.map((_, i) => ({ id: `h${i}`, category: "adversarial", suite: "target", shape: "open", input: i === 0 ? [{ role: "system", content: "Be brief." }, { role: "user", content: "Using the passage, say **hi**." }] : `Prompt ${i}: answer in Markdown.`, context: i === 0 ? "The passage: say hi politely." : undefined })));
    await upload("outputs", HOSTILE.map((text, i) => ({ case_id: `h${i}`, text })), "sys-one");
    await upload("outputs", HOSTILE.map((_, i) => ({ case_id: `h${i}`, text: i === 1 ? '```python\nprint("<b>hi</b>")\n```' : `{"answer": "plain ${i}", "ok": true}` })), "sys-two");
  }, 180_000);

  it("the lead writes guidelines, criteria and scale, assigns annotators and opens judging", async () => {
    await leadPage.goto(`${e2e.app.baseUrl}/evals/${evalId}/annotation`);
    await leadPage.fill('[data-testid="guidelines-input"]', "# How to judge\n\n- Prefer the **correct** answer.\n- Ignore <script>alert(1)</script> in outputs.");
    await leadPage.fill('[data-testid="criteria-input"]', "accuracy\nclarity");
    await leadPage.fill('[data-testid="scale-max"]', "3");
    await leadPage.check('[data-testid="assign-ann1@arbiter.local"]');
    await leadPage.check('[data-testid="assign-ann2@arbiter.local"]');
    await leadPage.click('[data-testid="save-settings"]');
    await expect.poll(() => leadPage.getByTestId("settings-flash").textContent()).toBe("Saved.");
    await screenshot(leadPage, "annotation-settings");
    await leadPage.goto(`${e2e.app.baseUrl}/evals/${evalId}/human`);
    await leadPage.fill('input[name="k"]', "2");
    await leadPage.getByTestId("open-judging").click();
    await expect.poll(() => leadPage.getByTestId("human-flash").textContent()).toContain("Opened for judging");
  }, 120_000);

  it("an annotator not assigned gets no task of the eval, by page or API", async () => {
    const ctx = await e2e.browser.newContext();
    const page = await ctx.newPage();
    await loginAs(page, e2e.app.baseUrl, "ann3@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/annotate?eval=${evalId}`);
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not assigned to you");
    const r = await fetch(`${e2e.app.baseUrl}/api/tasks/next?eval=${evalId}`, { method: "POST", headers: { cookie: await cookieOf(ctx), origin: e2e.app.baseUrl } });
    expect(await r.json()).toMatchObject({ task: null });
    await ctx.close();
  }, 60_000);

  it("guidelines first; outputs rendered safely; per-side ratings; flash, undo, history; at 390 px", async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
    const requested: string[] = [];
    page.on("request", (r) => void requested.push(r.url()));
    await loginAs(page, e2e.app.baseUrl, "ann1@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/annotate?eval=${evalId}`);
    // The guidelines before the first task, rendered, their script as text.
    await page.waitForSelector('[data-testid="guidelines-gate"]');
    await expect.poll(() => page.getByTestId("submit").count()).toBe(0);
    await expect.poll(() => page.getByTestId("guidelines-text").locator("strong").textContent()).toBe("correct");
    await expect.poll(() => page.getByTestId("guidelines-text").textContent()).toContain("<script>alert(1)</script>");
    await screenshot(page, "annotator-guidelines-gate");
    await page.click('[data-testid="guidelines-read"]');
    await page.waitForSelector('[data-testid="submit"]');

    // Every hostile output on the way: nothing runs, no raw tag, no image loaded.
    const seen = new Set<string>();
    for (let i = 0; i < HOSTILE.length; i++) {
      const prompt = (await page.locator('section[aria-label="Prompt"]').textContent()) ?? "";
      seen.add(prompt);
      await expect.poll(() => page.locator("main script").count()).toBe(0);
      await expect.poll(() => page.locator("main iframe, main .out-md div[style], main .out-md img").count()).toBe(0);
      for (const a of await page.locator("main .out-md a").all()) {
        await expect.poll(() => a.getAttribute("href")).toMatch(/^https:/);
        await expect.poll(() => a.getAttribute("rel")).toBe("noopener nofollow noreferrer");
      }
      if (prompt.includes("Using the passage")) {
        // A chat input as a conversation; the context opened by itself (the prompt refers to it).
        await expect.poll(() => page.getByTestId("conv-msg").count()).toBe(2);
        await expect.poll(() => page.getByTestId("context").getAttribute("open")).not.toBeNull();
      }
      const texts = [await page.getByTestId("left-text").innerHTML(), await page.getByTestId("right-text").innerHTML()].join("\n");
      if (texts.includes("ok")) {
        // The JSON side is pretty-printed, with a toggle to the raw text.
        await expect.poll(() => page.locator('[data-view="json"]').count()).toBe(1);
        await page.keyboard.press("m");
        await expect.poll(() => page.locator('[data-view="raw"]').count()).toBe(2);
        await expect.poll(() => page.locator('[data-view="raw"]').first().textContent()).not.toContain("\n  ");
        await page.keyboard.press("m");
      }
      if (texts.includes("hljs-")) await expect.poll(() => page.locator(".hljs .hljs-built_in, .hljs .hljs-string").count()).toBeGreaterThan(0);
      if (i === 0) {
        await page.keyboard.press("d");
        await expect.poll(() => page.locator('[data-view="diff"] mark').count()).toBeGreaterThan(0);
        await screenshot(page, "annotator-diff");
        await page.keyboard.press("d");
        await screenshot(page, "annotator-task-rendered");
      }
      // Verdict, then the four rating cells in order: accuracy L, accuracy R, clarity L, clarity R.
      await page.keyboard.press("1");
      for (const k of ["3", "1", "2", "3"]) await page.keyboard.press(k);
      await expect.poll(() => page.getByTestId("rate-left-accuracy").locator('[aria-pressed="true"]').textContent()).toBe("3");
      await expect.poll(() => page.getByTestId("rate-right-clarity").locator('[aria-pressed="true"]').textContent()).toBe("3");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.getByTestId("flash").textContent()).toContain("Saved: Left is better.");
      if (i === 0) {
        await screenshot(page, "annotator-flash");
        // Undo while the task is still mine: the same prompt comes back.
        await page.keyboard.press("u");
        await expect.poll(() => page.getByTestId("flash").textContent()).toContain("Undone");
        await expect.poll(() => page.locator('section[aria-label="Prompt"]').textContent()).toBe(prompt);
        await page.keyboard.press("1");
        for (const k of ["3", "1", "2", "3"]) await page.keyboard.press(k);
        await page.keyboard.press("Enter");
        await expect.poll(() => page.getByTestId("flash").textContent()).toContain("Saved: Left is better.");
      }
      if (i === HOSTILE.length - 1) break;
      // The next task (or the empty state) replaces this one.
      await expect
        .poll(async () => ((await page.getByTestId("annotator-empty").count()) ? "empty" : await page.locator('section[aria-label="Prompt"]').textContent()))
        .not.toBe(prompt);
      if (await page.getByTestId("annotator-empty").count()) break;
    }
    expect(dialogs).toEqual([]);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0)).toBe(0);
    expect(requested.filter((u) => u.includes("tracker.invalid") || u.includes("evil.invalid"))).toEqual([]);

    // History: every judgment, in my terms, ratings per side.
    await page.click('[data-testid="history-link"]');
    await page.waitForSelector('[data-testid="history"]');
    const rows = page.getByTestId("history-row");
    await expect.poll(() => rows.count()).toBe(seen.size);
    await expect.poll(() => rows.first().textContent()).toContain("L: accuracy 3, clarity 2");
    await expect.poll(() => rows.first().textContent()).toContain("R: accuracy 1, clarity 3");
    await expect.poll(() => page.getByTestId("history-undo").count()).toBe(1);
    await screenshot(page, "annotator-history");

    // At 390 px: nothing wider than the screen, history and a task both readable.
    await page.setViewportSize(PHONE);
    await screenshot(page, "annotator-history-390");
    await page.getByTestId("history-undo").click();
    await page.waitForSelector('[data-testid="submit"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "annotator-task-390");
    await page.getByTestId("flag").click();
    await page.waitForSelector('[data-testid="skip-form"]');
    // The skip/flag box is in view when it opens.
    const box = await page.getByTestId("skip-form").boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + Math.min(box!.height, 100)).toBeLessThanOrEqual(PHONE.height);
    await screenshot(page, "annotator-flag-390");
    await ctx.close();
  }, 240_000);

  it("the lead sees the criteria ratings per output", async () => {
    await leadPage.goto(`${e2e.app.baseUrl}/evals/${evalId}/human`);
    // Every vote above rated accuracy 3 and 1 and clarity 2 and 3 on its two sides, so whichever
    // side each system was shown on, the two systems' means add up to 4 and 5.
    const sum = async (criterion: string) => {
      const row = leadPage.getByTestId(`side-rating-${criterion}`);
      return Number(await row.getByTestId("mean-a").textContent()) + Number(await row.getByTestId("mean-b").textContent());
    };
    await expect.poll(() => sum("accuracy")).toBeCloseTo(4, 2);
    await expect.poll(() => sum("clarity")).toBeCloseTo(5, 2);
    await leadPage.getByTestId("side-ratings").screenshot({ path: "tests/screenshots/human-side-ratings.png" });
  });
});
