/**
 * Sign-in, sessions and the role check every loader and action makes. Signed-out requests are
 * redirected to /login; a signed-in user without the role gets 403 and no data.
 */
import { createCookie, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { createSession, deleteSession, hashToken, lookupSessionByHash, type SessionLookup, type SessionUser } from "../../db/sessions";
import { findUserByEmail } from "../../db/users";
import type { Role } from "../../db/types";
import { assertNotThrottled, noteFailure, noteSuccess } from "./login-throttle.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";

export type { SessionUser };

const SESSION_HOURS = Number(process.env.ARBITER_SESSION_HOURS ?? 12);
export const SESSION_TTL_MS = SESSION_HOURS * 3600_000;

export const sessionCookie = createCookie("arbiter_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  // Secure is decided per request (cookieOptions): by the request's protocol, not the build.
  secure: false,
  maxAge: SESSION_HOURS * 3600,
});

/**
 * Secure when this request came over TLS, or through a trusted proxy that says https
 * (proxy-trust.server.ts); ARBITER_SECURE_COOKIES=true forces it. Not NODE_ENV: a team serving a
 * production build over plain http on a LAN must still be able to sign in.
 */
export function cookieOptions(context: AppLoadContext): { secure: boolean } {
  return { secure: process.env.ARBITER_SECURE_COOKIES === "true" || context.transport?.secure === true };
}

export const ROLE_HOME: Record<Role, string> = {
  annotator: "/annotate",
  lead: "/lead",
  owner: "/owner",
};

async function tokenFromCookieHeader(header: string | null): Promise<string | null> {
  const value = await sessionCookie.parse(header);
  return typeof value === "string" && value.length > 0 ? value : null;
}

const readToken = (request: Request) => tokenFromCookieHeader(request.headers.get("Cookie"));

/** The session behind a token: from the context's short-lived cache, else the database. */
async function findSession(context: AppLoadContext, token: string): Promise<SessionLookup> {
  const key = hashToken(token);
  const cached = context.sessions.get(key);
  if (cached) return { status: "valid", ...cached };
  const found = await lookupSessionByHash(context.db, key);
  if (found.status === "valid") context.sessions.set(key, found.user, found.expiresAt);
  return found;
}

/** The session a Cookie header names; for handlers outside Remix (app/services/task-api.server.ts). */
export async function sessionFromCookieHeader(context: AppLoadContext, header: string | null): Promise<SessionLookup> {
  const token = await tokenFromCookieHeader(header);
  return token ? findSession(context, token) : { status: "none" };
}

/** The signed-in user, or null; never throws for a missing or expired session. */
export async function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const found = await findSession(context, token);
  return found.status === "valid" ? found.user : null;
}

function loginRedirect(request: Request, context: AppLoadContext, expired: boolean, clearCookie: boolean): Promise<Response> {
  const url = new URL(request.url);
  const params = new URLSearchParams({ next: url.pathname + url.search });
  if (expired) params.set("expired", "1");
  return (async () =>
    redirect(`/login?${params}`, clearCookie ? { headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0, ...cookieOptions(context) }) } } : undefined))();
}

/** The gate of every protected loader and action. */
export async function requireUser(request: Request, context: AppLoadContext, roles: readonly Role[]): Promise<SessionUser> {
  const token = await readToken(request);
  if (!token) throw await loginRedirect(request, context, false, false);
  const found = await findSession(context, token);
  if (found.status === "expired") throw await loginRedirect(request, context, true, true);
  if (found.status === "none") throw await loginRedirect(request, context, false, true);
  if (!roles.includes(found.user.role)) {
    throw new Response(`This page is for ${roles.join(" or ")} accounts; you are signed in as ${found.user.role}.`, {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return found.user;
}

export type LoginResult = { ok: true; user: SessionUser; setCookie: string } | { ok: false };

/**
 * One answer for unknown email and wrong password alike, in about the same time. Throttled per
 * account and per client address (login-throttle.server.ts): throws LoginThrottled while locked.
 */
export async function login(context: AppLoadContext, email: string, password: string): Promise<LoginResult> {
  const address = context.transport?.clientAddress;
  await assertNotThrottled(context, email, address);
  const user = await findUserByEmail(context.db, email);
  const hash = user && !user.disabled_at ? user.password_hash : await dummyPasswordHash();
  const ok = await verifyPassword(password, hash);
  if (!user || user.disabled_at || !ok) {
    await noteFailure(context, email, address);
    return { ok: false };
  }
  await noteSuccess(context, email);
  const { token } = await createSession(context.db, user.id, SESSION_TTL_MS);
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    setCookie: await sessionCookie.serialize(token, cookieOptions(context)),
  };
}

export async function logout(request: Request, context: AppLoadContext): Promise<string> {
  const token = await readToken(request);
  if (token) {
    context.sessions.delete(hashToken(token));
    await deleteSession(context.db, token);
  }
  return sessionCookie.serialize("", { maxAge: 0, ...cookieOptions(context) });
}

const NEXT_BASE = "http://arbiter.invalid";

/**
 * Where to go after sign-in: only a path on this site. Refused (the fallback instead): anything not
 * starting with a single "/", control characters (a tab or newline the browser would drop, turning
 * "/\t/evil" into "//evil"), backslashes (read as "/"), "//" anywhere, non-ASCII characters
 * (look-alike slashes), the same in percent-encoded form (decoded up to three times), and anything
 * that does not resolve to this origin.
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || next.length > 2000) return fallback;
  const bad = (s: string) => !s.startsWith("/") || /[\u0000-\u001f\u007f-\uffff\\]/.test(s) || s.includes("//");
  let text = next;
  for (let i = 0; i < 4; i++) {
    if (bad(text)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return fallback;
    }
    if (decoded === text) break;
    text = decoded;
  }
  if (bad(text)) return fallback;
  const url = new URL(next, NEXT_BASE);
  if (url.origin !== NEXT_BASE) return fallback;
  return url.pathname + url.search + url.hash;
}
