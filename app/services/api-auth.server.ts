/** Bearer-token authentication of the HTTP API (`Authorization: Bearer arb_...`), for leads and owners. */
import type { AppLoadContext } from "@remix-run/node";
import { verifyApiToken } from "../../db/api-tokens";
import type { Role } from "../../db/types";
import { getUser } from "./auth.server";
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

/**
 * For API routes a browser page also calls (the import endpoint): a bearer token acts with its
 * owner's role; otherwise the session cookie. Either way a missing or bad credential is 401 JSON
 * and the wrong role 403 JSON, never a redirect to /login.
 */
export async function requireApiOrSessionUser(request: Request, context: AppLoadContext, roles: readonly Role[]) {
  if (request.headers.get("Authorization")) {
    const user = await requireApiUser(request, context);
    if (!roles.includes(user.role)) throw Response.json({ error: `this endpoint is for ${roles.join(" or ")} accounts; the token belongs to a ${user.role}` }, { status: 403 });
    return user;
  }
  const user = await getUser(request, context);
  if (!user) throw unauthorized("sign in, or send an API token: Authorization: Bearer <token>");
  if (!roles.includes(user.role)) throw Response.json({ error: `this endpoint is for ${roles.join(" or ")} accounts; you are signed in as ${user.role}` }, { status: 403 });
  return user;
}

/** `:evalId` is the eval's numeric id or its name. */
export async function apiEval(context: AppLoadContext, param: string | undefined): Promise<Eval> {
  const raw = param ?? "";
  const ev = /^\d+$/.test(raw) ? await getEval(context.db, Number(raw)) : await getEvalByName(context.db, raw);
  if (!ev) throw Response.json({ error: `no eval "${raw}"` }, { status: 404 });
  return ev;
}
