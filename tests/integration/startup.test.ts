import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/run-cli.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("server start-up", () => {
  it("stops with one clear line when DATABASE_URL is malformed", async () => {
    const run = await runCommand(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "mysql://root@localhost/arbiter", PORT: "0" },
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toEqual(['arbiter: DATABASE_URL must start with postgres:// or postgresql://, got "mysql://"']);
  });
});
