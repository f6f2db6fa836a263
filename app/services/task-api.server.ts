/**
 * The shared frame of the annotator's task endpoints (POST /api/tasks/:taskId/...): annotator role,
 * POST only, a JSON body; the service answers with a status and a body.
 */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "./auth.server";

export type TaskService = (context: AppLoadContext, annotatorId: number, taskId: string, body: unknown) => Promise<{ status: number; body: unknown }>;

export async function postOnlyLoader({ request, context }: LoaderFunctionArgs): Promise<Response> {
  await requireUser(request, context, ["annotator"]);
  return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
}

/** `bodyExample` goes into the 400 answer for a body that is not JSON, so the caller sees the expected shape. */
export async function taskPost({ request, context, params }: ActionFunctionArgs, bodyExample: string, service: TaskService): Promise<Response> {
  const user = await requireUser(request, context, ["annotator"]);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: `The body must be JSON: ${bodyExample}` }, { status: 400 });
  }
  const result = await service(context, user.id, params.taskId ?? "", body);
  return Response.json(result.body, { status: result.status });
}
