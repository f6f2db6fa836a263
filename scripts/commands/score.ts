/**
 * `arbiter score METRIC --pred FILE --ref FILE [--ref FILE2 ...] [options]`: one text per line in
 * each file, line i of the predictions scored against line i of every reference file. The files are
 * read as streams in lockstep and fed to a streaming accumulator, so memory stays flat however
 * long the files are. Prints {"metric","score","n"} (plus the options given).
 * Options: BLEU --tokenize 13a|none|intl|char, --smooth exp|floor|add-k|none [--smooth-value V],
 * --max-order N; chrF --beta B; ROUGE --stem. rougeLsum splits a line into sentences at the
 * two characters "\n" (a line file cannot hold a line break).
 */
import { access } from "node:fs/promises";
import { lineBatches as fileLineBatches } from "../../app/import/lines.ts";
import { InvalidUtf8Error } from "../../app/import/utf8.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { BLEU_TOKENIZERS, type BleuTokenizer, type SmoothMethod } from "../../app/core/metrics/bleu.ts";
import {
  MetricInputError,
  SCORE_METRICS,
  SCORE_OPTION_METRICS,
  SINGLE_REFERENCE_METRICS,
  createScoreAccumulator,
  isScoreMetricName,
  type ScoreOptions,
} from "../../app/core/metrics/registry.ts";

const USAGE = `usage: arbiter score METRIC --pred FILE --ref FILE [--ref FILE ...] [options]
  METRIC: ${SCORE_METRICS.join(", ")}
  bleu: --tokenize 13a|none|intl|char  --smooth exp|floor|add-k|none  --smooth-value V  --max-order N
  chrf: --beta B    rouge*: --stem`;
const SMOOTHS: readonly SmoothMethod[] = ["exp", "floor", "add-k", "none"];

async function readable(path: string, flag: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new CliError(`--${flag} ${path}: file not found or not readable`);
  }
}

/**
 * Line i of every file together, in batches; the first line of a batch has number `start`.
 * Throws CliError naming every file's line count when they differ.
 */
async function* lineBatches(file: string): AsyncGenerator<string[]> {
  try {
    yield* fileLineBatches(file);
  } catch (err) {
    if (err instanceof InvalidUtf8Error) throw new CliError(`${file}:${err.line}: ${err.message}`);
    throw err;
  }
}

export async function* alignedBatches(paths: readonly string[]): AsyncGenerator<{ start: number; columns: string[][] }> {
  const readers = paths.map((p) => lineBatches(p));
  const queues: string[][] = paths.map(() => []);
  const at = paths.map(() => 0);
  const done = paths.map(() => false);
  let n = 0;
  for (;;) {
    let refilled = false;
    for (let f = 0; f < paths.length; f++) {
      if (at[f] === queues[f].length && !done[f]) {
        const x = await readers[f].next();
        if (x.done) done[f] = true;
        else [queues[f], at[f]] = [x.value, 0];
        refilled = true;
      }
    }
    if (refilled) continue;
    const k = Math.min(...queues.map((q, f) => q.length - at[f]));
    if (k === 0) {
      if (done.every(Boolean)) return;
      // Some file ended first: count what is left of the others, for a message with every count.
      const counts: number[] = [];
      for (let f = 0; f < paths.length; f++) {
        let extra = queues[f].length - at[f];
        if (!done[f]) for (let x = await readers[f].next(); !x.done; x = await readers[f].next()) extra += x.value.length;
        counts.push(n + extra);
      }
      if (paths.length === 2) throw new CliError(`${paths[0]} has ${counts[0]} lines but ${paths[1]} has ${counts[1]}`);
      throw new CliError(`the files have different line counts: ${paths.map((p, f) => `${p} has ${counts[f]}`).join(", ")}`);
    }
    yield { start: n + 1, columns: queues.map((q, f) => q.slice(at[f], at[f] + k)) };
    for (let f = 0; f < paths.length; f++) at[f] += k;
    n += k;
  }
}

/** Line i of one file with line i of the other (the two-file case of alignedBatches). */
export async function* pairedBatches(predPath: string, refPath: string): AsyncGenerator<{ start: number; pred: string[]; ref: string[] }> {
  for await (const b of alignedBatches([predPath, refPath])) yield { start: b.start, pred: b.columns[0], ref: b.columns[1] };
}

/** Every value of a flag given more than once (`--ref a --ref b` or `--ref=a`). */
function repeatedFlag(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new CliError(`option --${name} needs a value`);
      out.push(v);
      i++;
    } else if (argv[i].startsWith(`--${name}=`)) out.push(argv[i].slice(name.length + 3));
  }
  return out;
}

function numberFlag(text: string | undefined, name: string, check: (n: number) => boolean, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !check(n)) throw new CliError(`--${name} must be ${what}, got "${text}"`);
  return n;
}

