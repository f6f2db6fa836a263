import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

describe.skipIf(skipE2E())("report snapshots and their diff, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("a stricter gate makes a second snapshot; the diff shows the gate that changed status; the owner sees the sign-off per snapshot", async () => {
    const lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await lead.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    await expect.poll(() => page.getByTestId("gate-exact_match").getAttribute("data-status")).toBe("pass");
    // Raise exact_match's threshold above any attainable value: 0.85 → 1.01.
    await page.goto(`${e2e.app.baseUrl}/evals/1/data`);
    const yaml = await page.locator('textarea[name="pack"]').inputValue();
    expect(yaml).toContain("threshold: 0.85");
    await page.fill('textarea[name="pack"]', yaml.replace("threshold: 0.85", "threshold: 1.01"));
    await page.getByRole("button", { name: "Save pack" }).click();
    await expect.poll(() => page.locator("p.ok").first().textContent(), { timeout: 30_000 }).toMatch(/version 2/i);
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    // The report recomputes itself when the evidence (here the pack) changed; recomputing again keeps #2.
    await page.getByRole("button", { name: "Recompute from current evidence" }).click();
    await expect.poll(() => page.getByTestId("recomputed").textContent()).toMatch(/snapshot #2/);
    await page.getByTestId("snapshots-link").click();
    await page.waitForURL(/\/snapshots$/);
    await expect.poll(() => page.locator('[data-testid^="snapshot-"]').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId("compare").click();
    await page.waitForURL((u) => u.searchParams.get("a") === "1" && u.searchParams.get("b") === "2");
    const gates = await page.getByTestId("diff-gates").textContent();
    expect(gates).toContain("exact_match");
    expect(gates).toContain("pass");
    expect(gates).toContain("fail");
    // Same evidence, so no figure moved beyond its interval.
    await expect.poll(() => page.locator('[data-testid="diff-figures"] tr[data-moved="1"]').count()).toBe(0);
    await screenshot(page, "snapshots-diff");
    await lead.close();

    const owner = await e2e.browser.newContext();
    const op = await owner.newPage();
    await loginAs(op, e2e.app.baseUrl, "owner@arbiter.local", DEMO_PASSWORD);
    await op.goto(`${e2e.app.baseUrl}/evals/1/report?snapshot=2`);
    await op.check('input[name="decision"][value="no_go"]');
    await op.fill('textarea[name="note"]', "exact match gate now fails");
    await op.click('[data-testid="signoff-form"] button[type="submit"]');
    await expect.poll(() => op.getByTestId("signed").textContent()).toContain("snapshot #2");
    await op.goto(`${e2e.app.baseUrl}/evals/1/snapshots`);
    await expect.poll(() => op.getByTestId("snapshot-2").textContent()).toContain("exact match gate now fails");
    await expect.poll(() => op.getByTestId("snapshot-1").textContent()).toContain("none");
    // Annotators may not read snapshots.
    const ann = await e2e.browser.newContext();
    const ap = await ann.newPage();
    await loginAs(ap, e2e.app.baseUrl, "ann1@arbiter.local", DEMO_PASSWORD);
    const cookie = (await ann.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const denied = await fetch(`${e2e.app.baseUrl}/evals/1/snapshots`, { headers: { cookie }, redirect: "manual" });
    expect([302, 403]).toContain(denied.status);
    await ann.close();
    await owner.close();
  }, 180_000);
});
