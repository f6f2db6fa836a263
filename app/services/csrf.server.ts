/**
 * Cross-site request forgery: a state-changing request (anything but GET, HEAD, OPTIONS) is
 * accepted only when the browser says it came from this origin: `Sec-Fetch-Site: same-origin`, or
 * an `Origin` equal to the server's own (scheme and host as the browser addressed it; see
 * proxy-trust.server.ts), or when it carries a bearer token (which a page on another origin cannot
 * attach without a CORS preflight this server never grants). A request that says nothing is
 * refused too: every browser that sends cookies sends Origin on a POST.
 *
 * Why not SameSite=Lax alone: a page on another port of the same host is same-site, so its form
 * posts carry the cookie. Why not Remix's own check: it answers 500, and it does not see the task
 * API, which server.ts answers before Remix.
 */
import type { IncomingMessage } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request is refused, or null when it may go on. */
export function csrfRefusal(req: IncomingMessage, ownOrigin: string, extraOrigins: readonly string[] = []): string | null {
  if (SAFE_METHODS.has(req.method ?? "GET")) return null;
  if (/^Bearer\s+\S/i.test(req.headers.authorization ?? "")) return null;
  const site = req.headers["sec-fetch-site"];
  const origin = req.headers.origin;
  if (site !== undefined && site !== "same-origin") return `the browser marked it ${site}`;
  if (origin !== undefined) {
    const o = origin.toLowerCase();
    if (o !== ownOrigin && !extraOrigins.includes(o)) return `it came from ${origin === "null" ? "an opaque origin" : "another origin"}`;
    return null;
  }
  return site === "same-origin" ? null : "it carries neither an Origin header nor Sec-Fetch-Site: same-origin";
}
