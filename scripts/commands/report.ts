/** `arbiter report --eval NAME`: computes the go/no-go report, stores the snapshot, prints it as JSON. */
import { computeAndStoreReport } from "../../app/services/report.server.ts";
import { parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const name = stringFlag(args, "eval", true);
  return withDb(async (handle) => {
    const ev = await requireEval(handle, name);
    const { report } = await computeAndStoreReport(handle.db, ev.id, null);
    printJson({ report_id: report.id, content_hash: report.content_hash, pack_version: report.pack_version, seed: report.seed, ...report.body });
    return 0;
  });
}
