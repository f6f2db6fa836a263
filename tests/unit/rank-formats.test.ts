/**
 * issue 18: `arbiter rank --format arena|mt-bench|alpaca-eval` and "count", checked against
 * Agresti's baseball example and hand-computed two-system fits.
 */
import { describe, expect, it } from "vitest";
import { cliScratch } from "../support/cli-scratch.ts";

const { file, arbiter } = cliScratch("arbiter-rank-formats-");
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
/** The score difference of a two-system fit: s_a/s_b = W_a/W_b, on the 400·log10 scale. */
const diff = (wa: number, wb: number) => 400 * Math.log10(wa / wb);
const score = (out: any, name: string) => out.systems.find((s: any) => s.name === name).score;

/*
 * Agresti, Categorical Data Analysis (2nd ed., 2002), section 10.6, Table 10.10: the 1987 American
 * League East, home wins and away wins per home/away pairing, as the R package BradleyTerry2 ships
 * it (hturner/BradleyTerry2 data/baseball.csv, GPL-2 | GPL-3; the figures are game results).
 * Table 10.11, column 3 (and BradleyTerry2's tests/baseball.Rout.save): the fitted log-abilities
 * with Baltimore at 0 are Milwaukee 1.5814, Detroit 1.4364, Toronto 1.2945, New York 1.2476,
 * Boston 1.1077, Cleveland 0.6839.
 */
const baseball = `Milwaukee,Detroit,4,3;Milwaukee,Toronto,4,2;Milwaukee,New York,4,3;Milwaukee,Boston,6,1;Milwaukee,Cleveland,4,2;Milwaukee,Baltimore,6,0;
Detroit,Milwaukee,3,3;Detroit,Toronto,4,2;Detroit,New York,4,3;Detroit,Boston,6,0;Detroit,Cleveland,6,1;Detroit,Baltimore,4,3;
Toronto,Milwaukee,2,5;Toronto,Detroit,4,3;Toronto,New York,2,4;Toronto,Boston,4,3;Toronto,Cleveland,4,2;Toronto,Baltimore,6,0;
New York,Milwaukee,3,3;New York,Detroit,5,1;New York,Toronto,2,5;New York,Boston,4,3;New York,Cleveland,4,2;New York,Baltimore,6,1;
Boston,Milwaukee,5,1;Boston,Detroit,2,5;Boston,Toronto,3,3;Boston,New York,4,2;Boston,Cleveland,5,2;Boston,Baltimore,6,0;
Cleveland,Milwaukee,2,5;Cleveland,Detroit,3,3;Cleveland,Toronto,3,4;Cleveland,New York,4,3;Cleveland,Boston,4,2;Cleveland,Baltimore,2,4;
Baltimore,Milwaukee,2,5;Baltimore,Detroit,1,5;Baltimore,Toronto,1,6;Baltimore,New York,2,4;Baltimore,Boston,1,6;Baltimore,Cleveland,3,4`
  .split(/;\s*/)
  .map((r) => r.split(","));
const agresti: Record<string, number> = { Milwaukee: 1.5814, Detroit: 1.4364, Toronto: 1.2945, "New York": 1.2476, Boston: 1.1077, Cleveland: 0.6839 };

