/**
 * A failure cluster's rows as JSONL (leads and owners): one line per case with its fields and both
 * systems' outputs, ready to add to training data. /evals/:id/report/cluster/:key?snapshot=ID.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getEval, listSystems } from "../../db/evals";
import { clusterRows } from "../../db/exports";
import { getReport, latestReport } from "../../db/report-data";
import { requireUser } from "../services/auth.server";
import { download, streamRows } from "../services/exports.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUser(request, context, ["lead", "owner"]);
  const id = z.coerce.number().int().positive().safeParse(params.evalId);
  const ev = id.success ? await getEval(context.db, id.data) : undefined;
  if (!ev) throw new Response("No such eval.", { status: 404 });
  const snap = z.coerce.number().int().positive().max(2147483647).safeParse(new URL(request.url).searchParams.get("snapshot"));
  const report = snap.success ? await getReport(context.db, ev.id, snap.data) : await latestReport(context.db, ev.id);
  const cluster = report?.body.clusters.find((c) => c.key === params.key);
  if (!report || !cluster) throw new Response("No such cluster in this snapshot.", { status: 404 });
  const systems = await listSystems(context.db, ev.id);
  const byName = (n: string | null) => systems.find((s) => s.name === n)?.id ?? null;
  const rows = await clusterRows(context.db, ev.id, cluster.case_ids, { candidate: byName(report.body.systems.candidate), baseline: byName(report.body.systems.baseline) });
  const safe = cluster.key.replace(/[^a-z0-9_-]+/gi, "-");
  return download(streamRows(rows.map((r) => ({ ...r, cluster: cluster.key })), "jsonl"), `${ev.name}-cluster-${safe}.jsonl`, "jsonl");
}
