/**
 * Issue 16 item 5: no test may block its vitest worker's event loop on a child process. vitest's
 * worker waits at most 60 s (fixed, not configurable in vitest 3) for the main process's reply to
 * each RPC message such as onTaskUpdate; a synchronous spawn that outlasts that on a loaded machine
 * ends the run with "Timeout calling onTaskUpdate". Tests run commands through
 * tests/support/run-cli.ts (runCommand) instead. This scans every file vitest loads as a test or
 * test support for the synchronous child_process calls, as identifiers (comments and strings do
 * not count).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const BLOCKING = new Set(["spawnSync", "execSync", "execFileSync"]);

/** Every use of a blocking call in a source text, as "line: name". */
function blockingCalls(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && BLOCKING.has(node.text)) {
      found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function files(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "fixtures") out.push(...files(path, keep));
    } else if (keep(path)) out.push(path);
  }
  return out;
}

const code = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
// vitest.config.ts's include: tests/** and *.test.ts under app, db, judges and scripts.
const scanned = [
  ...files(join(ROOT, "tests"), (p) => code.test(p)),
  ...["app", "db", "judges", "scripts"].flatMap((d) => files(join(ROOT, d), (p) => /\.test\.ts$/.test(p))),
];

describe("tests never block their worker on a child process", () => {
  it("finds the calls however they are written, and not in comments or strings", () => {
    const sample = [
      'import { spawnSync } from "node:child_process";',
      'import * as cp from "node:child_process";',
      "// spawnSync in a comment is fine",
      'const s = "execSync in a string is fine";',
      "cp.execFileSync('ls');",
      "const { execSync: run } = cp;",
    ].join("\n");
    expect(blockingCalls("sample.ts", sample)).toEqual(["1: spawnSync", "5: execFileSync", "6: execSync"]);
  });

  it("no test or test-support file calls spawnSync, execSync or execFileSync (use tests/support/run-cli.ts)", () => {
    expect(scanned.length).toBeGreaterThan(50);
    expect(scanned.map((p) => relative(ROOT, p))).toContain("tests/support/run-cli.ts");
    const offenders = scanned.flatMap((path) => blockingCalls(path, readFileSync(path, "utf8")).map((hit) => `${relative(ROOT, path)}:${hit}`));
    expect(offenders).toEqual([]);
  });
});
