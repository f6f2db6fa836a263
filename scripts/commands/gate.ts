/**
 * `arbiter gate --eval NAME`: exit 0 when every gate passes (SHIP), 1 on a no-go, 2 on an error or
 * when the only gates that do not pass lack data (INSUFFICIENT). Failing gates are listed on stderr;
 * the decision and gates are printed as JSON on stdout, with the snapshot decided on (computed from
 * the current evidence) and whether it is signed off.
 */
import { gateDecision } from "../../app/services/report.server.ts";
import { parseArgs, printJson, stringFlag } from "../cli-support.ts";
import { requireEval, withDb } from "../cli-db.ts";

function fmt(v: number | null): string {
  return v === null ? "n/a" : Number.isInteger(v) ? String(v) : v.toFixed(4);
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const name = stringFlag(args, "eval", true);
  return withDb(async (handle) => {
    const ev = await requireEval(handle, name);
    const { report, summary } = await gateDecision(handle.db, ev.id, null);
    printJson(summary);
    for (const g of summary.failing_gates) {
      const ci = g.ci95 ? ` [${fmt(g.ci95[0])}, ${fmt(g.ci95[1])}]` : "";
      process.stderr.write(`gate ${g.id}: ${g.status} — value ${fmt(g.value)}${ci} ${g.comparator} ${fmt(g.threshold)}, n = ${g.n} (min ${g.min_n}): ${g.explanation}\n`);
    }
    const so = summary.signoff;
    const signed = so
      ? `signed off ${so.decision === "go" ? "GO" : "NO-GO"} by ${so.owner}${so.override ? " (an OVERRIDE of the report)" : ""}`
      : summary.latest_signoff
        ? `not signed off (the latest sign-off is of snapshot #${summary.latest_signoff.report_id})`
        : "not signed off";
    process.stderr.write(`decision: ${report.decision} on snapshot #${report.id} (${report.content_hash.slice(0, 12)}, current), ${signed}\n`);
    return report.decision === "SHIP" ? 0 : report.decision === "NO_GO" ? 1 : 2;
  });
}
