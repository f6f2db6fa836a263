/**
 * `arbiter winrate FILE`: JSONL (or CSV) of {"item", "winner": "A"|"B"|"tie"} ("both_bad" also
 * accepted, counted as a tie and reported on its own). Prints the win rate of A over B:
 * {"n","wins","losses","ties","win_rate","decisive_win_rate","ci95_decisive","p_value", ...}.
 * Options: --by FIELD (breakdown by that field), --bootstrap N (resamples for ci95_win_rate,
 * default 10000), --seed S.
 */
import { parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { readRecords, requireChoice, requireId } from "../input/records.ts";
import { countOutcomes, winRate, winRateBreakdown, type Outcome } from "../../app/core/stats/win-rate.ts";
import { inputFile, rejectUnknownFlags, resamplesFlag, seedFlag } from "../stats-options.ts";

const WINNERS = ["A", "B", "tie", "both_bad"] as const;
const OUTCOME: Record<(typeof WINNERS)[number], Outcome> = { A: "win", B: "loss", tie: "tie", both_bad: "both_bad" };

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  rejectUnknownFlags(args, ["json", "help", "by", "bootstrap", "seed"]);
  const file = inputFile(args, "winrate");
  const by = stringFlag(args, "by");
  const resamples = resamplesFlag(args, 10_000);
  const seed = seedFlag(args);

  const rows: { outcome: Outcome; group: string }[] = [];
  for await (const rec of readRecords(file)) {
    const outcome = OUTCOME[requireChoice(file, rec, "winner", WINNERS)];
    rows.push({ outcome, group: by === undefined ? "" : requireId(file, rec, by) });
  }
  const counts = countOutcomes(rows.map((r) => r.outcome));
  const overall = winRate(counts, { resamples, seed });
  const { both_bad, reason, ...figures } = overall;
  const output: Record<string, unknown> = { ...figures };
  if (both_bad > 0) output.both_bad = both_bad;
  if (reason) output.reason = reason;
  output.bootstrap = { resamples, seed };
  if (by !== undefined) {
    output.by = by;
    output.breakdown = winRateBreakdown(rows, (r) => r.outcome, (r) => r.group, { resamples, seed });
  }
  printJson(output);
  return 0;
}
