/**
 * GET /api/evals/:evalId/report (id or name), `Authorization: Bearer <token>`: computes the report from
 * the current evidence, stores the snapshot and returns it as JSON. 401 without a valid token.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiEval, requireApiUser } from "../services/api-auth.server";
import { computeAndStoreReport } from "../services/report.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, context);
  const ev = await apiEval(context, params.evalId);
  const { report } = await computeAndStoreReport(context.db, ev.id, user.id);
  return Response.json({ report_id: report.id, content_hash: report.content_hash, pack_version: report.pack_version, seed: report.seed, ...report.body });
}
