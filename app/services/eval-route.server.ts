import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { getEval } from "../../db/evals";
import type { Eval } from "../../db/types";

const MAX_ID = 2147483647; // Postgres integer: a larger id is a 400, not a database error

const Params = z.object({ evalId: z.coerce.number().int().positive() });

/** The eval named by an /evals/:evalId route, or a 404 thrown as the route's response. */
export async function evalFromParams(params: unknown, context: AppLoadContext): Promise<Eval> {
  const p = Params.safeParse(params);
  if (p.success && p.data.evalId > MAX_ID) throw new Response(`evalId must be a whole number from 1 to ${MAX_ID}.`, { status: 400 });
  const ev = p.success ? await getEval(context.db, p.data.evalId) : undefined;
  if (!ev) throw new Response("No such eval.", { status: 404 });
  return ev;
}
