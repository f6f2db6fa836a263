/**
 * Issue 16 item 2: one process per embedded database directory. Before the lock, `arbiter eval
 * create` beside a running PGlite server exited 0 and its eval was lost; now it is refused with
 * exit 2 and one line, and works once the server has stopped.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLocked, LOCK_FILE, lockDataDir } from "../../db/pglite-lock.ts";
import { startApp } from "../support/app.ts";
import { runCommand } from "../support/run-cli.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "arbiter-lock-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the CLI on PGlite in dataDir, whatever DATABASE_URL the suite runs with. */
function cli(dataDir: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ARBITER_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/arbiter.ts", ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe("the PGlite directory lock", () => {
  it("refuses a second holder in-process, naming the first, and takes over a stale lock", async () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.pid} .*: stop the server or use Postgres`));
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // A lock left by a process that is gone (as after kill -9) is stale.
    const dead = await runCommand(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: Number(dead.stdout), command: "server.ts", started_at: "2026-01-01T00:00:00Z", proc_start: null }));
    const again = lockDataDir(dir);
    again();
  });

  // Budget: a server start and four CLI runs, each opening PGlite (5-30 s apiece on a loaded 2-core machine).
  it("with the server running on PGlite a CLI write is refused with exit 2 and writes nothing; after it stops the CLI works", { timeout: 300_000 }, async () => {
    const dataDir = tempDir();
    const app = await startApp({ ARBITER_NO_DEMO: "1" }, { dataDir });
    let refused;
    try {
      refused = await cli(dataDir, ["eval", "create", "locked-out", "--candidate", "ft", "--baseline", "base"]);
    } finally {
      await app.stop();
    }
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe("");
    const lines = refused.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`in use by process ${app.pid} \\(.*server\\.ts.*\\): stop the server or use Postgres`));
    // The server released the lock when it stopped; the CLI now opens the directory.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const list = await cli(dataDir, ["eval", "list"]);
    expect(list.status).toBe(0);
    expect(list.stdout).not.toContain("locked-out");
    const created = await cli(dataDir, ["eval", "create", "after-stop", "--candidate", "ft", "--baseline", "base"]);
    expect(created.status).toBe(0);
    const listed = await cli(dataDir, ["eval", "list"]);
    expect(listed.stdout).toContain("after-stop");
  });
});
