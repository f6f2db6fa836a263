/**
 * Exports (leads and owners): /evals/:id/export/{judgments,verdicts}.{csv,jsonl} streamed in id order,
 * and report.{json,jsonl,csv} of a snapshot (?snapshot=ID, default the newest): JSON is the whole
 * report, JSONL one line per gate, metric, regression and latency row (with a "section" field), CSV the
 * checklist of gates (each with what it left out); signoffs.{csv,jsonl} every sign-off, marking overrides
 * of the report and sign-offs of a snapshot that was no longer current.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getEval } from "../../db/evals";
import { judgmentRows, verdictRows } from "../../db/exports";
import { getReport, listSignoffs, type SignoffRow } from "../../db/report-data";
import { requireUser } from "../services/auth.server";
import { download, streamRows } from "../services/exports.server";
import { currentReport } from "../services/report.server";

const Params = z.object({ evalId: z.coerce.number().int().positive(), file: z.enum(["judgments.csv", "judgments.jsonl", "verdicts.csv", "verdicts.jsonl", "report.json", "report.jsonl", "report.csv", "signoffs.csv", "signoffs.jsonl"]) });

const SIGNOFF_COLUMNS = ["id", "report_id", "report_hash", "decision", "report_decision", "override", "override_reason", "older_snapshot", "older_reason", "owner", "note", "created_at"];

function signoffRow(s: SignoffRow) {
  return {
    id: s.id,
    report_id: s.report_id,
    report_hash: s.report_hash,
    decision: s.decision,
    report_decision: s.report_decision,
    override: s.override,
    override_reason: s.override_reason,
    older_snapshot: s.older_snapshot,
    older_reason: s.older_reason,
    owner: s.owner_name,
    note: s.note,
    created_at: new Date(s.created_at).toISOString(),
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, ["lead", "owner"]);
  const p = Params.safeParse(params);
  if (!p.success) throw new Response("No such export.", { status: 404 });
  const ev = await getEval(context.db, p.data.evalId);
  if (!ev) throw new Response("No such eval.", { status: 404 });
  const [what, format] = p.data.file.split(".") as ["judgments" | "verdicts" | "report" | "signoffs", "csv" | "jsonl" | "json"];
  const base = `${ev.name}-${what}`;
  if (what === "judgments") return download(streamRows(judgmentRows(context.db, ev.id), format as "csv" | "jsonl"), `${base}.${format}`, format);
  if (what === "verdicts") return download(streamRows(verdictRows(context.db, ev.id), format as "csv" | "jsonl"), `${base}.${format}`, format);
  // Sign-offs carry whether they overrode the report or signed a snapshot that was no longer current.
  const signoffs = (await listSignoffs(context.db, ev.id)).map(signoffRow);
  if (what === "signoffs") return download(streamRows(signoffs, format as "csv" | "jsonl", SIGNOFF_COLUMNS), `${base}.${format}`, format);
  const snap = z.coerce.number().int().positive().max(2147483647).safeParse(new URL(request.url).searchParams.get("snapshot"));
  const report = (snap.success ? await getReport(context.db, ev.id, snap.data) : undefined) ?? (await currentReport(context.db, ev.id, user.id));
  const name = `${ev.name}-report-${report.id}`;
  if (format === "json") {
    return download(
      JSON.stringify({ report_id: report.id, content_hash: report.content_hash, pack_version: report.pack_version, seed: report.seed, ...report.body, signoffs: signoffs.filter((x) => x.report_id === report.id) }, null, 2),
      `${name}.json`,
      "json",
    );
  }
  const gates = report.body.gates.map((g) => ({
    section: "gate", report_id: report.id, gate: g.id, status: g.status, metric: g.metric, scope: g.scope === "all" ? "all" : JSON.stringify(g.scope), mode: g.mode,
    value: g.value, comparator: g.comparator, threshold: g.threshold, n: g.n, min_n: g.min_n, ci95_lo: g.ci95?.[0] ?? null, ci95_hi: g.ci95?.[1] ?? null, decide_on: g.decide_on, explanation: g.explanation,
    excluded: (g.excluded ?? []).map((e) => e.text).join("; "),
  }));
  if (format === "csv") return download(streamRows(gates, "csv"), `${name}-gates.csv`, "csv");
  const rows = [
    { section: "decision", report_id: report.id, content_hash: report.content_hash, decision: report.decision, pack_version: report.pack_version, seed: report.seed },
    ...gates,
    ...report.body.metrics.map((m) => ({ section: "metric", ...m })),
    ...report.body.regressions.rows.map((r) => ({ section: "regression", ...r })),
    ...report.body.latency.map((l) => ({ section: "latency", ...l })),
    ...signoffs.filter((x) => x.report_id === report.id).map((x) => ({ section: "signoff", ...x })),
  ];
  return download(streamRows(rows as Record<string, unknown>[], "jsonl"), `${name}.jsonl`, "jsonl");
}
