/**
 * issue 18: agreement over other formats (wide tables, FastChat's MT-bench votes), the pooled
 * percent agreement beside the mean over items, n_items as the items the value is computed over,
 * and the bootstrap by resampled row counts (the default interval made affordable).
 */
import { describe, expect, it } from "vitest";
import { bootstrapCounts, bootstrapItems, groupRows } from "../../app/core/stats/bootstrap.ts";
import { cohenKappa } from "../../app/core/stats/cohen-kappa.ts";
import { fleissKappa } from "../../app/core/stats/fleiss-kappa.ts";
import { krippendorffAlpha, type AlphaLevel } from "../../app/core/stats/krippendorff-alpha.ts";
import type { Rating } from "../../app/core/stats/labels.ts";
import { mtBenchAgreement, judgeGroup, type MtBenchVote } from "../../app/core/stats/mt-bench-agreement.ts";
import { percentAgreement } from "../../app/core/stats/percent-agreement.ts";
import { createRng } from "../../app/core/stats/rng.ts";
import { cliScratch } from "../support/cli-scratch.ts";

const { file, arbiter } = cliScratch("arbiter-agreement-formats-");

// Krippendorff (2011), section C: observers × units, "." = missing; alpha nominal 0.743, interval 0.849.
const paper = [
  "1 2 3 3 2 1 4 1 2 . . .",
  "1 2 3 3 2 2 4 1 2 5 . 3",
  ". 3 3 3 2 3 4 2 2 5 1 .",
  "1 2 3 3 2 4 4 1 2 5 1 .",
].map((r) => r.split(" "));

describe("agreement --format wide", () => {
  it("reads one row per unit and one column per coder, with empty, . and NaN missing", async () => {
    const missing = ["", ".", "NaN"];
    const rows = ["unit,A,B,C,D"];
    for (let u = 0; u < 12; u++) {
      rows.push([`u${u + 1}`, ...paper.map((obs, o) => (obs[u] === "." ? missing[(u + o) % 3] : obs[u]))].join(","));
    }
    const path = file("wide.csv", rows.join("\n") + "\n");
    const nominal = await arbiter("agreement", path, "--format", "wide", "--metric", "krippendorff", "--bootstrap", "0");
    expect(nominal.stderr).toBe("");
    expect(nominal.json().value).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value: alpha is over the 11 pairable units.
    expect(nominal.json()).toMatchObject({ n_items: 11, n_items_in_file: 12, n_raters: 4 });
    const interval = await arbiter("agreement", path, "--format", "wide", "--metric", "krippendorff", "--level", "interval", "--bootstrap", "0");
    expect(interval.json().value).toBeCloseTo(0.849, 3);
  });

  it("numbers the units when no column names them, and names the line of a repeated unit", async () => {
    const path = file("bare.csv", "A,B\nx,x\ny,x\n,y\n");
    const r = await arbiter("agreement", path, "--format", "wide", "--metric", "percent", "--bootstrap", "0");
    expect(r.json()).toMatchObject({ value: 0.5, n_items: 2, n_items_in_file: 3, n_raters: 2 });
    const twice = await arbiter("agreement", file("twice.csv", "id,A,B\n1,x,x\n1,y,x\n"), "--format", "wide", "--metric", "percent");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/twice\.csv:3: unit "1" already has a row on line 2/);
  });
});

describe("percent agreement, mean over items and pooled over pairs", () => {
  // Item 1: three raters agree (3 agreeing pairs of 3); item 2: two raters disagree (0 of 1);
  // item 3 has one rating and counts in neither. Mean over items (1 + 0)/2 = 0.5; pooled 3/4.
  const csv = "item,rater,label\n1,a,x\n1,b,x\n1,c,x\n2,a,x\n2,b,y\n3,a,x\n";
  it("reports both, value being the one asked for", async () => {
    const path = file("pct.csv", csv);
    const mean = (await arbiter("agreement", path, "--metric", "percent", "--bootstrap", "0")).json();
    expect(mean).toMatchObject({ value: 0.5, aggregation: "mean_over_items", mean_over_items: 0.5, pooled_over_pairs: 0.75, n_pairs: 4, n_items: 2, n_items_in_file: 3 });
    const pooled = (await arbiter("agreement", path, "--metric", "percent", "--pooled", "--bootstrap", "0")).json();
    expect(pooled).toMatchObject({ value: 0.75, aggregation: "pooled_over_pairs", mean_over_items: 0.5, pooled_over_pairs: 0.75 });
  });
});

