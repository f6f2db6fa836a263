/**
 * arbiter import cases|outputs FILE --eval NAME [--system NAME] [--format jsonl|csv]
 * arbiter import FORMAT FILE --eval NAME [--map FIELD=COLUMN,...] [--system NAME] [--judge NAME]
 *   FORMAT: alpaca-eval, mt-bench, arena, promptfoo, promptfoo-results, lm-eval, openai-evals, jsonl, csv
 */
import { existsSync } from "node:fs";
import { formatFromName, readRows, type RowFormat } from "../../app/import/read-rows.ts";
import { FORMATS } from "../../app/import/formats/index.ts";
import { parseMapping } from "../../app/import/formats/mapped.ts";
import { runFormatImport } from "../../app/services/import-format.server.ts";
import { ImportRejected, importCases, importOutputs } from "../../db/import.ts";
import { retryOnOutage } from "../../db/outage.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

const USAGE = `usage: arbiter import cases|outputs FILE --eval NAME [--system NAME]
       arbiter import FORMAT FILE --eval NAME [--map FIELD=COLUMN,...] [--system NAME] [--judge NAME]
formats:
${Object.values(FORMATS).map((f) => `  ${f.name.padEnd(18)} ${f.describe}`).join("\n")}`;

const reportOutage = (attempt: number, err: unknown) =>
  process.stderr.write(`\nimport: database unavailable (${(err as Error).message}); nothing was written, starting again when it is back (attempt ${attempt + 1})\n`);

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [kind, file] = args.positionals;
  if (!kind || !file || (kind !== "cases" && kind !== "outputs" && !(kind in FORMATS))) throw new CliError(USAGE);
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  const evalName = stringFlag(args, "eval", true);
  if (kind !== "cases" && kind !== "outputs") return runFormat(kind, file, evalName, args);
  const format = (stringFlag(args, "format") as RowFormat | undefined) ?? formatFromName(file);
  if (format !== "jsonl" && format !== "csv") throw new CliError(`${file}: cannot tell the format; name it .jsonl or .csv, or pass --format jsonl|csv`);
  return withDb(async (h) => {
    const ev = await requireEval(h, evalName);
    const tty = process.stderr.isTTY;
    const onProgress = (n: number) => {
      if (tty) process.stderr.write(`\r${kind}: ${n.toLocaleString()} rows read`);
    };
    const options = { actorId: null, fileName: file, onProgress, systemName: stringFlag(args, "system") };
    try {
      // All or nothing, so after a database restart the file is simply read again from the top.
      const summary = await retryOnOutage(
        () => (kind === "cases" ? importCases(h.db, ev.id, readRows(file, format), options) : importOutputs(h.db, ev.id, readRows(file, format), options)),
        { health: h.health, onRetry: reportOutage },
      );
      if (tty) process.stderr.write("\n");
      printJson({ eval: ev.name, file, ...summary });
      return 0;
    } catch (err) {
      if (tty) process.stderr.write("\n");
      if (err instanceof ImportRejected) throw new CliError(err.message);
      throw err;
    }
  });
}

async function runFormat(format: string, file: string, evalName: string, args: ReturnType<typeof parseArgs>): Promise<number> {
  const mapSpec = stringFlag(args, "map");
  let mapping: Record<string, string> | undefined;
  if (mapSpec !== undefined) {
    const m = parseMapping(mapSpec);
    if (typeof m === "string") throw new CliError(`--map: ${m}`);
    mapping = m;
  }
  return withDb(async (h) => {
    const ev = await requireEval(h, evalName);
    const tty = process.stderr.isTTY;
    try {
      const summary = await retryOnOutage(() => runFormatImport(h.db, ev.id, format, file, {
        actorId: null,
        fileName: file,
        mapping,
        system: stringFlag(args, "system"),
        judge: stringFlag(args, "judge"),
        onProgress: (n) => {
          if (tty) process.stderr.write(`\r${format}: ${n.toLocaleString()} items read`);
        },
      }), { health: h.health, onRetry: reportOutage });
      if (tty) process.stderr.write("\n");
      printJson({ eval: ev.name, file, ...summary });
      return 0;
    } catch (err) {
      if (tty) process.stderr.write("\n");
      if (err instanceof ImportRejected) throw new CliError(err.message);
      throw err;
    }
  });
}
