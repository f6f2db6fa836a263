/**
 * `arbiter score METRIC --pred FILE --ref FILE`: one text per line in each file, line i of one paired with
 * line i of the other. Both files are read as streams in lockstep and fed to a streaming accumulator, so
 * memory stays flat however long the files are. Prints {"metric","score","n"}.
 */
import { access } from "node:fs/promises";
import { lineBatches } from "../../app/import/lines.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { PAIR_METRICS, createPairAccumulator, isPairMetricName } from "../../app/core/metrics/registry.ts";

const USAGE = `usage: arbiter score METRIC --pred FILE --ref FILE\n  METRIC: ${PAIR_METRICS.join(", ")}`;

async function readable(path: string, flag: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new CliError(`--${flag} ${path}: file not found or not readable`);
  }
}

/**
 * Pairs line i of one file with line i of the other, in batches; the first pair of a batch has line
 * number `start`. Throws CliError naming both counts when the files have different line counts.
 */
export async function* pairedBatches(predPath: string, refPath: string): AsyncGenerator<{ start: number; pred: string[]; ref: string[] }> {
  const pred = lineBatches(predPath);
  const ref = lineBatches(refPath);
  let pq: string[] = [];
  let rq: string[] = [];
  let pi = 0;
  let ri = 0;
  let pDone = false;
  let rDone = false;
  let n = 0;
  for (;;) {
    if (pi === pq.length && !pDone) {
      const x = await pred.next();
      if (x.done) pDone = true;
      else [pq, pi] = [x.value, 0];
      continue;
    }
    if (ri === rq.length && !rDone) {
      const x = await ref.next();
      if (x.done) rDone = true;
      else [rq, ri] = [x.value, 0];
      continue;
    }
    const k = Math.min(pq.length - pi, rq.length - ri);
    if (k === 0) {
      if (pDone && rDone) return;
      // One file ended first: count what is left of the other, for a message with both counts.
      const [rest, queued] = pDone ? [ref, rq.length - ri] : [pred, pq.length - pi];
      let extra = queued;
      for (let x = await rest.next(); !x.done; x = await rest.next()) extra += x.value.length;
      const predCount = n + (pDone ? 0 : extra);
      const refCount = n + (pDone ? extra : 0);
      throw new CliError(`${predPath} has ${predCount} lines but ${refPath} has ${refCount}`);
    }
    yield { start: n + 1, pred: pq.slice(pi, pi + k), ref: rq.slice(ri, ri + k) };
    pi += k;
    ri += k;
    n += k;
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
  for await (const batch of pairedBatches(predPath, refPath)) {
    for (let i = 0; i < batch.pred.length; i++) {
      if (batch.ref[i].trim() === "") throw new CliError(`${refPath}:${batch.start + i}: empty reference`);
      acc.add(batch.pred[i], batch.ref[i]);
    }
  }
  if (acc.n === 0) throw new CliError(`${predPath} and ${refPath} have no lines to score`);
  printJson({ metric, score: acc.result(), n: acc.n });
  return 0;
}
