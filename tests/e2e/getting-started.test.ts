import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

describe.skipIf(skipE2E())("getting started, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("a new eval from the demo pack template, example files, error pages with navigation, a red NO-GO and whole chart labels", async () => {
    const ctx = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/lead/new`);
    await expect.poll(() => page.getByTestId("name-format").textContent()).toContain("no spaces");
    await screenshot(page, "getting-started-new-eval");
    // The example files are the repository's demo files, byte for byte.
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    for (const [link, file] of [["cases.jsonl", "demo-cases.jsonl"], ["outputs.jsonl", "demo-outputs.jsonl"], ["pack.yaml", "demo-pack.yaml"]]) {
      await expect.poll(() => page.locator(`[data-testid="examples"] a[href="/examples/${link}"]`).count()).toBe(1);
      const r = await fetch(`${e2e.app.baseUrl}/examples/${link}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(readFileSync(resolve(import.meta.dirname, "../../db/seed", file), "utf8"));
    }
    await page.fill('input[name="name"]', "my-first-eval");
    await page.fill('input[name="candidate"]', "ft-v1");
    await page.fill('input[name="baselines"]', "base-v1");
    await page.getByRole("button", { name: "Create eval" }).click();
    await page.waitForURL(/\/evals\/\d+\/data$/);
    // The template's seven gates, not locked, comparing with the new baseline.
    await expect.poll(() => page.getByTestId("pack-status").textContent()).toContain("7 gates");
    await expect.poll(() => page.locator('textarea[name="pack"]').inputValue()).toContain("compare_to: base-v1");

    // A 404 keeps the header and its navigation.
    await page.goto(`${e2e.app.baseUrl}/evals/99999/report`);
    await expect.poll(() => page.getByTestId("error-title").textContent()).toBe("Not found");
    await expect.poll(() => page.locator("header a", { hasText: "Evals" }).count()).toBeGreaterThan(0);
    await screenshot(page, "getting-started-404");
    await page.goto(`${e2e.app.baseUrl}/no/such/page`);
    await expect.poll(() => page.getByTestId("error-title").textContent()).toBe("Not found");
    await expect.poll(() => page.locator("header a", { hasText: "Evals" }).count()).toBeGreaterThan(0);

    // The demo report: the NO-GO headline in red, chart labels whole, deltas in points.
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    const color = await page.getByTestId("decision-value").evaluate((el) => getComputedStyle(el).color);
    const [r, g, b] = color.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    expect(b).toBeLessThan(100);
    const labels = await page.locator('[data-testid="svg-deltas"] text').allTextContents();
    expect(labels.some((l) => l.includes("…"))).toBe(false);
    expect(labels.some((l) => / pts$/.test(l))).toBe(true);
    // Every label fits inside the chart's box.
    const clipped = await page.locator('[data-testid="svg-deltas"]').evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("text")].filter((t) => t.getBoundingClientRect().left < box.left - 1).length;
    });
    expect(clipped).toBe(0);
    await page.getByTestId("chart-deltas").screenshot({ path: resolve(import.meta.dirname, "../screenshots/getting-started-deltas.png") });
    await page.getByTestId("decision").screenshot({ path: resolve(import.meta.dirname, "../screenshots/getting-started-decision.png") });
    await ctx.close();
  }, 120_000);
});
