/** arbiter import cases|outputs FILE --eval NAME [--system NAME] [--format jsonl|csv] */
import { existsSync } from "node:fs";
import { formatFromName, readRows, type RowFormat } from "../../app/import/read-rows.ts";
import { ImportRejected, importCases, importOutputs } from "../../db/import.ts";
import { CliError, parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [kind, file] = args.positionals;
  if ((kind !== "cases" && kind !== "outputs") || !file) {
    throw new CliError("usage: arbiter import cases|outputs FILE --eval NAME [--system NAME]");
  }
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  const evalName = stringFlag(args, "eval", true);
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
      const summary = kind === "cases" ? await importCases(h.db, ev.id, readRows(file, format), options) : await importOutputs(h.db, ev.id, readRows(file, format), options);
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
