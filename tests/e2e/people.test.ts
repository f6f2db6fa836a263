import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

describe.skipIf(skipE2E())("people: accounts, roles and passwords, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("a lead deactivates, reactivates and resets an annotator; the owner changes a role; a reset password is replaced at sign-in", async () => {
    const lead = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await lead.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/people`);
    const ben = page.getByTestId("person-ann2@arbiter.local");
    // A lead cannot change roles, nor touch the owner's account.
    await expect.poll(() => page.getByTestId("set-role").count()).toBe(0);
    await expect.poll(() => page.getByTestId("person-owner@arbiter.local").getByTestId("deactivate").count()).toBe(0);

    await ben.getByTestId("deactivate").click();
    await expect.poll(() => page.getByTestId("people-flash").textContent()).toContain("deactivated");
    await expect.poll(() => ben.textContent()).toContain("deactivated");
    const off = await e2e.browser.newContext();
    const op = await off.newPage();
    await op.goto(`${e2e.app.baseUrl}/login`);
    await op.fill('input[name="email"]', "ann2@arbiter.local");
    await op.fill('input[name="password"]', DEMO_PASSWORD);
    await op.click('button[type="submit"]');
    await expect.poll(() => op.locator('[role="alert"]').textContent()).toContain("do not match");
    await off.close();

    await ben.getByTestId("reactivate").click();
    await expect.poll(() => ben.textContent()).toContain("active");
    await ben.getByTestId("reset-password").click();
    const fresh = (await page.getByTestId("reset-value").textContent())!;
    expect(fresh.length).toBeGreaterThanOrEqual(10);
    await screenshot(page, "people-admin");
    await page.reload();
    // Shown once: not on the page after a reload.
    await expect.poll(() => page.content()).not.toContain(fresh);
    await lead.close();

    // Ben signs in with the reset password and must choose his own first.
    const benCtx = await e2e.browser.newContext();
    const bp = await benCtx.newPage();
    await loginAs(bp, e2e.app.baseUrl, "ann2@arbiter.local", fresh);
    expect(new URL(bp.url()).pathname).toBe("/account");
    // The URL changes before the new document is in: wait for the notice, not for time.
    await expect.poll(() => bp.getByTestId("must-change").count(), { timeout: 30_000 }).toBe(1);
    await screenshot(bp, "people-first-sign-in");
    await bp.fill('input[name="current"]', fresh);
    await bp.fill('input[name="next"]', "ben-chose-this-one");
    await bp.fill('input[name="again"]', "ben-chose-this-one");
    await Promise.all([bp.waitForURL((u) => u.pathname === "/annotate"), bp.getByTestId("change-password").click()]);
    await benCtx.close();
    const again = await e2e.browser.newContext();
    const ap = await again.newPage();
    await loginAs(ap, e2e.app.baseUrl, "ann2@arbiter.local", "ben-chose-this-one");
    expect(new URL(ap.url()).pathname).toBe("/annotate");
    await again.close();

    // The owner makes Ben a lead.
    const owner = await e2e.browser.newContext();
    const ow = await owner.newPage();
    await loginAs(ow, e2e.app.baseUrl, "owner@arbiter.local", DEMO_PASSWORD);
    await ow.goto(`${e2e.app.baseUrl}/people`);
    const row = ow.getByTestId("person-ann2@arbiter.local");
    await row.locator('select[name="role"]').selectOption("lead");
    await row.getByTestId("set-role").click();
    await expect.poll(() => ow.getByTestId("people-flash").textContent()).toContain("is now lead");
    await owner.close();
    // A lead's forged role change is refused.
    const l2 = await e2e.browser.newContext();
    const lp = await l2.newPage();
    await loginAs(lp, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    const cookie = (await l2.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const forged = await fetch(`${e2e.app.baseUrl}/people`, { method: "POST", headers: { cookie, origin: e2e.app.baseUrl, "content-type": "application/x-www-form-urlencoded" }, body: "intent=role&user_id=3&role=owner" });
    expect(forged.status).toBe(403);
    await l2.close();
  }, 180_000);
});
