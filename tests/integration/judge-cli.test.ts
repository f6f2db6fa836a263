/**
 * `arbiter judge` as a user runs it: no endpoint is exit 2 with how to configure one; with the stub
 * it works the run in-process on the embedded database and prints a JSON summary; a second run of
 * the same judge makes no HTTP call.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { judgeResponder, makeJudgeFixture } from "../support/judge-fixture.ts";
import { chatRequests, startOpenAIStub, type StubServer } from "../support/openai-stub.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("arbiter judge", () => {
  let stub: StubServer;
  const dir = mkdtempSync(join(tmpdir(), "arbiter-judge-cli-"));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ARBITER_DATA_DIR: dir };
  delete env.DATABASE_URL;
  delete env.JUDGE_BASE_URL;
  delete env.JUDGE_MODEL;

  beforeAll(async () => {
    stub = await startOpenAIStub({ kind: "answer", delayMs: 20, responder: judgeResponder });
    const h = await connect({ dataDir: dir });
    await migrateToLatest(h.db);
    await makeJudgeFixture(h.db, { cases: 6, name: "cli-judge" });
    await h.close();
  });
  afterAll(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous on purpose: the stub lives in this process and must keep answering.
  const arbiter = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolvePromise) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/arbiter.ts", ...args], { cwd: ROOT, env: { ...env, ...extra } as NodeJS.ProcessEnv });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("close", (status) => resolvePromise({ status, stdout, stderr }));
    });

  it("exits 2 and says how to configure an endpoint when there is none", async () => {
    const r = await arbiter(["judge", "--eval", "cli-judge"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/JUDGE_BASE_URL/);
    expect(r.stderr).toMatch(/--base-url/);
  });

  it("judges in-process with a progress bar and a JSON summary; the second run makes no HTTP call", async () => {
    const first = await arbiter(["judge", "--eval", "cli-judge", "--model", "stub-model", "--concurrency", "4"], { JUDGE_BASE_URL: stub.baseURL });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain("6/6");
    const s1 = JSON.parse(first.stdout);
    expect(s1).toMatchObject({ eval: "cli-judge", protocol: "pairwise", status: "done", jobs: 6, verdicts: 6, failed: 0, calls: 12, cache_hits: 0, tokens: 1200 });
    expect(s1.position_consistency).toEqual({ n: 6, consistent: 6, rate: 1 });
    expect(chatRequests(stub)).toHaveLength(12);

    stub.reset();
    const second = await arbiter(["judge", "--eval", "cli-judge", "--model", "stub-model", "--base-url", stub.baseURL, "--workers", "2"]);
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ verdicts: 6, calls: 0, cache_hits: 12 });
    expect(chatRequests(stub)).toHaveLength(0);
  }, 90_000);

  it("a run where every job failed exits 2, is `failed` and says why (issue 13 item 8)", async () => {
    stub.setBehaviour({ kind: "status", status: 401, body: { error: { message: "invalid api key" } } });
    try {
      // A model never cached, so every job asks the endpoint and fails.
      const r = await arbiter(["judge", "--eval", "cli-judge", "--model", "broken-model", "--base-url", stub.baseURL]);
      expect(r.status, r.stderr).toBe(2);
      const s = JSON.parse(r.stdout);
      expect(s).toMatchObject({ status: "failed", jobs: 6, verdicts: 0, failed: 6 });
      expect(s.errors.length).toBeGreaterThanOrEqual(1);
      expect(r.stderr).toMatch(/failed: every one of its 6 jobs failed/);
      expect(r.stderr).toMatch(/6 × judge_unavailable/);
    } finally {
      stub.setBehaviour({ kind: "answer", delayMs: 20, responder: judgeResponder });
    }
  }, 90_000);
});
