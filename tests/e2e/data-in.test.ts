import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/app.ts";
import { useAppAndBrowser } from "../support/e2e-hooks.ts";
import { loginAs, screenshot, skipE2E } from "../support/browser.ts";
import { startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

describe.skipIf(skipE2E())("a lead brings an eval in, in Chromium", () => {
  let stub: StubServer;
  const dir = mkdtempSync(join(tmpdir(), "arbiter-e2e-data-"));
  beforeAll(async () => {
    stub = await startOpenAIStub({ kind: "answer", delayMs: 20, responder: (b) => `generated: ${b.messages.at(-1)?.content}` });
  });
  // The operator names the endpoint; the lead picks it by name (judges/endpoints.ts).
  const e2e = useAppAndBrowser(() => ({ ARBITER_ENDPOINTS: JSON.stringify([{ name: "local-vllm", base_url: stub.baseURL, use: ["generate"] }]) }));
  afterAll(async () => {
    await stub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates an eval, uploads cases and outputs, sees the counts, and sees every bad line of a broken file", async () => {
    const cases = join(dir, "cases.jsonl");
    writeFileSync(
      cases,
      Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({ id: `q${i}`, input: `What is ${i} + ${i}?`, reference: String(2 * i), category: i % 3 ? "simple" : "edge_case", suite: "target", shape: "qa" }),
      ).join("\n"),
    );
    const outputs = join(dir, "outputs.csv");
    writeFileSync(outputs, "case_id,text,latency_ms\n" + Array.from({ length: 12 }, (_, i) => `q${i},${2 * i},${100 + i}`).join("\n"));
    const broken = join(dir, "broken.jsonl");
    writeFileSync(
      broken,
      [
        JSON.stringify({ id: "q20", input: "fine", category: "simple", suite: "target", shape: "qa" }),
        JSON.stringify({ id: "q21", input: "bad shape", category: "simple", suite: "target", shape: "limerick" }),
        "{oops",
      ].join("\n"),
    );

    const page = await e2e.browser.newPage();
    await loginAs(page, e2e.app.baseUrl, "lead@arbiter.local", DEMO_PASSWORD);
    await page.click("text=New eval");
    await page.fill('input[name="name"]', "arith-e2e");
    await page.fill('input[name="candidate"]', "ft");
    await page.fill('input[name="baselines"]', "base");
    await page.click('button:has-text("Create eval")');
    await page.waitForURL(/\/evals\/\d+\/data$/);

    await page.setInputFiles('[data-testid="upload-file"]', cases);
    await page.click('button:has-text("Import")');
    await expect.poll(() => page.getByTestId("import-result").textContent()).toContain("12 new");
    await expect.poll(() => page.getByTestId("data-cases").textContent()).toBe("12");

    await page.selectOption('select[name="kind"]', "outputs");
    await page.selectOption('select[name="system"]', "ft");
    await page.setInputFiles('[data-testid="upload-file"]', outputs);
    await page.click('button:has-text("Import")');
    await expect.poll(() => page.getByTestId("data-outputs-ft").textContent()).toBe("12");

    await page.selectOption('select[name="kind"]', "cases");
    await page.setInputFiles('[data-testid="upload-file"]', broken);
    await page.click('button:has-text("Import")');
    const error = page.getByTestId("import-error");
    const heading = error.locator("strong");
    await expect.poll(() => heading.textContent()).toBe("broken.jsonl: 2 invalid rows; nothing was imported");
    const rows = await error.locator("tbody tr").allTextContents();
    expect(rows[0]).toContain("2shape");
    expect(rows[1]).toMatch(/^3—invalid JSON/);
    await expect.poll(() => page.getByTestId("data-cases").textContent()).toBe("12");
    await screenshot(page, "eval-data-import");

    // A pack with a mistake is refused with the field named; a good one is saved.
    await page.fill('textarea[name="pack"]', "name: p\ngates:\n  - id: em\n    metric: exact_matc\n    comparator: '>='\n    threshold: 0.8\n");
    await page.click('button:has-text("Save pack")');
    await expect.poll(() => page.locator('pre[role="alert"]').textContent()).toContain("gates.0.metric: metric must be one of");
    await page.fill('textarea[name="pack"]', "name: p\ngates:\n  - id: em\n    metric: exact_match\n    comparator: '>='\n    threshold: 0.8\n");
    await page.click('button:has-text("Save pack")');
    await expect.poll(() => page.getByTestId("pack-status").textContent()).toContain("Version 1");
    await screenshot(page, "eval-data-pack");

    // Generate the baseline's outputs from an OpenAI-compatible endpoint, with progress in the page.
    await page.selectOption('form:has(input[value="generate"]) select[name="system"]', "base");
    await page.fill('input[name="model"]', "base-model");
    await page.selectOption('select[name="endpoint"]', "local-vllm");
    await page.click('button:has-text("Generate")');
    await expect.poll(() => page.getByTestId("data-outputs-base").textContent(), { timeout: 20_000 }).toBe("12");
    await expect.poll(() => page.getByTestId("generation-runs").locator("tbody tr").first().textContent()).toContain("done");
    expect(stub.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(12);
    await screenshot(page, "eval-data-generate");
    await page.close();
  });
});