describe("arbiter rank", () => {
  it("reproduces Agresti's Bradley-Terry fit of the 1987 AL East from rows with counts", async () => {
    const lines = ["a,b,winner,count"];
    for (const [home, away, hw, aw] of baseball) lines.push(`${home},${away},a,${hw}`, `${home},${away},b,${aw}`);
    const out = (await arbiter("rank", file("baseball.csv", lines.join("\n") + "\n"), "--anchor", "Baltimore", "--bootstrap", "0")).json();
    expect(out.n_comparisons).toBe(baseball.reduce((s, r) => s + Number(r[2]) + Number(r[3]), 0));
    expect(out.systems.map((s: any) => s.name)).toEqual(["Milwaukee", "Detroit", "Toronto", "New York", "Boston", "Cleveland", "Baltimore"]);
    for (const [team, beta] of Object.entries(agresti)) {
      // score = 400·log10(s) = 400/ln 10 · β
      expect((score(out, team) * Math.LN10) / 400).toBeCloseTo(beta, 3);
    }
    expect(score(out, "Baltimore")).toBe(0);
  });

  it("reads Arena battles, counting tie and tie (bothbad) as ties", async () => {
    // A: 3 wins, B: 1 win, 2 ties → W_A = 3 + 1, W_B = 1 + 1.
    const rows = [
      { model_a: "A", model_b: "B", winner: "model_a", count: 2 },
      { model_a: "B", model_b: "A", winner: "model_b", language: "English" },
      { model_a: "B", model_b: "A", winner: "model_a" },
      { model_a: "A", model_b: "B", winner: "tie" },
      { model_a: "A", model_b: "B", winner: "tie (bothbad)" },
    ];
    const out = (await arbiter("rank", file("arena.jsonl", jsonl(rows)), "--format", "arena", "--bootstrap", "0")).json();
    expect(out.format).toBe("arena");
    expect(out.n_comparisons).toBe(6);
    expect(score(out, "A") - score(out, "B")).toBeCloseTo(diff(4, 2), 9);
    expect(out.systems[0]).toMatchObject({ name: "A", wins: 3, losses: 1, ties: 2 });
    const array = (await arbiter("rank", file("arena.json", JSON.stringify(rows)), "--format", "arena", "--bootstrap", "0")).json();
    expect(array.systems).toEqual(out.systems);
    const bad = await arbiter("rank", file("bad-arena.jsonl", jsonl([rows[0], { model_a: "A", model_b: "B", winner: "A" }])), "--format", "arena");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-arena\.jsonl:2: field "winner" must be "model_a", "model_b", "tie", "tie \(bothbad\)"/);
  });

  it("reads MT-bench pairwise judgments, all judges or one group", async () => {
    const gpt4 = ["gpt-4", "pair-v2"];
    const rows = [
      { question_id: 81, model_a: "vicuna", model_b: "llama", winner: "model_a", judge: gpt4, turn: 1 },
      { question_id: 82, model_a: "vicuna", model_b: "llama", winner: "model_a", judge: gpt4, turn: 2 },
      { question_id: 83, model_a: "llama", model_b: "vicuna", winner: "tie", judge: gpt4, turn: 1 },
      { question_id: 81, model_a: "vicuna", model_b: "llama", winner: "model_b", judge: "expert_1", turn: 1 },
    ];
    const path = file("mt.jsonl", jsonl(rows));
    const all = (await arbiter("rank", path, "--format", "mt-bench", "--bootstrap", "0")).json();
    // vicuna: 2 wins, 1 loss, 1 tie → W 2.5 against 1.5.
    expect(score(all, "vicuna") - score(all, "llama")).toBeCloseTo(diff(2.5, 1.5), 9);
    const machine = (await arbiter("rank", path, "--format", "mt-bench", "--judge", "gpt4-pair", "--bootstrap", "0")).json();
    expect(machine.n_comparisons).toBe(3);
    expect(score(machine, "vicuna") - score(machine, "llama")).toBeCloseTo(diff(2.5, 0.5), 9);
  });

  it("reads AlpacaEval annotations of several models, preferences as the model's score", async () => {
    const ann = (model: string, preference: number | null) => ({ instruction: "q", generator_1: "gpt4_turbo", generator_2: model, preference });
    const rows = [ann("m1", 2), ann("m1", 2), ann("m1", 1), ann("m1", 1.5), ann("m1", 1.75), ann("m1", null), ann("m2", 1), ann("m2", 2), ann("m2", 0)];
    const out = (await arbiter("rank", file("annotations.json", JSON.stringify(rows)), "--format", "alpaca-eval", "--anchor", "gpt4_turbo", "--bootstrap", "0")).json();
    // m1 scores 1, 1, 0, ½, ¾ (null left out): 3.25 of 5; m2 scores 0, 1, ½ (0 is a tie): 1.5 of 3.
    expect(out.n_comparisons).toBe(8);
    expect(score(out, "m1")).toBeCloseTo(diff(3.25, 1.75), 9);
    expect(score(out, "m2")).toBeCloseTo(0, 9);
  });

  it("names the line, the field and the format another tool's file needs", async () => {
    const arena = file("arena-default.jsonl", jsonl([{ model_a: "A", model_b: "B", winner: "model_a" }]));
    const r = await arbiter("rank", arena);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${arena}:1: field "a" is missing; the row looks like Arena battles: give --format arena`);
    const mt = file("mt-default.jsonl", jsonl([{ question_id: 1, model_a: "A", model_b: "B", winner: "tie", judge: "expert_1", turn: 1 }]));
    expect((await arbiter("agreement", mt, "--metric", "percent")).stderr).toContain(`${mt}:1: field "item" is missing; the row looks like MT-bench judgments`);
    expect((await arbiter("rank", arena, "--format", "lmsys")).stderr).toMatch(/unknown format "lmsys"; expected one of arbiter, arena, mt-bench, alpaca-eval/);
  });
});
