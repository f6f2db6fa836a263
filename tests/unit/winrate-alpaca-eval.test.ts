import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alpacaEvalScore, byModel, readAlpacaEvalAnnotations } from "../../scripts/input/formats/alpaca-eval.ts";
import { runCommand } from "../support/run-cli.ts";

const repo = join(import.meta.dirname, "..", "..");
const fixtures = join(repo, "tests", "fixtures", "alpaca-eval");
const dir = mkdtempSync(join(tmpdir(), "arbiter-alpaca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function arbiter(...args: string[]) {
  const r = await runCommand(process.execPath, ["scripts/bin/arbiter.js", ...args], { cwd: repo, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** The leaderboard rows of the fixture's commit, by model. */
function leaderboard(name: string): Map<string, Record<string, string>> {
  const [header, ...rows] = readFileSync(join(fixtures, name), "utf8").trim().split("\n").map((l) => l.split(","));
  return new Map(rows.map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
}

function expectLeaderboard(out: any, row: Record<string, string>) {
  expect(out.n).toBe(Number(row.n_total));
  expect(out.wins).toBe(Number(row.n_wins));
  expect(out.losses).toBe(Number(row.n_wins_base));
  expect(out.ties).toBe(Number(row.n_draws));
  // pandas' mean and a plain sum differ in the last bits only.
  expect(Math.abs(out.win_rate * 100 - Number(row.win_rate))).toBeLessThan(1e-9);
}

describe("AlpacaEval preference rules", () => {
  it("scores 1 → 0, 2 → 1, 1.5 and 0 → ½, fractions → preference − 1, null → left out", () => {
    expect(alpacaEvalScore(1)).toBe(0);
    expect(alpacaEvalScore(2)).toBe(1);
    expect(alpacaEvalScore(1.5)).toBe(0.5);
    expect(alpacaEvalScore(0)).toBe(0.5);
    expect(alpacaEvalScore(1.25)).toBe(0.25);
    expect(alpacaEvalScore(null)).toBeNull();
    expect(() => alpacaEvalScore(2.5)).toThrow(RangeError);
  });

  it("computes a hand-checked file: win rate is the mean score, counts by side of the middle", async () => {
    const prefs = [1, 2, 1.5, 0, null, 1.25, 2, 1.9];
    const path = join(dir, "hand.json");
    writeFileSync(path, JSON.stringify(prefs.map((p) => ({ generator_1: "ref", generator_2: "m", preference: p, instruction: "x" }))));
    const out = (await arbiter("winrate", path, "--format", "alpaca-eval", "--bootstrap", "0")).json();
    // Scores 0, 1, ½, ½, (left out), ¼, 1, 0.9: mean 4.15/7.
    expect(out).toMatchObject({ a: "m", b: "ref", n: 7, wins: 3, losses: 2, ties: 2 });
    expect(out.win_rate).toBeCloseTo(4.15 / 7, 12);
  });

  it("names the element and field of a bad preference", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify([{ generator_1: "r", generator_2: "m", preference: 1 }, { generator_1: "r", generator_2: "m", preference: 3 }]));
    const r = await arbiter("winrate", path, "--format", "alpaca-eval");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:2: field "preference"`);
  });
});

describe("arbiter winrate --format alpaca-eval reproduces the leaderboard of the same commit", () => {
  it("AlpacaEval 1 (ties written as 0): alpaca-7b", async () => {
    const out = (await arbiter("winrate", join(fixtures, "alpaca_eval_gpt4-alpaca-7b.json"), "--format", "alpaca-eval")).json();
    expect(out).toMatchObject({ a: "alpaca-7b", b: "text_davinci_003" });
    expectLeaderboard(out, leaderboard("alpaca_eval_gpt4_leaderboard.csv").get("alpaca-7b")!);
    // The parser agrees on its own with the counts (formats reuses it for rank).
    const rows = await readAlpacaEvalAnnotations(join(fixtures, "alpaca_eval_gpt4-alpaca-7b.json"));
    expect(rows.filter((r) => r.preference === 0)).toHaveLength(16);
  });

  it("AlpacaEval 2 weighted (fractional): one result per model without --a, one with --a", async () => {
    const file = join(fixtures, "weighted_alpaca_eval_gpt4_turbo-alpaca-7b-phi-2.json");
    const board = leaderboard("weighted_alpaca_eval_gpt4_turbo_leaderboard.csv");
    const all = (await arbiter("winrate", file, "--format", "alpaca-eval", "--bootstrap", "500")).json();
    expect(Array.isArray(all)).toBe(true);
    expect(all.map((o: any) => [o.a, o.b])).toEqual([["alpaca-7b", "gpt4_1106_preview"], ["phi-2", "gpt4_1106_preview"]]);
    for (const o of all) expectLeaderboard(o, board.get(o.a)!);
    const one = (await arbiter("winrate", file, "--format", "alpaca-eval", "--a", "phi-2", "--bootstrap", "500")).json();
    expect(one.a).toBe("phi-2");
    expect(one).toEqual(all[1]);
    expect([...byModel(await readAlpacaEvalAnnotations(file)).keys()]).toEqual(["alpaca-7b", "phi-2"]);
  });

  it("refuses an --a that is not in the file, naming the models there", async () => {
    const r = await arbiter("winrate", join(fixtures, "alpaca_eval_gpt4-alpaca-7b.json"), "--format", "alpaca-eval", "--a", "gpt-9");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"alpaca-7b"');
  });
});
