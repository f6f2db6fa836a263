/**
 * `arbiter winrate FILE`: JSONL (or CSV) of {"item", "winner": "A"|"B"|"tie"} ("both_bad" also
 * accepted, counted as a tie and reported on its own), or {"item", "score"} with a fractional
 * preference for A in [0, 1]; optional "count" (the row stands for that many identical rows).
 * Several rows with one item are votes of that item, and the item is the unit
 * (app/core/stats/clustered.ts): n counts items, n_votes votes; wins, losses and ties count items
 * by the balance of their votes (the sign test's counts); ci95_win_rate resamples items with all
 * their votes. Prints
 * {"n","n_votes","wins","losses","ties","win_rate","decisive_win_rate","ci95_decisive","p_value","ci95_win_rate", ...}.
 * Options: --by FIELD (breakdown by that field), --bootstrap N (resamples, default 10000), --seed S.
 *
 * `--format alpaca-eval [--a MODEL]`: FILE is AlpacaEval annotations (scripts/input/formats/alpaca-eval.ts);
 * A is the evaluated model (generator_2), B the reference (generator_1), each row one item scored
 * `preference − 1`, so win_rate = the leaderboard's win_rate / 100 and wins/losses/ties its
 * n_wins/n_wins_base/n_draws. The output adds "a" and "b". With several models and no --a it
 * prints a JSON array, one such result per model (in order of first appearance).
 */
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { byModel, readAlpacaEvalAnnotations } from "../input/formats/alpaca-eval.ts";
import { readWinrateRows, type WinrateRow } from "../input/winrate-rows.ts";
import { clusteredWinRate, tallyVotes, type ClusteredWinRate } from "../../app/core/stats/clustered.ts";
import type { Seed } from "../../app/core/stats/rng.ts";
import { inputFile, rejectUnknownFlags, resamplesFlag, seedFlag } from "../stats-options.ts";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  rejectUnknownFlags(args, ["json", "help", "by", "bootstrap", "seed", "format", "a"]);
  const file = inputFile(args, "winrate");
  const by = stringFlag(args, "by");
  const resamples = resamplesFlag(args, 10_000);
  const seed = seedFlag(args);
  const format = stringFlag(args, "format") ?? "arbiter";
  if (format === "alpaca-eval") {
    if (by !== undefined) throw new CliError("--by does not apply to --format alpaca-eval");
    printJson(await alpacaEval(file, stringFlag(args, "a"), { resamples, seed }));
    return 0;
  }
  if (format !== "arbiter") throw new CliError(`--format must be arbiter or alpaca-eval, got "${format}"`);
  if (stringFlag(args, "a") !== undefined) throw new CliError("--a applies to --format alpaca-eval only");

  const rows = await readWinrateRows(file, { by });
  const output: Record<string, unknown> = winrateOutput(rows, { resamples, seed });
  output.bootstrap = { resamples, seed };
  if (by !== undefined) {
    output.by = by;
    output.breakdown = breakdown(rows, { resamples, seed });
  }
  printJson(output);
  return 0;
}

export interface WinrateRun {
  resamples: number;
  seed: Seed;
}

/** The clustered figures of rows, in the contract's field order (both_bad and reason only when they apply). */
export function winrateOutput(rows: readonly WinrateRow[], opts: WinrateRun): Record<string, unknown> {
  const w = clusteredWinRate(
    tallyVotes(rows, (r) => r.item, (r) => r.vote, (r) => r.count),
    opts,
  );
  return figures(w, false);
}

function figures(w: ClusteredWinRate, keepZeroBothBad: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    n: w.n,
    n_votes: w.n_votes,
    wins: w.wins,
    losses: w.losses,
    ties: w.ties,
    win_rate: w.win_rate,
    decisive_win_rate: w.decisive_win_rate,
    ci95_decisive: w.ci95_decisive,
    p_value: w.p_value,
    ci95_win_rate: w.ci95_win_rate,
  };
  if (keepZeroBothBad || w.both_bad > 0) out.both_bad = w.both_bad;
  if (w.reason) out.reason = w.reason;
  return out;
}

function breakdown(rows: readonly WinrateRow[], opts: WinrateRun): Record<string, unknown>[] {
  const groups = new Map<string, WinrateRow[]>();
  for (const r of rows) {
    let list = groups.get(r.group);
    if (!list) groups.set(r.group, (list = []));
    list.push(r);
  }
  return [...groups].map(([group, list]) => ({
    group,
    ...figures(clusteredWinRate(tallyVotes(list, (r) => r.item, (r) => r.vote, (r) => r.count), opts), true),
  }));
}

async function alpacaEval(file: string, only: string | undefined, opts: WinrateRun): Promise<unknown> {
  const models = byModel(await readAlpacaEvalAnnotations(file));
  if (models.size === 0) throw new CliError(`${file}: no annotations`);
  if (only !== undefined && !models.has(only)) {
    throw new CliError(`${file}: no annotations of model "${only}" (generator_2); the file has ${[...models.keys()].map((m) => JSON.stringify(m)).join(", ")}`);
  }
  const results = [...models].filter(([model]) => only === undefined || model === only).map(([model, list]) => {
    const reference = list[0].reference;
    const other = list.find((r) => r.reference !== reference);
    if (other) {
      throw new CliError(`${file}:${other.line}: model "${model}" is compared with two references ("${reference}" and "${other.reference}"); give one reference per model`);
    }
    // Each annotation is an item of its own with one (possibly fractional) vote; nulls are left out.
    const rows: WinrateRow[] = list
      .filter((r) => r.score !== null)
      .map((r) => ({ line: r.line, item: String(r.line), vote: r.score!, count: 1, group: "" }));
    return { a: model, b: reference, ...winrateOutput(rows, opts), bootstrap: { resamples: opts.resamples, seed: opts.seed } };
  });
  return results.length === 1 ? results[0] : results;
}
