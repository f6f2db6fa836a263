/**
 * `arbiter gate` and `arbiter report` as real subprocesses against an embedded database set up here:
 * the demo eval (no human judgments yet: human_preference has insufficient data → exit 2), an eval
 * whose every gate passes (exit 0) and one that fails a gate (exit 1), and an unknown eval (exit 2).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../../db/connect.ts";
import { migrateToLatest } from "../../../db/migrate.ts";
import { ensureDemoData } from "../../../db/seed/demo.ts";
import { createReportFixture, PASS_RATE_GATE } from "../../support/report-fixture.ts";
import { runCommand } from "../../support/run-cli.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
let dataDir: string;

async function arbiter(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ARBITER_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const r = await runCommand(process.execPath, ["scripts/bin/arbiter.js", ...args], { cwd: ROOT, env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("arbiter gate and report exit codes", { timeout: 90_000 }, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "arbiter-gate-"));
    const h = await connect({ dataDir });
    await migrateToLatest(h.db);
    await ensureDemoData(h.db, "pw");
    await createReportFixture(h.db, { name: "all-pass", n: 20, candidateRight: 19, baselineRight: 12, gates: [PASS_RATE_GATE(0.8)] });
    await createReportFixture(h.db, {
      name: "one-fails",
      n: 20,
      candidateRight: 12,
      baselineRight: 15,
      gates: [PASS_RATE_GATE(0.5), { id: "beats_baseline", metric: "assertion_pass_rate", scope: "all", mode: "delta", comparator: ">=", threshold: 0, min_n: 10, decide_on: "point" }],
    });
    // Closed before any subprocess opens the same folder.
    await h.close();
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("exits 2 on the demo eval: human_preference has insufficient data", async () => {
    const r = await arbiter("gate", "--eval", "northwind-support-v2");
    expect(r.code, r.stderr).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.decision).toBe("INSUFFICIENT");
    expect(out.failing_gates.map((g: { id: string }) => g.id)).toContain("human_preference");
    expect(r.stderr).toMatch(/gate human_preference: insufficient_data/);
  });

  it("exits 0 when every gate passes, with nothing failing on stderr", async () => {
    const r = await arbiter("gate", "--eval", "all-pass");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: "SHIP", go: true, failing_gates: [] });
    expect(r.stderr).not.toMatch(/^gate /m);
  });

  it("exits 1 on a failed gate and names it on stderr", async () => {
    const r = await arbiter("gate", "--eval", "one-fails");
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).decision).toBe("NO_GO");
    expect(r.stderr).toMatch(/gate beats_baseline: fail/);
    expect(r.stderr).not.toMatch(/gate pass_rate:/);
  });

  it("exits 2 for an unknown eval or a missing --eval", async () => {
    expect((await arbiter("gate", "--eval", "nope")).code).toBe(2);
    expect((await arbiter("gate")).code).toBe(2);
  });

  it("`arbiter report` prints the whole report as JSON and exits 0, whatever the decision", async () => {
    const r = await arbiter("report", "--eval", "northwind-support-v2");
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.gates).toHaveLength(7);
    expect(body.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.pack.version).toBe(1);
    expect(body.latency.map((l: { system: string }) => l.system)).toEqual(["candidate", "baseline"]);
    // Same evidence, same snapshot.
    const again = JSON.parse((await arbiter("report", "--eval", "northwind-support-v2")).stdout);
    expect(again.report_id).toBe(body.report_id);
  });
});