describe("row weights (a resample as counts of distinct rows)", () => {
  const rows: Rating[][] = [
    [1, 1, 2, null],
    [2, 2, 2, 2],
    [3, null, 3, 4],
    [1, 4, null, null],
  ];
  const counts = [3, 1, 2, 5];
  const expanded = rows.flatMap((r, i) => Array.from({ length: counts[i] }, () => r));
  it("equal the statistic on the rows repeated that many times", () => {
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as AlphaLevel[]) {
      expect(krippendorffAlpha(rows, level, { rowWeights: counts }).value).toBeCloseTo(krippendorffAlpha(expanded, level).value!, 12);
    }
    expect(percentAgreement(rows, { rowWeights: counts }).value).toBeCloseTo(percentAgreement(expanded).value!, 12);
    expect(percentAgreement(rows, { rowWeights: counts }).pooled).toBeCloseTo(percentAgreement(expanded).pooled!, 12);
    const two = rows.map((r) => r.slice(0, 2));
    const twoExpanded = expanded.map((r) => r.slice(0, 2));
    for (const weights of ["none", "linear", "quadratic"] as const) {
      const categories = [1, 2, 3, 4];
      expect(cohenKappa(two, { weights, categories, rowWeights: counts }).value).toBeCloseTo(cohenKappa(twoExpanded, { weights, categories }).value!, 12);
    }
    const complete = rows.map((r) => [r[0], r[0] === 1 ? 2 : 1, 1]);
    const completeExpanded = complete.flatMap((r, i) => Array.from({ length: counts[i] }, () => r));
    expect(fleissKappa(complete, { rowWeights: counts }).value).toBeCloseTo(fleissKappa(completeExpanded).value!, 12);
  });

  it("give the same interval as resampling the items themselves", () => {
    const rng = createRng("profiles");
    const matrix: Rating[][] = Array.from({ length: 3000 }, () => {
      const truth = rng.int(4);
      return Array.from({ length: 3 }, () => (rng.next() < 0.6 ? truth : rng.int(4)));
    });
    const stat = (s: Rating[][]) => krippendorffAlpha(s, "nominal").value;
    const byItems = bootstrapItems(matrix, stat, { resamples: 2000, seed: 1 }).interval!;
    const profiles = groupRows(matrix, (r) => [...r].sort().join(","));
    const byCounts = bootstrapCounts(profiles, (w) => krippendorffAlpha(profiles.distinct, "nominal", { rowWeights: w }).value, { resamples: 2000, seed: 2 }).interval!;
    // Two Monte Carlo estimates of the same percentiles: equal up to resampling noise.
    expect(Math.abs(byItems[0] - byCounts[0])).toBeLessThan(0.01);
    expect(Math.abs(byItems[1] - byCounts[1])).toBeLessThan(0.01);
  });
});

