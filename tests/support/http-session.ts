/**
 * A signed-in HTTP client for integration tests over real HTTP: signs in through /login like a
 * browser would (a same-origin Origin header), then sends the session cookie on every request.
 * `crossSite` sends the same request as a page on another origin would.
 */
import { DEMO_PASSWORD } from "./app.ts";

export interface HttpSession {
  cookie: string;
  /** A request from this origin (Origin header set), with the session cookie. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The same, from another origin. */
  crossSite(path: string, init?: RequestInit, origin?: string): Promise<Response>;
}

export function originHeaders(baseUrl: string): Record<string, string> {
  return { origin: new URL(baseUrl).origin };
}

export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...originHeaders(baseUrl) },
    body: new URLSearchParams({ email, password, next: "" }),
  });
  if (res.status !== 302) throw new Error(`sign-in as ${email} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  const send = (path: string, init: RequestInit, origin: string | null) =>
    fetch(`${baseUrl}${path}`, {
      redirect: "manual",
      ...init,
      headers: { cookie, ...(origin ? { origin } : {}), ...(init.headers as Record<string, string> | undefined) },
    });
  return {
    cookie,
    request: (path, init = {}) => send(path, init, new URL(baseUrl).origin),
    crossSite: (path, init = {}, origin) => send(path, init, origin ?? `http://127.0.0.1:${Number(new URL(baseUrl).port) + 1}`),
  };
}

export const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields),
});

/** The demo eval's numeric id, from the lead's page. */
export async function demoEvalId(lead: HttpSession): Promise<number> {
  const html = await (await lead.request("/lead")).text();
  const m = html.match(/\/evals\/(\d+)/);
  if (!m) throw new Error("no eval link on /lead");
  return Number(m[1]);
}
