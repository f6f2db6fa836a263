import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRecords, type InputRecord } from "../../scripts/input/records.ts";
import { runCommand } from "../support/run-cli.ts";

const repo = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "arbiter-stats-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function arbiter(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; json: () => any }> {
  const r = await runCommand(process.execPath, ["scripts/bin/arbiter.js", ...args], { cwd: repo, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

// Krippendorff (2011), section C: observers × units, "." = missing.
const paper = {
  "Obs, A": "1 2 3 3 2 1 4 1 2 . . .",
  B: "1 2 3 3 2 2 4 1 2 5 . 3",
  C: ". 3 3 3 2 3 4 2 2 5 1 .",
  D: "1 2 3 3 2 4 4 1 2 5 1 .",
};
function paperCsv(): string {
  const lines = ["item,rater,label"];
  for (const [rater, values] of Object.entries(paper)) {
    values.split(" ").forEach((v, u) => {
      if (v !== ".") lines.push(`unit-${u + 1},"${rater.replace(/"/g, '""')}",${v}`);
    });
  }
  return lines.join("\r\n") + "\r\n";
}

describe("arbiter agreement", () => {
  it("computes Krippendorff's alpha from a CSV with quoted fields and CRLF line ends", async () => {
    const path = file("paper.csv", paperCsv());
    const nominal = await arbiter("agreement", path, "--metric", "krippendorff", "--bootstrap", "200");
    expect(nominal.stderr).toBe("");
    expect(nominal.code).toBe(0);
    const out = nominal.json();
    // Unit 12 has one value only: alpha is computed over the 11 pairable units (issue 18: n_items counts those).
    expect(out).toMatchObject({ metric: "krippendorff", level: "nominal", n_items: 11, n_items_in_file: 12, n_raters: 4 });
    expect(out.value).toBeCloseTo(0.743, 3);
    expect(out.ci95).toHaveLength(2);
    const interval = await arbiter("agreement", path, "--metric", "krippendorff", "--level", "interval", "--bootstrap", "0");
    expect(interval.json().value).toBeCloseTo(0.849, 3);
  });

  it("computes Cohen's kappa from JSONL (Wikipedia's example, κ = 0.4)", async () => {
    const lines: string[] = [];
    const cells: [string, string, number][] = [["yes", "yes", 20], ["yes", "no", 5], ["no", "yes", 10], ["no", "no", 15]];
    let item = 0;
    for (const [a, b, count] of cells) {
      for (let c = 0; c < count; c++) {
        item++;
        lines.push(JSON.stringify({ item, rater: "A", label: a }), JSON.stringify({ item, rater: "B", label: b }));
      }
    }
    const r = await arbiter("agreement", file("cohen.jsonl", lines.join("\n") + "\n"), "--metric", "cohen");
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ metric: "cohen", n_items: 50, n_raters: 2, weights: "none" });
    expect(r.json().value).toBeCloseTo(0.4, 12);
  });

  it("reports null with a reason when kappa is undefined", async () => {
    const path = file("same.csv", "item,rater,label\n1,a,x\n1,b,x\n2,a,x\n2,b,x\n");
    const r = await arbiter("agreement", path, "--metric", "fleiss");
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ value: null, ci95: null });
    expect(r.json().reason).toMatch(/only one label/);
  });

  it("exits 2 naming file and line for a missing field", async () => {
    const path = file("ratings.csv", "item,rater,label\n1,a,x\n1,b,\n");
    const r = await arbiter("agreement", path, "--metric", "percent");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:3: field "label" is missing`);
    expect(r.stdout).toBe("");
  });

  it("exits 2 naming file and line for invalid JSON and for a rating given twice", async () => {
    const bad = await arbiter("agreement", file("bad.jsonl", '{"item":1,"rater":"a","label":1}\n{"item":1,"rater":\n'), "--metric", "percent");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.jsonl:2: invalid JSON/);
    const twice = await arbiter("agreement", file("twice.csv", "item,rater,label\n1,a,x\n1,b,y\n1,a,y\n"), "--metric", "percent");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/twice\.csv:4: rater "a" already rated item "1" on line 2/);
  });

  it("exits 2 for non-numeric labels at the interval level, with file and line", async () => {
    const path = file("words.csv", "item,rater,label\n1,a,2\n1,b,high\n");
    const r = await arbiter("agreement", path, "--metric", "krippendorff", "--level", "interval");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:3: label "high" is not numeric`);
  });

  it("exits 2 for an unknown metric, a single rater, Cohen with three raters and unequal label sets", async () => {
    const three = file("three.csv", "item,rater,label\n1,a,1\n1,b,1\n1,c,2\n2,a,2\n2,b,2\n2,c,2\n");
    const unknown = await arbiter("agreement", three, "--metric", "scott");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown metric "scott"/);
    const cohen3 = await arbiter("agreement", three, "--metric", "cohen");
    expect(cohen3.code).toBe(2);
    expect(cohen3.stderr).toMatch(/exactly two raters, found 3/);
    const single = await arbiter("agreement", file("one.csv", "item,rater,label\n1,a,1\n2,a,2\n"), "--metric", "krippendorff");
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/fewer than two raters/);
    const unequal = file("unequal.csv", "item,rater,label\n1,a,1\n1,b,1\n2,a,2\n2,b,3\n3,a,3\n3,b,3\n");
    const weighted = await arbiter("agreement", unequal, "--metric", "cohen", "--weights", "linear");
    expect(weighted.code).toBe(2);
    expect(weighted.stderr).toMatch(/unequal label sets for weighted kappa/);
    const ordered = await arbiter("agreement", unequal, "--metric", "cohen", "--weights", "linear", "--categories", "1,2,3");
    expect(ordered.code).toBe(0);
  });

  it("bootstraps weighted kappa on the whole file's scale even when a resample misses a label", async () => {
    // Hand computation (quadratic, categories 1..3): observed Σd·o/n = (1 + 4)/5 = 1,
    // expected Σd·r_i·c_j/n² = 35/25 = 1.4, κ = 1 - 1/1.4 = 2/7.
    const path = file("weighted.csv", "item,rater,label\n1,a,1\n1,b,1\n2,a,2\n2,b,2\n3,a,3\n3,b,2\n4,a,3\n4,b,3\n5,a,1\n5,b,3\n");
    const r = await arbiter("agreement", path, "--metric", "cohen", "--weights", "quadratic", "--bootstrap", "500");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.json().value).toBeCloseTo(2 / 7, 12);
    expect(r.json().ci95).toHaveLength(2);
  });
});

