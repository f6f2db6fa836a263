import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getEval } from "../../db/evals";
import { requireUser } from "../services/auth.server";
import { handleFormatUpload } from "../services/import-upload.server";

const Params = z.object({ evalId: z.coerce.number().int().positive() });

/** POST multipart (format, preview?, mapping?, system?, judge?, file): a preview of the first rows, or the import. Leads only. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, ["lead"]);
  const p = Params.safeParse(params);
  const ev = p.success ? await getEval(context.db, p.data.evalId) : undefined;
  if (!ev) return Response.json({ ok: false, message: "no such eval", errors: [], totalErrors: 0 }, { status: 404 });
  const { status, body } = await handleFormatUpload(request, context, ev.id, user.id);
  return Response.json(body, { status });
}

export async function loader() {
  return new Response("POST a file here", { status: 405 });
}
