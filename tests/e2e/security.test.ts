/**
 * Issue 14 item 9 where a browser matters: with the Content-Security-Policy in force, Chromium
 * reports no violation on the pages a lead and an annotator use, and the pages hydrate (a client
 * side navigation and a form work), so the nonce reaches every script Remix needs.
 */
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";

describe.skipIf(skipE2E())("content security policy, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("raises no CSP violation and the app still works", async () => {
    const page = await e2e.browser.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.click("text=northwind-support-v2");
    await page.waitForURL(/\/evals\/\d+/);
    for (const tab of ["Report", "Human judging", "LLM judge", "Data & pack"]) {
      await page.click(`a:has-text("${tab}")`);
      await page.waitForLoadState("networkidle");
    }
    // Hydrated: the sign-out button is a Remix <Form>, posted same-origin.
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(/\/login/);
    await screenshot(page, "csp-signed-out");
    expect(violations).toEqual([]);
    await page.close();
  });
});