describe("arbiter winrate", () => {
  it("prints the contract's figures", async () => {
    const lines = [
      ...Array.from({ length: 9 }, (_, i) => JSON.stringify({ item: `c${i}`, winner: "A" })),
      JSON.stringify({ item: "c9", winner: "B" }),
      JSON.stringify({ item: "c10", winner: "tie" }),
      JSON.stringify({ item: "c11", winner: "tie" }),
    ];
    const r = await arbiter("winrate", file("pairs.jsonl", lines.join("\n")));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out).toMatchObject({ n: 12, wins: 9, losses: 1, ties: 2 });
    expect(out.win_rate).toBeCloseTo(10 / 12, 12);
    expect(out.decisive_win_rate).toBeCloseTo(0.9, 12);
    expect(out.p_value).toBeCloseTo(0.021484375, 12);
    expect(out.ci95_decisive[0]).toBeCloseTo(0.5958, 4); // Wilson 9/10
    expect(out.ci95_decisive[1]).toBeCloseTo(0.9821, 4);
    expect(out.ci95_win_rate).toHaveLength(2);
    // The same seed gives the same interval.
    expect((await arbiter("winrate", file("pairs2.jsonl", lines.join("\n")))).json().ci95_win_rate).toEqual(out.ci95_win_rate);
  });

  it("makes the item the unit: 40 items × 3 identical votes print the figures of one vote each", async () => {
    const items = [...Array(27).fill("A"), ...Array(12).fill("B"), "tie"];
    const one = items.map((w, i) => JSON.stringify({ item: `c${i}`, winner: w }));
    const three = items.flatMap((w, i) => [0, 1, 2].map(() => JSON.stringify({ item: `c${i}`, winner: w })));
    const a = (await arbiter("winrate", file("one.jsonl", one.join("\n")), "--bootstrap", "2000")).json();
    const b = (await arbiter("winrate", file("three.jsonl", three.join("\n")), "--bootstrap", "2000")).json();
    expect(a).toMatchObject({ n: 40, n_votes: 40, wins: 27, losses: 12, ties: 1 });
    expect(b).toMatchObject({ n: 40, n_votes: 120, wins: 27, losses: 12, ties: 1 });
    expect(b.win_rate).toBeCloseTo(a.win_rate, 12);
    expect(b.p_value).toBe(a.p_value);
    // p = 2·P(X <= 12 | n = 39, 1/2), about 0.024 (as 120 independent votes it would be far smaller).
    expect(a.p_value).toBeGreaterThan(0.01);
    expect(b.ci95_win_rate).toEqual(a.ci95_win_rate);
    const width = (ci: number[]) => ci[1] - ci[0];
    expect(Math.abs(width(b.ci95_decisive) - width(a.ci95_decisive))).toBeLessThan(0.03);
  });

  it("reads count and score: a row with count 3 is three identical votes, a score is a fractional vote", async () => {
    const r = (await arbiter(
      "winrate",
      file("count.jsonl", ['{"item":"x","winner":"A","count":3}', '{"item":"y","score":0.25}', '{"winner":"B","count":2}'].join("\n")),
      "--bootstrap", "0",
    )).json();
    // Items: x (3 votes, score 1), y (score 0.25), the third row's own item (2 votes, score 0).
    expect(r).toMatchObject({ n: 3, n_votes: 6, wins: 1, losses: 2, ties: 0 });
    expect(r.win_rate).toBeCloseTo(1.25 / 3, 12);
  });

  it("--judge adds the PPI++ block (figures from a numpy transcription of ppi_mean_ci)", async () => {
    const human = [["c0", "A"], ["c1", "B"], ["c2", "A"], ["c3", "tie"], ["c4", "A"], ["c5", "B"], ["c0", "B"]];
    const judge = [["c0", "A"], ["c1", "B"], ["c2", "A"], ["c3", "tie"], ["c4", "A"], ["c5", "A"], ["c6", "A"], ["c7", "B"], ["c8", "tie"], ["c9", "A"]];
    const jsonl = (rows: string[][]) => rows.map(([item, winner]) => JSON.stringify({ item, winner })).join("\n");
    const r = await arbiter("winrate", file("h.jsonl", jsonl(human)), "--judge", file("j.jsonl", jsonl(judge)), "--bootstrap", "100");
    expect(r.stderr).toBe("");
    const out = r.json();
    expect(Object.keys(out.ppi).sort()).toEqual(["ci95", "classical_ci95", "lambda", "n_labeled", "n_unlabeled", "win_rate"]);
    // Y = (½, 0, 1, ½, 1, 0) (c0 has two votes), f = (1, 0, 1, ½, 1, 1), unlabeled f = (1, 0, ½, 1).
    expect(out.ppi).toMatchObject({ n_labeled: 6, n_unlabeled: 4 });
    expect(out.ppi.lambda).toBeCloseTo(0.1875, 12);
    expect(out.ppi.win_rate).toBeCloseTo(0.4765625, 12);
    expect(out.ppi.ci95[0]).toBeCloseTo(0.16707086366058105, 12);
    expect(out.ppi.ci95[1]).toBeCloseTo(0.7860541363394189, 12);
    expect(out.ppi.classical_ci95[0]).toBeCloseTo(0.17333933590999095, 12);
    const dup = await arbiter("winrate", file("h2.jsonl", jsonl(human)), "--judge", file("j2.jsonl", jsonl([...judge, ["c1", "A"]])));
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("j2.jsonl:11:");
  });

  it("rows with len_a and len_b add the length-controlled block (checked against scipy's BFGS fit)", async () => {
    const rows = [["A", 100, 50], ["B", 20, 80], ["A", 300, 200], ["tie", 50, 50], ["B", 100, 40], ["A", 80, 100]] as const;
    const text = rows.map(([winner, len_a, len_b], i) => JSON.stringify({ item: `c${i}`, winner, len_a, len_b })).join("\n");
    const out = (await arbiter("winrate", file("len.jsonl", text), "--bootstrap", "200")).json();
    expect(out.length_controlled.win_rate).toBeCloseTo(0.5398223118743819, 7);
    expect(out.length_controlled.length_coef).toBeCloseTo(0.9089039622839281, 6);
    expect(out.length_controlled.ci95).toHaveLength(2);
    const partial = await arbiter("winrate", file("len2.jsonl", text + '\n{"item":"c9","winner":"A"}'));
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain("len2.jsonl:7:");
  });

  it("exits 2 naming file and line for a bad winner", async () => {
    const path = file("wr.jsonl", '{"item":1,"winner":"A"}\n\n{"item":2,"winner":"C"}\n');
    const r = await arbiter("winrate", path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:3: field "winner" must be`);
  });
});

describe("arbiter rank", () => {
  it("ranks by Bradley-Terry with intervals, highest first", async () => {
    const rows = [
      ...Array.from({ length: 30 }, () => ({ a: "base", b: "tuned", winner: "b" })),
      ...Array.from({ length: 10 }, () => ({ a: "base", b: "tuned", winner: "a" })),
      ...Array.from({ length: 12 }, () => ({ a: "frontier", b: "tuned", winner: "tie" })),
      ...Array.from({ length: 6 }, () => ({ a: "frontier", b: "tuned", winner: "a" })),
      ...Array.from({ length: 2 }, () => ({ a: "frontier", b: "tuned", winner: "b" })),
      ...Array.from({ length: 5 }, () => ({ a: "frontier", b: "base", winner: "b" })),
      ...Array.from({ length: 15 }, () => ({ a: "frontier", b: "base", winner: "a" })),
    ];
    const r = await arbiter("rank", file("battles.jsonl", rows.map((x) => JSON.stringify(x)).join("\n")), "--bootstrap", "300");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.json();
    // frontier and tuned both beat base 3:1; frontier has the better of their head-to-head (12 to 8 with ties halved).
    expect(out.systems.map((s: { name: string }) => s.name)).toEqual(["frontier", "tuned", "base"]);
    const scores = out.systems.map((s: { score: number }) => s.score);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
    expect(out.systems.at(-1).name).toBe("base");
    for (const s of out.systems) {
      expect(s.ci95).toHaveLength(2);
      expect(s.ci95[0]).toBeLessThanOrEqual(s.score);
      expect(s.ci95[1]).toBeGreaterThanOrEqual(s.score);
    }
    expect(scores.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(0, 6);
  });

  it("exits 2 naming the components of a disconnected graph, and file:line for a bad row", async () => {
    const path = file("split.jsonl", ['{"a":"x","b":"y","winner":"a"}', '{"a":"y","b":"x","winner":"a"}', '{"a":"p","b":"q","winner":"tie"}'].join("\n"));
    const r = await arbiter("rank", path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/disconnected.*\{x, y\}.*\{p, q\}/);
    const bad = file("bad-rank.csv", "a,b,winner\nx,y,a\nx,,b\n");
    const r2 = await arbiter("rank", bad);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`${bad}:3: field "b" is missing`);
  });
});

describe("record reader", () => {
  async function all(path: string): Promise<InputRecord[]> {
    const out: InputRecord[] = [];
    for await (const r of readRecords(path)) out.push(r);
    return out;
  }

  it("reads RFC 4180 CSV: quoted commas, doubled quotes, line breaks inside quotes, BOM", async () => {
    const path = file("quoted.csv", '\uFEFFitem,rater,label\n1,"Smith, J.","said ""yes"""\n2,b,"two\nlines"\n3,c,plain\n');
    const records = await all(path);
    expect(records).toEqual([
      { line: 2, record: { item: "1", rater: "Smith, J.", label: 'said "yes"' } },
      { line: 3, record: { item: "2", rater: "b", label: "two\nlines" } },
      { line: 5, record: { item: "3", rater: "c", label: "plain" } },
    ]);
  });

  it("sniffs JSON Lines in a file without a known extension and reads a .json array", async () => {
    expect(await all(file("data.txt", '{"x":1}\n\n{"x":2}\n'))).toEqual([
      { line: 1, record: { x: 1 } },
      { line: 3, record: { x: 2 } },
    ]);
    expect((await all(file("arr.json", '[{"x":1},{"x":2}]'))).map((r) => r.record)).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it("names file and line for malformed CSV", async () => {
    const unclosed = file("unclosed.csv", 'a,b\n1,"open\n');
    await expect(all(unclosed)).rejects.toThrow(`${unclosed}:2: a quoted field is never closed`);
    const stray = file("stray.csv", 'a,b\n1,x"y\n');
    await expect(all(stray)).rejects.toThrow(`${stray}:2: a quote inside an unquoted field`);
    const missingFile = join(dir, "nope.csv");
    await expect(all(missingFile)).rejects.toThrow(/cannot read/);
  });
});
