import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";

describe.skipIf(skipE2E())("the go/no-go report, in Chromium", () => {
  const e2e = useAppAndBrowser();

  it("the owner reads the demo eval's report (checklist first, charts, losses) and signs it off", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await loginAs(page, e2e.app.baseUrl, "owner@arbiter.local", DEMO_PASSWORD);
    await page.getByRole("link", { name: "Read report" }).first().click();
    await page.waitForURL(/\/evals\/\d+\/report$/);
    await expect.poll(() => page.getByTestId("decision-value").textContent()).toContain("NO-GO");
    // The seed's seven gates, one line each, with a status.
    const rows = page.locator('[data-testid="checklist"] tbody tr');
    await expect.poll(() => rows.count()).toBe(7);
    await expect.poll(() => page.getByTestId("gate-human_preference").getAttribute("data-status")).toBe("insufficient_data");
    await expect.poll(() => page.getByTestId("gate-exact_match").getAttribute("data-status")).toBe("pass");
    // The checklist comes before the charts and the losses.
    const order = await page.evaluate(() => [...document.querySelectorAll("h2")].map((h) => h.textContent));
    expect(order.indexOf("Checklist")).toBeLessThan(order.indexOf("Where the candidate loses"));
    await expect.poll(() => page.locator('[data-testid="svg-pass"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="svg-deltas"]').count()).toBe(1);
    // Slices flag only when they can tell (issue 13 item 7): the demo's translation loss (4 cases) is
    // listed, greyed and unflagged; the target suite's gain is flagged (its interval excludes 0).
    await expect.poll(() => page.locator('[data-flag="gain"]').count()).toBeGreaterThan(0);
    const translation = page.locator('[data-testid="regressions"] tr', { hasText: "tag translation" });
    await expect.poll(() => translation.getAttribute("data-status")).toBe("below_min_n");
    await expect.poll(() => translation.getAttribute("data-flag")).toBe("");
    await expect.poll(() => page.locator('[data-status="below_min_n"][data-flag="regression"]').count()).toBe(0);
    await expect.poll(() => page.getByTestId("cluster").count()).toBeGreaterThan(0);
    // Model outputs are text: the demo's <script> case never becomes markup.
    await expect.poll(() => page.locator("main script").count()).toBe(0);
    await page.getByTestId("pack-version").textContent().then((t) => expect(t).toContain("version 1"));

    await page.check('input[name="decision"][value="no_go"]');
    await page.fill('textarea[name="note"]', "Human preference not measured yet; translation regression on the general suite.");
    await page.click('[data-testid="signoff-form"] button[type="submit"]');
    await expect.poll(() => page.getByTestId("signed").textContent()).toContain("Recorded for snapshot");
    await expect.poll(() => page.getByTestId("signoff-list").textContent()).toContain("translation regression");
    await screenshot(page, "report");

    // The cluster export is JSONL with case fields and both outputs.
    const href = await page.locator('[data-testid="cluster"] a[download]').first().getAttribute("href");
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await fetch(`${e2e.app.baseUrl}${href}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toHaveProperty("candidate_output");
    expect(lines[0]).toHaveProperty("input");

    // The owner's home shows the decision and the sign-off.
    await page.goto(`${e2e.app.baseUrl}/owner`);
    await expect.poll(() => page.getByTestId("decision-northwind-support-v2").textContent()).toContain("NO-GO");
    await context.close();
  });

  it("a lead reads the report but cannot sign; exports stream CSV and JSONL", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/evals/1/report`);
    await expect.poll(() => page.locator('[data-testid="checklist"] tbody tr').count()).toBe(7);
    await expect.poll(() => page.getByTestId("signoff-form").count()).toBe(0);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const sign = await fetch(`${e2e.app.baseUrl}/evals/1/report`, {
      method: "POST",
      headers: { cookie, origin: e2e.app.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: "intent=signoff&report_id=1&content_hash=" + "0".repeat(64) + "&decision=go&note=x",
      redirect: "manual",
    });
    expect(sign.status).toBe(403);
    const csv = await fetch(`${e2e.app.baseUrl}/evals/1/export/report.csv`, { headers: { cookie } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\n")[0]).toContain("gate");
    expect(text).toContain("human_preference");
    for (const f of ["judgments.csv", "judgments.jsonl", "verdicts.jsonl", "report.jsonl", "report.json"]) {
      const r = await fetch(`${e2e.app.baseUrl}/evals/1/export/${f}`, { headers: { cookie } });
      expect(r.status, f).toBe(200);
    }
    const anon = await fetch(`${e2e.app.baseUrl}/evals/1/export/report.csv`, { redirect: "manual" });
    expect(anon.status).toBe(302);
    await context.close();
  });

  it("API tokens: a lead creates one, the gate API answers with it, and refuses it once revoked", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.goto(`${e2e.app.baseUrl}/tokens`);
    await page.fill('input[name="name"]', "release pipeline");
    await page.click('button:has-text("Create token")');
    const token = (await page.getByTestId("token-value").textContent())!.trim();
    expect(token).toMatch(/^arb_/);
    await screenshot(page, "tokens");

    expect((await fetch(`${e2e.app.baseUrl}/api/evals/1/gate`)).status).toBe(401);
    expect((await fetch(`${e2e.app.baseUrl}/api/evals/1/gate`, { headers: { Authorization: "Bearer arb_nope" } })).status).toBe(401);
    const gate = await fetch(`${e2e.app.baseUrl}/api/evals/northwind-support-v2/gate`, { headers: { Authorization: `Bearer ${token}` } });
    expect(gate.status).toBe(200);
    const g = await gate.json();
    expect(g.decision).toBe("INSUFFICIENT");
    expect(g.go).toBe(false);
    expect(g.failing_gates.map((x: { id: string }) => x.id)).toContain("human_preference");
    const rep = await fetch(`${e2e.app.baseUrl}/api/evals/1/report`, { headers: { Authorization: `Bearer ${token}` } });
    expect(rep.status).toBe(200);
    expect((await rep.json()).gates).toHaveLength(7);

    await page.click('button:has-text("Revoke")');
    await expect.poll(() => page.locator('[data-testid="tokens"]').textContent()).toContain("revoked");
    expect((await fetch(`${e2e.app.baseUrl}/api/evals/1/gate`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    await context.close();
  });
});
