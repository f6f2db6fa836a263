/**
 * POST /api/tasks/next[?eval=ID][&progress=1]: the signed-in annotator's next task (their current
 * lease if they hold one), as blinded JSON: opaque task id, prompt, left and right texts.
 * 200 {task} or 200 {task: null} when nothing can be served now.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "../services/auth.server";
import { nextTaskFor } from "../services/human.server";

const Query = z.object({ eval: z.coerce.number().int().positive().optional(), progress: z.enum(["0", "1"]).optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ["annotator"]);
  return Response.json({ error: "Use POST: claiming a task leases it." }, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["annotator"]);
  const q = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.success) return Response.json({ error: "eval must be a positive whole number" }, { status: 400 });
  const result = await nextTaskFor(context, user.id, q.data.eval, q.data.progress === "1");
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}
