/**
 * Statistics core against the targets of issue 4 §7: Krippendorff's alpha on 1,000,000 ratings
 * (100,000 items × 10 raters, 30% missing) < 1 s; 10,000 bootstrap resamples of a win rate over
 * 100,000 comparisons < 1 s; Bradley-Terry over 20 systems and 200,000 comparisons < 1 s, and
 * with 200 bootstrap resamples < 20 s. Inputs are generated from a fixed seed, outside the timing.
 */
import { formatMeasurement, measure, type Bench } from "./harness.ts";
import { bradleyTerry, type Comparison } from "../../app/core/stats/bradley-terry.ts";
import { krippendorffAlpha, type AlphaLevel } from "../../app/core/stats/krippendorff-alpha.ts";
import type { Rating } from "../../app/core/stats/labels.ts";
import { createRng } from "../../app/core/stats/rng.ts";
import { countOutcomes, winRate, type Outcome } from "../../app/core/stats/win-rate.ts";

function ratingMatrix(items: number, raters: number, missing: number): Rating[][] {
  const rng = createRng("bench-ratings");
  const rows: Rating[][] = new Array(items);
  for (let i = 0; i < items; i++) {
    const truth = 1 + rng.int(5);
    const row: Rating[] = new Array(raters);
    for (let r = 0; r < raters; r++) {
      // Raters mostly agree with the item's true label, otherwise pick any of 5.
      row[r] = rng.next() < missing ? null : rng.next() < 0.7 ? truth : 1 + rng.int(5);
    }
    rows[i] = row;
  }
  return rows;
}

function comparisons(systems: number, n: number): Comparison[] {
  const rng = createRng("bench-comparisons");
  const strength = Array.from({ length: systems }, (_, i) => 10 ** ((i * 20) / 400));
  const out: Comparison[] = new Array(n);
  for (let c = 0; c < n; c++) {
    const i = rng.int(systems);
    let j = rng.int(systems - 1);
    if (j >= i) j++;
    const u = rng.next();
    const pTie = 0.1;
    const pi = (1 - pTie) * (strength[i] / (strength[i] + strength[j]));
    out[c] = { a: `model-${i}`, b: `model-${j}`, winner: u < pTie ? "tie" : u < pTie + pi ? "a" : "b" };
  }
  return out;
}

const bench: Bench = {
  name: "statistics core",
  async run() {
    const lines: string[] = [];
    let met = true;
    const check = (m: Awaited<ReturnType<typeof measure>>, targetMs: number) => {
      lines.push(formatMeasurement(m, targetMs));
      if (m.medianMs >= targetMs) met = false;
    };

    const matrix = ratingMatrix(100_000, 10, 0.3);
    const ratings = matrix.reduce((s, row) => s + row.filter((r) => r !== null).length, 0);
    lines.push(`alpha input: 100,000 items × 10 raters, ${ratings} ratings present (${(100 - ratings / 1e4).toFixed(1)}% missing)`);
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as AlphaLevel[]) {
      let value: number | null = null;
      const m = await measure(`krippendorff alpha ${level}, 1,000,000 cells`, () => {
        value = krippendorffAlpha(matrix, level).value;
      });
      check(m, 1000);
      lines.push(`  alpha ${level} = ${value}`);
    }

    const outcomes: Outcome[] = [];
    const rng = createRng("bench-winrate");
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      outcomes.push(u < 0.5 ? "win" : u < 0.85 ? "loss" : u < 0.97 ? "tie" : "both_bad");
    }
    let ci: unknown;
    const mw = await measure("win rate over 100,000 comparisons with 10,000 bootstrap resamples", () => {
      ci = winRate(countOutcomes(outcomes), { resamples: 10_000, seed: 1 }).ci95_win_rate;
    });
    check(mw, 1000);
    lines.push(`  ci95_win_rate = ${JSON.stringify(ci)}`);

    const data = comparisons(20, 200_000);
    let top = "";
    const mb = await measure("bradley-terry, 20 systems, 200,000 comparisons", () => {
      top = bradleyTerry(data).systems[0].name;
    });
    check(mb, 1000);
    lines.push(`  top system ${top}`);
    let spread = "";
    const mbb = await measure(
      "bradley-terry, 20 systems, 200,000 comparisons, 200 bootstrap resamples",
      () => {
        const r = bradleyTerry(data, { resamples: 200, seed: 1 });
        const s = r.systems[0];
        spread = `${s.name} ${s.score.toFixed(1)} [${s.ci95![0].toFixed(1)}, ${s.ci95![1].toFixed(1)}], skipped ${r.bootstrap!.skipped}`;
      },
      { runs: 3, warmup: 1 },
    );
    check(mbb, 20_000);
    lines.push(`  ${spread}`);
    return { name: "statistics core", lines, targetsMet: met };
  },
};

export default bench;
