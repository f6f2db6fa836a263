/**
 * GET /api/evals/:evalId/gate (id or name), `Authorization: Bearer <token>`: the go/no-go answer for CI.
 * Always HTTP 200 when the report could be computed; the answer is in the body:
 * `{ decision: "SHIP" | "NO_GO" | "INSUFFICIENT", go: boolean, failing_gates: [...], report_id, content_hash,
 *    snapshot: {id, content_hash, created_at, current}, signed_off, signoff, latest_signoff }`:
 * the snapshot it decided on (computed from the current evidence just now) and whether that snapshot is
 * signed off (a sign-off with `override: true` went against the report). A pipeline ships only when `go` is true. 401 without a valid token, 404 for an unknown eval.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiEval, requireApiUser } from "../services/api-auth.server";
import { gateDecision } from "../services/report.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, context);
  const ev = await apiEval(context, params.evalId);
  const { summary } = await gateDecision(context.db, ev.id, user.id);
  return Response.json(summary);
}
