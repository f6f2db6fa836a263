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
 * `--judge JUDGE.jsonl` (one row per item, same fields): adds
 * "ppi": {"win_rate","ci95","lambda","n_labeled","n_unlabeled","classical_ci95"}, the PPI++ mean
 * interval (app/core/stats/ppi.ts) with Y = an item's human score, f = the judge's score; labeled =
 * items in both files, unlabeled = judge items without a human vote.
 * Rows carrying "len_a" and "len_b" add "length_controlled": {"win_rate","ci95","length_coef"}
 * (app/core/stats/length-controlled.ts).
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
import { lengthControlledWinRate } from "../../app/core/stats/length-controlled.ts";
import { ppiMeanCi } from "../../app/core/stats/ppi.ts";
import { voteScore } from "../../app/core/stats/clustered.ts";
import { inputError } from "../input/records.ts";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  rejectUnknownFlags(args, ["json", "help", "by", "bootstrap", "seed", "format", "a", "judge"]);
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
  const lc = lengthControlled(file, rows, { resamples, seed });
  if (lc) output.length_controlled = lc;
  const judgeFile = stringFlag(args, "judge");
  if (judgeFile !== undefined) output.ppi = await ppi(file, rows, judgeFile);
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

/** The LC block when the rows carry len_a and len_b (all of them, or it is an error). */
function lengthControlled(file: string, rows: readonly WinrateRow[], opts: WinrateRun): Record<string, unknown> | null {
  const withLengths = rows.filter((r) => r.len_a !== undefined);
  if (withLengths.length === 0) return null;
  const missing = rows.find((r) => r.len_a === undefined);
  if (missing) throw inputError(file, missing.line, 'fields "len_a" and "len_b" are missing (other rows carry them: give them on every row)');
  const lc = lengthControlledWinRate(
    rows.map((r) => ({ item: r.item, score: voteScore(r.vote), delta: r.len_a! - r.len_b!, count: r.count })),
    opts,
  );
  const out: Record<string, unknown> = { win_rate: lc.win_rate, ci95: lc.ci95, length_coef: lc.length_coef };
  return out;
}

async function ppi(humanFile: string, humanRows: readonly WinrateRow[], judgeFile: string): Promise<Record<string, unknown>> {
  const judgeRows = await readWinrateRows(judgeFile);
  const judge = new Map<string, number>();
  for (const r of judgeRows) {
    if (r.item.startsWith("\u0000")) throw inputError(judgeFile, r.line, 'field "item" is missing (--judge joins rows on it)');
    if (judge.has(r.item) || r.count !== 1) throw inputError(judgeFile, r.line, `item ${JSON.stringify(r.item)}: one judge row per item`);
    judge.set(r.item, voteScore(r.vote));
  }
  const human = new Map<string, { sum: number; votes: number }>();
  for (const r of humanRows) {
    if (r.item.startsWith("\u0000")) throw inputError(humanFile, r.line, 'field "item" is missing (--judge joins rows on it)');
    const h = human.get(r.item) ?? { sum: 0, votes: 0 };
    h.sum += voteScore(r.vote) * r.count;
    h.votes += r.count;
    human.set(r.item, h);
  }
  const y: number[] = [];
  const yhat: number[] = [];
  let unjudged = 0;
  for (const [item, h] of human) {
    const f = judge.get(item);
    if (f === undefined) {
      unjudged++;
      continue;
    }
    y.push(h.sum / h.votes);
    yhat.push(f);
  }
  const unlabeled = [...judge].filter(([item]) => !human.has(item)).map(([, f]) => f);
  if (unjudged > 0) process.stderr.write(`winrate: ${unjudged} human item(s) have no judge row in ${judgeFile}; PPI leaves them out\n`);
  if (y.length === 0) throw inputError(judgeFile, 1, `no item of ${humanFile} has a judge row here: PPI needs labeled items`);
  const r = ppiMeanCi({ y, yhat, yhatUnlabeled: unlabeled });
  return { win_rate: r.estimate, ci95: r.ci95, lambda: r.lambda, n_labeled: r.n_labeled, n_unlabeled: r.n_unlabeled, classical_ci95: r.classical.ci95 };
}
