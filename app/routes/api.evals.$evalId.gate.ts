/**
 * GET /api/evals/:evalId/gate (id or name), `Authorization: Bearer <token>`: the go/no-go answer for CI.
 * Always HTTP 200 when the report could be computed; the answer is in the body:
 * `{ decision: "SHIP" | "NO_GO" | "INSUFFICIENT", go: boolean, failing_gates: [...], report_id, content_hash }`.
 * A pipeline ships only when `go` is true. 401 without a valid token, 404 for an unknown eval.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiEval, requireApiUser } from "../services/api-auth.server";
import { computeAndStoreReport, gateSummary } from "../services/report.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, context);
  const ev = await apiEval(context, params.evalId);
  const { report } = await computeAndStoreReport(context.db, ev.id, user.id);
  return Response.json(gateSummary(report));
}
