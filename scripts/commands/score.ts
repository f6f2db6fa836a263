/**
 * `arbiter score METRIC --pred FILE --ref FILE`: one text per line in each file, line i of one paired with
 * line i of the other. Both files are read as streams in lockstep and fed to a streaming accumulator, so
 * memory stays flat however long the files are. Prints {"metric","score","n"}.
 */
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { PAIR_METRICS, createPairAccumulator, isPairMetricName } from "../../app/core/metrics/registry.ts";

const USAGE = `usage: arbiter score METRIC --pred FILE --ref FILE\n  METRIC: ${PAIR_METRICS.join(", ")}`;

function lines(path: string): AsyncIterator<string> {
  const input = createReadStream(path, { encoding: "utf8" });
  const rl = createInterface({ input, crlfDelay: Infinity });
  return rl[Symbol.asyncIterator]();
}

async function readable(path: string, flag: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new CliError(`--${flag} ${path}: file not found or not readable`);
  }
}

/** Yields [prediction, reference, lineNumber]; throws CliError when the files have different line counts. */
export async function* pairedLines(predPath: string, refPath: string): AsyncGenerator<[string, string, number]> {
  const pred = lines(predPath);
  const ref = lines(refPath);
  let lineNo = 0;
  for (;;) {
    const [p, r] = await Promise.all([pred.next(), ref.next()]);
    if (p.done && r.done) return;
    if (p.done || r.done) {
      let predCount = lineNo + (p.done ? 0 : 1);
      let refCount = lineNo + (r.done ? 0 : 1);
      const rest = p.done ? ref : pred;
      while (!(await rest.next()).done) {
        if (p.done) refCount++;
        else predCount++;
      }
      throw new CliError(`${predPath} has ${predCount} lines but ${refPath} has ${refCount}`);
    }
    lineNo++;
    yield [p.value, r.value, lineNo];
  }
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [metric, ...extra] = args.positionals;
  if (!metric) throw new CliError(`missing METRIC\n${USAGE}`);
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"\n${USAGE}`);
  if (!isPairMetricName(metric)) throw new CliError(`unknown metric "${metric}"; known metrics: ${PAIR_METRICS.join(", ")}`);
  for (const name of Object.keys(args.flags)) {
    if (!["pred", "ref", "json", "help"].includes(name)) throw new CliError(`unknown option --${name}\n${USAGE}`);
  }
  const predPath = stringFlag(args, "pred", true);
  const refPath = stringFlag(args, "ref", true);
  await readable(predPath, "pred");
  await readable(refPath, "ref");

  const acc = createPairAccumulator(metric);
  for await (const [prediction, reference, lineNo] of pairedLines(predPath, refPath)) {
    if (reference.trim() === "") throw new CliError(`${refPath}:${lineNo}: empty reference`);
    acc.add(prediction, reference);
  }
  if (acc.n === 0) throw new CliError(`${predPath} and ${refPath} have no lines to score`);
  printJson({ metric, score: acc.result(), n: acc.n });
  return 0;
}
