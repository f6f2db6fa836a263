/**
 * `arbiter rank FILE [--format arbiter|arena|mt-bench|alpaca-eval]`: the Bradley-Terry ranking of
 * the systems compared in FILE. Prints {"systems":[{"name","score","ci95":[lo,hi],"wins","losses",
 * "ties"}], "n_comparisons", ...}, highest score first, scores on the 400·log10 scale with mean 0
 * (or --anchor NAME at 0).
 * - arbiter (the default): JSONL or CSV of {"a","b","winner":"a"|"b"|"tie"};
 * - arena: Chatbot Arena battles {"model_a","model_b","winner"} (scripts/input/formats/arena.ts);
 * - mt-bench: FastChat's pairwise judgments (scripts/input/formats/mt-bench.ts), every vote a
 *   comparison; --judge GROUP keeps one judge group (gpt4-pair, human, author);
 * - alpaca-eval: AlpacaEval annotations of many models against the reference
 *   (scripts/input/formats/alpaca-eval.ts), the model's score preference − 1 (fractional
 *   preferences as fractional wins).
 * Any row may carry "count": it stands for that many identical rows.
 * Options: --bootstrap N (default 1000), --seed S, --anchor NAME.
 */
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { inputError, readRecordBatches, requireChoice, requireId, type InputRecord } from "../input/records.ts";
import { arenaBattle } from "../input/formats/arena.ts";
import { mtBenchVote } from "../input/formats/mt-bench.ts";
import { parseAlpacaEvalAnnotation } from "../input/formats/alpaca-eval.ts";
import { bradleyTerryFromCounts } from "../../app/core/stats/bradley-terry.ts";
import { StatsInputError } from "../../app/core/stats/errors.ts";
import { judgeGroup } from "../../app/core/stats/mt-bench-agreement.ts";
import { PairCountsBuilder } from "../../app/core/stats/pair-counts.ts";
import { inputFile, rejectUnknownFlags, resamplesFlag, seedFlag } from "../stats-options.ts";

const FORMATS = ["arbiter", "arena", "mt-bench", "alpaca-eval"] as const;
type Format = (typeof FORMATS)[number];

/** A comparison as a, b and a's score (1 a won, 0 b won, ½ tie, fractional between), or null to leave the row out. */
type RowReader = (file: string, rec: InputRecord) => { a: string; b: string; scoreA: number } | null;

function readerFor(format: Format, judge: string | undefined): RowReader {
  switch (format) {
    case "arbiter":
      return (file, rec) => {
        const hint = formatHint(rec);
        if (hint && !("a" in rec.record)) throw inputError(file, rec.line, `field "a" is missing; the row looks like ${hint}`);
        const a = requireId(file, rec, "a");
        const b = requireId(file, rec, "b");
        if (a === b) throw inputError(file, rec.line, `system "${a}" is compared with itself`);
        const winner = requireChoice(file, rec, "winner", ["a", "b", "tie"] as const);
        return { a, b, scoreA: winner === "a" ? 1 : winner === "b" ? 0 : 0.5 };
      };
    case "arena":
      return arenaBattle;
    case "mt-bench":
      return (file, rec) => {
        const v = mtBenchVote(file, rec);
        if (judge !== undefined && judgeGroup(v.judge) !== judge) return null;
        if (v.model_a === v.model_b) throw inputError(file, rec.line, `model "${v.model_a}" is compared with itself`);
        return { a: v.model_a, b: v.model_b, scoreA: v.winner === "model_a" ? 1 : v.winner === "model_b" ? 0 : 0.5 };
      };
    case "alpaca-eval":
      return (file, rec) => {
        const r = parseAlpacaEvalAnnotation(file, rec);
        if (r.score === null) return null; // a null preference is left out, as AlpacaEval does
        if (r.model === r.reference) throw inputError(file, rec.line, `generator "${r.model}" is compared with itself`);
        return { a: r.model, b: r.reference, scoreA: r.score };
      };
  }
}

/** Another tool's row given to the default format: which --format it needs. */
function formatHint(rec: InputRecord): string | null {
  const r = rec.record;
  if ("generator_1" in r && "generator_2" in r) return "AlpacaEval annotations: give --format alpaca-eval";
  if ("model_a" in r && "model_b" in r) return "question_id" in r && "turn" in r ? "MT-bench judgments: give --format mt-bench" : "Arena battles: give --format arena";
  return null;
}

/** The optional "count": a non-negative integer (a number, or its text in CSV); 1 when absent. */
function countOf(file: string, rec: InputRecord): number {
  const raw = rec.record.count;
  if (raw === undefined || raw === null || raw === "") return 1;
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw inputError(file, rec.line, `field "count" must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  rejectUnknownFlags(args, ["json", "help", "bootstrap", "seed", "anchor", "format", "judge"]);
  const file = inputFile(args, "rank");
  const resamples = resamplesFlag(args, 1000);
  const seed = seedFlag(args);
  const anchor = stringFlag(args, "anchor");
  const formatText = stringFlag(args, "format") ?? "arbiter";
  if (!(FORMATS as readonly string[]).includes(formatText)) {
    throw new CliError(`unknown format "${formatText}"; expected one of ${FORMATS.join(", ")}`);
  }
  const format = formatText as Format;
  const judge = stringFlag(args, "judge");
  if (judge !== undefined && format !== "mt-bench") throw new CliError("--judge applies to --format mt-bench only");

  const read = readerFor(format, judge);
  const builder = new PairCountsBuilder();
  for await (const batch of readRecordBatches(file)) {
    for (const rec of batch) {
      const c = read(file, rec);
      const count = countOf(file, rec);
      if (c === null || count === 0) continue;
      builder.add(c.a, c.b, c.scoreA, count);
    }
  }
  if (builder.size === 0) throw new CliError(`${file}: no comparisons`);
  let result;
  try {
    result = bradleyTerryFromCounts(builder.build(), { resamples, seed, anchor });
  } catch (err) {
    if (err instanceof StatsInputError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  printJson({
    systems: result.systems,
    n_comparisons: result.n_comparisons,
    format,
    scale: "400*log10(strength)",
    anchor: result.anchor.kind === "mean" ? "mean score 0" : `${result.anchor.name} at 0`,
    bootstrap: result.bootstrap ?? { resamples: 0, seed, skipped: 0 },
  });
  return 0;
}
