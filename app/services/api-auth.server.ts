/** Bearer-token authentication of the HTTP API (`Authorization: Bearer arb_...`), for leads and owners. */
import type { AppLoadContext } from "@remix-run/node";
import { verifyApiToken } from "../../db/api-tokens";
import { getEval, getEvalByName } from "../../db/evals";
import type { Eval } from "../../db/types";

function unauthorized(message: string): Response {
  return Response.json({ error: message }, { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="arbiter"' } });
}

export async function requireApiUser(request: Request, context: AppLoadContext) {
  const header = request.headers.get("Authorization") ?? "";
  const m = header.match(/^Bearer\s+(\S+)$/i);
  if (!m) throw unauthorized("an API token is required: Authorization: Bearer <token>");
  const user = await verifyApiToken(context.db, m[1]);
  if (!user) throw unauthorized("the API token is unknown or revoked");
  if (user.role !== "lead" && user.role !== "owner") throw Response.json({ error: "API tokens are for leads and owners" }, { status: 403 });
  return user;
}

/** `:evalId` is the eval's numeric id or its name. */
export async function apiEval(context: AppLoadContext, param: string | undefined): Promise<Eval> {
  const raw = param ?? "";
  const ev = /^\d+$/.test(raw) ? await getEval(context.db, Number(raw)) : await getEvalByName(context.db, raw);
  if (!ev) throw Response.json({ error: `no eval "${raw}"` }, { status: 404 });
  return ev;
}
