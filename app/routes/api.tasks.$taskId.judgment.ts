/**
 * POST /api/tasks/:taskId/judgment with JSON {choice, ratings?, reason?, time_ms?}.
 * 201 recorded, 200 already recorded (a retry), 400 bad input, 404 no such task, 409 not leased to
 * you, 410 lease expired. Refusals change nothing.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";
import { submitFor } from "../services/human.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ["annotator"]);
  return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "The body must be JSON: {\"choice\": \"left\"|\"right\"|\"tie\"|\"both_bad\", ...}" }, { status: 400 });
  }
  const result = await submitFor(context, user.id, params.taskId ?? "", body);
  return Response.json(result.body, { status: result.status });
}
