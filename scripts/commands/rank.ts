/**
 * `arbiter rank FILE`: JSONL (or CSV) of {"a","b","winner":"a"|"b"|"tie"}. Prints the
 * Bradley-Terry ranking {"systems":[{"name","score","ci95":[lo,hi]}]}, highest score first,
 * scores on the 400·log10 scale with mean 0 (or --anchor NAME at 0).
 * Options: --bootstrap N (default 1000), --seed S, --anchor NAME.
 */
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { inputError, readRecords, requireChoice, requireId } from "../input/records.ts";
import { bradleyTerry, type Comparison } from "../../app/core/stats/bradley-terry.ts";
import { StatsInputError } from "../../app/core/stats/errors.ts";
import { inputFile, rejectUnknownFlags, resamplesFlag, seedFlag } from "../stats-options.ts";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  rejectUnknownFlags(args, ["json", "help", "bootstrap", "seed", "anchor"]);
  const file = inputFile(args, "rank");
  const resamples = resamplesFlag(args, 1000);
  const seed = seedFlag(args);
  const anchor = stringFlag(args, "anchor");

  const comparisons: Comparison[] = [];
  for await (const rec of readRecords(file)) {
    const a = requireId(file, rec, "a");
    const b = requireId(file, rec, "b");
    if (a === b) throw inputError(file, rec.line, `system "${a}" is compared with itself`);
    comparisons.push({ a, b, winner: requireChoice(file, rec, "winner", ["a", "b", "tie"] as const) });
  }
  if (comparisons.length === 0) throw new CliError(`${file}: no comparisons`);
  let result;
  try {
    result = bradleyTerry(comparisons, { resamples, seed, anchor });
  } catch (err) {
    if (err instanceof StatsInputError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  printJson({
    systems: result.systems,
    n_comparisons: result.n_comparisons,
    scale: "400*log10(strength)",
    anchor: result.anchor.kind === "mean" ? "mean score 0" : `${result.anchor.name} at 0`,
    bootstrap: result.bootstrap ?? { resamples: 0, seed, skipped: 0 },
  });
  return 0;
}
