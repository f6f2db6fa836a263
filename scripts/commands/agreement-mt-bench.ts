/**
 * `arbiter agreement FILE [FILE…] --format mt-bench --between A,B --turn 1|2 [--no-ties]`: the
 * MT-bench paper's agreement between two judge groups (gpt4-pair, human, author, …) over
 * FastChat vote files (app/core/stats/mt-bench-agreement.ts). Prints
 * {"metric":"mt_bench_agreement","value","agree","n_pairs", "between","turn","ties"}.
 */
import { CliError, printJson, stringFlag, type ParsedArgs } from "../cli-support.ts";
import { mtBenchAgreement, type MtBenchVote } from "../../app/core/stats/mt-bench-agreement.ts";
import { readMtBenchVotes } from "../input/formats/mt-bench.ts";
import { rejectUnknownFlags } from "../stats-options.ts";

export async function runMtBenchAgreement(args: ParsedArgs): Promise<number> {
  rejectUnknownFlags(args, ["json", "help", "format", "between", "turn", "no-ties"]);
  const files = args.positionals;
  if (files.length === 0) throw new CliError("usage: arbiter agreement FILE [FILE...] --format mt-bench --between A,B --turn 1|2: missing FILE");
  const between = stringFlag(args, "between", true).split(",").map((s) => s.trim());
  if (between.length !== 2 || between.some((g) => g === "")) {
    throw new CliError(`--between needs two judge groups separated by a comma (e.g. gpt4-pair,human), got "${args.flags.between}"`);
  }
  const turnText = stringFlag(args, "turn", true);
  const turn = Number(turnText);
  if (!Number.isInteger(turn) || turn < 1) throw new CliError(`--turn must be 1 or 2, got "${turnText}"`);
  const noTies = args.flags["no-ties"] === true;
  const votes: MtBenchVote[] = [];
  for (const file of files) for (const v of await readMtBenchVotes(file)) votes.push(v);
  const result = mtBenchAgreement(votes, between[0], between[1], turn, { noTies });
  printJson({ ...result, between, turn, ties: noTies ? "left out" : "counted (any tie equals any tie)" });
  return 0;
}
