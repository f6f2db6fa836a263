import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startApp, type RunningApp } from "../support/app.ts";
import { launchBrowser, loginAs, screenshot, skipE2E } from "../support/browser.ts";
import { startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

describe.skipIf(skipE2E())("the endpoints page, in Chromium", () => {
  let browser: Browser;
  let stub: StubServer;
  let app: RunningApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    stub = await startOpenAIStub({ kind: "answer", responder: () => "ok" });
    const endpoints = [
      { name: "local-judge", base_url: stub.baseURL, api_key: "sk-test-secret-123", models: ["judge-a", "judge-b"], default_model: "judge-a", budget_tokens: 2000000, use: ["judge"] },
      // Nothing listens on port 9: the test shows a failed connection.
      { name: "down-gen", base_url: "http://127.0.0.1:9/v1", use: ["generate"] },
    ];
    app = await startApp({ ARBITER_ENDPOINTS: JSON.stringify(endpoints), JUDGE_BASE_URL: "", OPENAI_BASE_URL: "" });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await stub?.close();
  });

  it("a lead sees the operator's endpoints by name with models and budgets, and tests each connection", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await loginAs(page, app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.getByRole("link", { name: "Endpoints" }).click();
    await page.waitForURL(/\/endpoints$/);
    const row = await page.getByTestId("endpoint-local-judge").textContent();
    expect(row).toContain("judge-a, judge-b");
    expect(row).toContain("2,000,000");
    expect(row).toContain("configured");
    // The key itself never reaches the page.
    await expect.poll(() => page.content()).not.toContain("sk-test-secret-123");
    await page.getByTestId("test-local-judge").click();
    await expect.poll(() => page.getByTestId("test-result").textContent()).toContain("connected");
    await page.getByTestId("test-down-gen").click();
    await expect.poll(() => page.getByTestId("test-result").textContent()).toContain("failed");
    await expect.poll(() => page.getByTestId("endpoint-down-gen").getByTestId("test-result").count()).toBe(1);
    await screenshot(page, "endpoints");
    // Annotators may not see it.
    const ann = await browser.newContext();
    const ap = await ann.newPage();
    await loginAs(ap, app.baseUrl, "ann1@arbiter.local", DEMO_PASSWORD);
    const cookie = (await ann.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const r = await fetch(`${app.baseUrl}/endpoints`, { headers: { cookie }, redirect: "manual" });
    expect([302, 403]).toContain(r.status);
    await ann.close();
    await ctx.close();
  }, 120_000);
});
