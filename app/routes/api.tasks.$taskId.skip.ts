/**
 * POST /api/tasks/:taskId/skip with JSON {kind: "skip"|"flag", reason}: gives the task back and
 * records why; "flag" reports bad data to the lead. 200, 400, 404 or 409.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";
import { skipFor } from "../services/human.server";

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
    return Response.json({ error: "The body must be JSON: {\"kind\": \"skip\"|\"flag\", \"reason\": \"...\"}" }, { status: 400 });
  }
  const result = await skipFor(context, user.id, params.taskId ?? "", body);
  return Response.json(result.body, { status: result.status });
}
