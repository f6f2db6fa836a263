import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../support/run-cli.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
let dir = "";

function file(name: string, lines: string[], trailingNewline = true): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + (trailingNewline ? "\n" : ""));
  return path;
}

async function score(...args: string[]) {
  const r = await runCommand("node", ["scripts/bin/arbiter.js", "score", ...args], { cwd: ROOT, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "arbiter-score-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("arbiter score", () => {
  it("corpus BLEU and WER of two lines (hand-computed: 50.0 and 2/8)", async () => {
    const pred = file("pred.txt", ["the cat sat on the mat", "hello world"]);
    const ref = file("ref.txt", ["the cat sat on a mat", "hello duck"], false);
    const bleu = await score("bleu", "--pred", pred, "--ref", ref);
    expect(bleu.code).toBe(0);
    const b = JSON.parse(bleu.stdout);
    expect(b.metric).toBe("bleu");
    expect(b.n).toBe(2);
    expect(b.score).toBeCloseTo(50, 9);
    expect(JSON.parse((await score("wer", "--pred", pred, "--ref", ref)).stdout)).toEqual({ metric: "wer", score: 0.25, n: 2 });
  }, 60_000);

  it("macro_f1 and accuracy on sklearn's example labels; CRLF lines", async () => {
    const pred = file("p.txt", ["0", "2", "1", "0", "0", "1"]);
    const ref = join(dir, "r.txt");
    writeFileSync(ref, ["0", "1", "2", "0", "1", "2"].join("\r\n") + "\r\n");
    const m = JSON.parse((await score("macro_f1", "--pred", pred, "--ref", ref)).stdout);
    expect(m.score).toBeCloseTo(0.26666666666666666, 12);
    expect(m.n).toBe(6);
    expect(JSON.parse((await score("accuracy", "--pred", pred, "--ref", ref)).stdout).score).toBeCloseTo(1 / 3, 12);
  }, 60_000);

  it("mismatched line counts: exit 2 naming both files and counts", async () => {
    const pred = file("pred10.txt", Array.from({ length: 10 }, (_, i) => `line ${i}`));
    const ref = file("ref9.txt", Array.from({ length: 9 }, (_, i) => `line ${i}`));
    const r = await score("rougeL", "--pred", pred, "--ref", ref);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${pred} has 10 lines but ${ref} has 9`);
    expect(r.stdout).toBe("");
  }, 60_000);

  it("empty reference: exit 2 naming file and line", async () => {
    const pred = file("p4.txt", ["a", "b", "c", "d"]);
    const ref = file("r4.txt", ["a", "b", "c", "  "]);
    const r = await score("exact_match", "--pred", pred, "--ref", ref);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${ref}:4: empty reference`);
  }, 60_000);

  it("unknown metric and missing files: exit 2 with a clear message", async () => {
    const pred = file("p1.txt", ["a"]);
    const r = await score("blue", "--pred", pred, "--ref", pred);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown metric "blue"; known metrics: exact_match, token_f1/);
    const m = await score("bleu", "--pred", pred, "--ref", join(dir, "missing.txt"));
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--ref .*missing\.txt: file not found/);
    expect((await score("bleu", "--pred", pred)).stderr).toMatch(/missing required option --ref/);
  }, 60_000);
});