function readOptions(args: ReturnType<typeof parseArgs>, metric: string): { options: ScoreOptions; given: Record<string, unknown> } {
  const tokenize = stringFlag(args, "tokenize");
  if (tokenize !== undefined && !(BLEU_TOKENIZERS as readonly string[]).includes(tokenize)) {
    throw new CliError(`unknown tokenizer "${tokenize}"; expected one of ${BLEU_TOKENIZERS.join(", ")}`);
  }
  const smooth = stringFlag(args, "smooth");
  if (smooth !== undefined && !(SMOOTHS as readonly string[]).includes(smooth)) {
    throw new CliError(`unknown smoothing "${smooth}"; expected one of ${SMOOTHS.join(", ")}`);
  }
  const options: ScoreOptions = {
    tokenize: tokenize as BleuTokenizer | undefined,
    smooth: smooth as SmoothMethod | undefined,
    smoothValue: numberFlag(stringFlag(args, "smooth-value"), "smooth-value", (n) => Number.isFinite(n) && n >= 0, "a non-negative number"),
    maxOrder: numberFlag(stringFlag(args, "max-order"), "max-order", (n) => Number.isInteger(n) && n >= 1 && n <= 10, "an integer from 1 to 10"),
    beta: numberFlag(stringFlag(args, "beta"), "beta", (n) => Number.isFinite(n) && n >= 0, "a non-negative number"),
    stem: args.flags.stem === true ? true : undefined,
  };
  const flagOf: Record<keyof ScoreOptions, string> = { tokenize: "tokenize", smooth: "smooth", smoothValue: "smooth-value", maxOrder: "max-order", beta: "beta", stem: "stem" };
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(flagOf) as (keyof ScoreOptions)[]) {
    if (options[key] === undefined) continue;
    if (!(SCORE_OPTION_METRICS[key] as readonly string[]).includes(metric)) {
      throw new CliError(`--${flagOf[key]} applies to ${SCORE_OPTION_METRICS[key].join(", ")} only`);
    }
    given[flagOf[key].replace("-", "_")] = options[key];
  }
  if (options.smoothValue !== undefined && (options.smooth ?? "exp") !== "floor" && options.smooth !== "add-k") {
    throw new CliError("--smooth-value applies to --smooth floor or add-k");
  }
  return { options, given };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json", "help", "stem"]);
  if (args.flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [metric, ...extra] = args.positionals;
  if (!metric) throw new CliError(`missing METRIC\n${USAGE}`);
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"\n${USAGE}`);
  if (!isScoreMetricName(metric)) throw new CliError(`unknown metric "${metric}"; known metrics: ${SCORE_METRICS.join(", ")}`);
  const known = ["pred", "ref", "json", "help", "tokenize", "smooth", "smooth-value", "max-order", "beta", "stem"];
  for (const name of Object.keys(args.flags)) {
    if (!known.includes(name)) throw new CliError(`unknown option --${name}\n${USAGE}`);
  }
  const predPath = stringFlag(args, "pred", true);
  const refPaths = repeatedFlag(argv, "ref");
  if (refPaths.length === 0) throw new CliError("missing required option --ref");
  if (refPaths.length > 1 && SINGLE_REFERENCE_METRICS.includes(metric)) {
    throw new CliError(`${metric} compares with one reference; --ref was given ${refPaths.length} times`);
  }
  const { options, given } = readOptions(args, metric);
  await readable(predPath, "pred");
  for (const r of refPaths) await readable(r, "ref");

  const acc = createScoreAccumulator(metric, options);
  const sentences = metric === "rougeLsum";
  const refs: string[] = new Array(refPaths.length);
  for await (const batch of alignedBatches([predPath, ...refPaths])) {
    const [pred, ...refColumns] = batch.columns;
    for (let i = 0; i < pred.length; i++) {
      for (let r = 0; r < refColumns.length; r++) {
        const text = refColumns[r][i];
        if (text.trim() === "") throw new CliError(`${refPaths[r]}:${batch.start + i}: empty reference`);
        refs[r] = sentences ? text.replaceAll("\\n", "\n") : text;
      }
      try {
        acc.add(sentences ? pred[i].replaceAll("\\n", "\n") : pred[i], refs);
      } catch (err) {
        if (err instanceof MetricInputError || err instanceof RangeError) throw new CliError(`${predPath}:${batch.start + i}: ${err.message}`);
        throw err;
      }
    }
  }
  if (acc.n === 0) throw new CliError(`${predPath} and ${refPaths.join(", ")} have no lines to score`);
  const out: Record<string, unknown> = { metric, score: acc.result(), n: acc.n };
  if (Object.keys(given).length) out.options = given;
  if (refPaths.length > 1) out.references = refPaths.length;
  printJson(out);
  return 0;
}
