import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

const ROLES = [
  { role: "annotator", email: "ann1@arbiter.local", home: "/annotate", heading: "My queue", forbidden: "/lead" },
  { role: "lead", email: "lead@arbiter.local", home: "/lead", heading: "Evals", forbidden: "/owner" },
  { role: "owner", email: "owner@arbiter.local", home: "/owner", heading: "Go / no-go decisions", forbidden: "/annotate" },
] as const;

describe.skipIf(skipE2E())("signing in and roles, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("answers /healthz with the database's state", async () => {
    const res = await fetch(`${e2e.app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("sends a signed-out visitor to the login page, for pages and data requests alike", async () => {
    const res = await fetch(`${e2e.app.baseUrl}/lead`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?next=%2Flead/);
    const data = await fetch(`${e2e.app.baseUrl}/lead.data`, { redirect: "manual" });
    expect(await data.text()).not.toContain("northwind");
  });

  it("gives the same message for an unknown email and a wrong password", async () => {
    const page = await e2e.browser.newPage();
    for (const [email, password] of [
      ["nobody@arbiter.local", DEMO_PASSWORD],
      ["lead@arbiter.local", "wrong password"],
    ]) {
      await page.goto(`${e2e.app.baseUrl}/login`);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
      await expect.poll(() => page.locator('[role="alert"]').textContent()).toBe("That email and password do not match an account.");
    }
    await screenshot(page, "login-error");
    await page.close();
  });

  for (const r of ROLES) {
    it(`signs the ${r.role} in to their home page and refuses another role's page`, async () => {
      const context = await e2e.browser.newContext();
      const page = await context.newPage();
      await loginAs(page, e2e.app.baseUrl, r.email, DEMO_PASSWORD);
      expect(new URL(page.url()).pathname).toBe(r.home);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(r.heading);
      await expect.poll(() => page.locator(".who .role").textContent()).toBe(r.role);
      await screenshot(page, `home-${r.role}`);

      const refused = await page.goto(`${e2e.app.baseUrl}${r.forbidden}`);
      expect(refused?.status()).toBe(403);
      await expect.poll(() => page.getByTestId("error-title").textContent()).toBe("Not allowed");
      await screenshot(page, `forbidden-${r.role}`);

      // The data endpoint of the refused page answers 403 too, with no data.
      const cookies = await context.cookies();
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      const data = await fetch(`${e2e.app.baseUrl}${r.forbidden}.data`, { headers: { cookie }, redirect: "manual" });
      expect(data.status).toBe(403);
      await context.close();
    });
  }

  it("lets the lead open the demo eval and add an annotator; sign-out ends the session", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.click("text=northwind-support-v2");
    await expect.poll(() => page.getByTestId("case-count").textContent()).toBe("60");
    await screenshot(page, "eval-overview");

    await page.goto(`${e2e.app.baseUrl}/people`);
    await page.fill('input[name="name"]', "Dana Annotator");
    await page.fill('input[name="email"]', "dana@arbiter.local");
    await page.click("text=Create account");
    await expect.poll(() => page.getByTestId("created-account").textContent()).toContain("dana@arbiter.local");
    const password = (await page.locator('[data-testid="created-account"] code').textContent())!;
    await screenshot(page, "people");

    await page.click("text=Sign out");
    await page.waitForURL(/\/login/);
    const after = await page.goto(`${e2e.app.baseUrl}/lead`);
    expect(new URL(after!.url()).pathname).toBe("/login");

    // The new annotator can sign in with the password shown once, and is first asked to choose their own.
    await loginAs(page, e2e.app.baseUrl, "dana@arbiter.local", password);
    expect(new URL(page.url()).pathname).toBe("/account");
    await page.fill('input[name="current"]', password);
    await page.fill('input[name="next"]', "dana-own-password");
    await page.fill('input[name="again"]', "dana-own-password");
    await Promise.all([page.waitForURL((u) => u.pathname === "/annotate"), page.getByTestId("change-password").click()]);
    await context.close();
  });
});
