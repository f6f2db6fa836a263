/**
 * A scratch folder for a test file's input files, removed after the file's tests, and the
 * `arbiter` command line run asynchronously (never blocking the worker; see run-cli.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { runCommand } from "./run-cli.ts";

const repo = join(import.meta.dirname, "..", "..");

export function cliScratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async arbiter(...args: string[]) {
      const r = await runCommand(process.execPath, ["scripts/bin/arbiter.js", ...args], { cwd: repo, timeout: 120_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
    },
  };
}
