import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { getEval } from "../../db/evals";
import type { Eval } from "../../db/types";

const Params = z.object({ evalId: z.coerce.number().int().positive() });

/** The eval named by an /evals/:evalId route, or a 404 thrown as the route's response. */
export async function evalFromParams(params: unknown, context: AppLoadContext): Promise<Eval> {
  const p = Params.safeParse(params);
  const ev = p.success ? await getEval(context.db, p.data.evalId) : undefined;
  if (!ev) throw new Response("No such eval.", { status: 404 });
  return ev;
}
