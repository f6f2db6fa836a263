/**
 * The first thing server.ts does with every request, before the task API, Express or Remix see it:
 * decide what may be believed about its transport (proxy-trust.server.ts), refuse cross-site
 * state-changing requests (csrf.server.ts), and set the headers every response carries:
 *  - Content-Security-Policy with a fresh nonce: scripts only from this origin or with the nonce
 *    (Remix's own inline scripts, see entry.server.tsx); inline style attributes stay allowed
 *    (React's style={...}); no framing, plugins, foreign forms or base URLs;
 *  - Strict-Transport-Security when the request came over TLS (or a trusted proxy says https);
 *  - Cache-Control: no-store, so no page with task content or evidence (or any other response of
 *    this server but its static assets, which set their own) is kept by a browser or proxy.
 * A refusal is a 403 as JSON for API callers and a short page for browsers, never a 500.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { refuseOversized } from "./body-limits.server";
import { csrfRefusal } from "./csrf.server";
import { allowedOrigins, proxyTrust, requestTransport, type ProxyTrust, type RequestTransport } from "./proxy-trust.server";
import { SECURITY_HEADERS } from "./request-log.server";

const transports = new WeakMap<IncomingMessage, RequestTransport>();
const nonces = new WeakMap<IncomingMessage, string>();

/** This request's CSP nonce. */
export function nonceOf(req: IncomingMessage): string | undefined {
  return nonces.get(req);
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The transport the guard worked out for this request (for getLoadContext and the task API). */
export function transportOf(req: IncomingMessage): RequestTransport | undefined {
  return transports.get(req);
}

export function wantsJson(req: IncomingMessage): boolean {
  const url = req.url ?? "";
  return url.startsWith("/api/") || /[?&]_data=/.test(url) || /\.data(\?|$)/.test(url) || /application\/json/.test(String(req.headers.accept ?? ""));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A refusal the guard answers itself: JSON for API callers, a small page for a browser. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const json = wantsJson(req);
  const body = json
    ? JSON.stringify({ error: message })
    : `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status} · Arbiter</title></head><body style="font-family:system-ui;max-width:40rem;margin:4rem auto"><h1>${status === 403 ? "Refused" : "Not accepted"}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to Arbiter</a></p></body></html>`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": json ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(body);
}

/** The URL part carrying a NUL (percent-encoded or not): "the path" or "query parameter NAME"; null when clean. */
export function nulInUrl(url: string): string | null {
  if (!/%00|\u0000/i.test(url)) return null;
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  if (/%00|\u0000/i.test(path)) return "the path";
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) if (name.includes("\u0000") || value.includes("\u0000")) return `query parameter ${JSON.stringify(name.replace(/\u0000/g, ""))}`;
  return "the query";
}

export interface RequestGuardOptions {
  trust?: ProxyTrust;
  origins?: string[];
}

/** Returns true when it answered the request itself (a refusal); false hands it on. */
export function requestGuard(options: RequestGuardOptions = {}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const trust = options.trust ?? proxyTrust();
  const origins = options.origins ?? allowedOrigins();
  return (req, res) => {
    const transport = requestTransport(req, trust);
    transports.set(req, transport);
    const nonce = randomBytes(16).toString("base64");
    nonces.set(req, nonce);
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    // Static assets (Express's static handler) set their own caching, and only when none is set.
    if (!/^\/(build\/|favicon)/.test(req.url ?? "")) res.setHeader("Cache-Control", "no-store");
    if (transport.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const csrf = csrfRefusal(req, transport.origin, origins);
    if (csrf) {
      // A small body is drained so the client reads the answer; a large one goes with the connection.
      const small = Number(req.headers["content-length"] ?? Infinity) <= 64 * 1024;
      refuse(req, res, 403, `This request was refused because ${csrf}: state-changing requests must come from Arbiter's own pages (or carry an API token).`, small ? {} : { Connection: "close" });
      if (small) req.resume();
      return true;
    }
    const nul = nulInUrl(req.url ?? "");
    if (nul) {
      refuse(req, res, 400, `${nul} contains a NUL character`);
      req.resume();
      return true;
    }
    return refuseOversized(req, res);
  };
}
