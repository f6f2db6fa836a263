import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getEval, getEvalByName } from "../../db/evals";
import { requireApiOrSessionUser } from "../services/api-auth.server";
import { handleImportUpload } from "../services/import.server";

const Params = z.object({ evalId: z.coerce.number().int().positive() });

/**
 * POST multipart (kind, system?, file): JSON answer, so the page can show upload progress with XHR.
 * A pipeline may call it with a lead's API token (Authorization: Bearer) and the eval's id or name.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireApiOrSessionUser(request, context, ["lead"]);
  const p = Params.safeParse(params);
  const ev = p.success && p.data.evalId <= 2147483647 ? await getEval(context.db, p.data.evalId) : await getEvalByName(context.db, String(params.evalId ?? ""));
  if (!ev) return Response.json({ ok: false, message: "no such eval", errors: [], totalErrors: 0 }, { status: 404 });
  const { status, body } = await handleImportUpload(request, context, ev.id, user.id);
  return Response.json(body, { status });
}

export async function loader() {
  return new Response("POST a file here", { status: 405 });
}