describe("MT-bench agreement (FastChat compute_agreement.py)", () => {
  const gpt4 = ["gpt-4", "pair-v2"];
  const votes: MtBenchVote[] = [
    { question_id: 81, model_a: "A", model_b: "B", winner: "model_a", judge: gpt4, turn: 1 },
    { question_id: 81, model_a: "A", model_b: "B", winner: "model_a", judge: "expert_1", turn: 1 },
    // The same preference written with the models the other way round.
    { question_id: 81, model_a: "B", model_b: "A", winner: "model_b", judge: "expert_2", turn: 1 },
    { question_id: 81, model_a: "A", model_b: "B", winner: "tie", judge: "author_1", turn: 1 },
    { question_id: 82, model_a: "A", model_b: "B", winner: "tie", judge: gpt4, turn: 1 },
    { question_id: 82, model_a: "A", model_b: "B", winner: "tie (bothbad)", judge: "expert_1", turn: 1 },
    { question_id: 82, model_a: "A", model_b: "B", winner: "model_b", judge: "expert_3", turn: 1 },
    { question_id: 83, model_a: "B", model_b: "A", winner: "model_a", judge: gpt4, turn: 1 },
    { question_id: 83, model_a: "A", model_b: "B", winner: "model_b", judge: "expert_1", turn: 1 },
    // A single-answer GPT-4 judge is not gpt4-pair; a turn-2 vote is not turn 1.
    { question_id: 83, model_a: "A", model_b: "B", winner: "model_a", judge: ["gpt-4", "single-v1"], turn: 1 },
    { question_id: 81, model_a: "A", model_b: "B", winner: "model_b", judge: gpt4, turn: 2 },
    { question_id: 81, model_a: "A", model_b: "B", winner: "model_b", judge: "expert_1", turn: 2 },
  ];
  it("groups judges as the script does", () => {
    expect(judgeGroup(gpt4)).toBe("gpt4-pair");
    expect(judgeGroup("expert_17")).toBe("human");
    expect(judgeGroup("author_2")).toBe("author");
  });
  it("counts every pair of votes of the two groups on a key once; any tie equals any tie", () => {
    // q81: (A,A) twice, agree 2/2; q82: (tie, tie) agrees, (tie, B) not: 1/2; q83: (B, B) 1/1.
    expect(mtBenchAgreement(votes, "gpt4-pair", "human", 1)).toEqual({ metric: "mt_bench_agreement", value: 0.8, agree: 4, n_pairs: 5 });
    // Without ties q82 drops out (GPT-4's vote there is a tie).
    expect(mtBenchAgreement(votes, "gpt4-pair", "human", 1, { noTies: true })).toMatchObject({ value: 1, agree: 3, n_pairs: 3 });
    // Within the human group: q81 one agreeing pair, q82 one disagreeing pair.
    expect(mtBenchAgreement(votes, "human", "human", 1)).toMatchObject({ value: 0.5, agree: 1, n_pairs: 2 });
    expect(mtBenchAgreement(votes, "human", "human", 1, { noTies: true })).toMatchObject({ value: 1, agree: 1, n_pairs: 1 });
    expect(mtBenchAgreement(votes, "gpt4-pair", "human", 2)).toMatchObject({ value: 1, agree: 1, n_pairs: 1 });
  });
  it("reads FastChat's files from the command line: a JSON array and JSON Lines together", async () => {
    const human = votes.filter((v) => !Array.isArray(v.judge));
    const machine = votes.filter((v) => Array.isArray(v.judge));
    const a = file("human_judgments.json", JSON.stringify(human.map((v) => ({ ...v, conversation_a: [], tstamp: 1 }))));
    const b = file("gpt4_pair_judgments.jsonl", machine.map((v) => JSON.stringify(v)).join("\n") + "\n");
    const r = await arbiter("agreement", a, b, "--format", "mt-bench", "--between", "gpt4-pair,human", "--turn", "1");
    expect(r.stderr).toBe("");
    expect(r.json()).toMatchObject({ metric: "mt_bench_agreement", value: 0.8, agree: 4, n_pairs: 5 });
    const noTies = await arbiter("agreement", a, b, "--format", "mt-bench", "--between", "gpt4-pair,human", "--turn", "1", "--no-ties");
    expect(noTies.json()).toMatchObject({ value: 1, agree: 3, n_pairs: 3 });
    const bad = file("bad.jsonl", JSON.stringify(machine[0]) + "\n" + JSON.stringify({ ...machine[0], winner: "A" }) + "\n");
    const e = await arbiter("agreement", bad, "--format", "mt-bench", "--between", "gpt4-pair,human", "--turn", "1");
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/bad\.jsonl:2: field "winner" must be/);
  });
});
