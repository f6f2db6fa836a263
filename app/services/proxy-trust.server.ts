/**
 * What the server may believe about a request's transport: whether it came over TLS, the origin
 * the browser sees, and the client's address. Forwarded headers (X-Forwarded-Proto/-Host/-For) are
 * believed only from a peer the operator trusts (ARBITER_TRUST_PROXY), never because the build is
 * production, so a team on plain http on a LAN can sign in and a stranger cannot claim https.
 *
 *   ARBITER_TRUST_PROXY   unset: trust no proxy; "true": the immediate peer; "loopback"; or a
 *                         comma list of peer addresses (e.g. "10.0.0.5,loopback")
 *   ARBITER_ORIGIN        extra allowed origins for state-changing requests (comma list), when a
 *                         proxy rewrites Host
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

const LOOPBACK = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

export interface ProxyTrust {
  /** Whether forwarded headers from this peer address are believed. */
  trusts(peer: string | undefined): boolean;
}

export function proxyTrust(setting = process.env.ARBITER_TRUST_PROXY): ProxyTrust {
  const raw = setting?.trim().toLowerCase() ?? "";
  if (raw === "" || raw === "false" || raw === "0") return { trusts: () => false };
  if (raw === "true" || raw === "1") return { trusts: () => true };
  const peers = new Set(raw.split(",").flatMap((p) => (p.trim() === "loopback" ? LOOPBACK : [p.trim()])).filter(Boolean));
  return { trusts: (peer) => peer !== undefined && peers.has(peer) };
}

/** For Express's "trust proxy" (the first hop only), so Remix's request.url says https exactly when we do. */
export const expressTrust = (trust: ProxyTrust) => (addr: string, hop: number) => hop === 0 && trust.trusts(addr);

const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(",")[0]?.trim() || undefined;

export interface RequestTransport {
  secure: boolean;
  /** scheme://host[:port] as the browser addressed the server. */
  origin: string;
  clientAddress: string;
}

export function requestTransport(req: IncomingMessage, trust: ProxyTrust): RequestTransport {
  const peer = req.socket.remoteAddress;
  const trusted = trust.trusts(peer);
  const tls = Boolean((req.socket as TLSSocket).encrypted);
  const secure = tls || (trusted && first(req.headers["x-forwarded-proto"])?.toLowerCase() === "https");
  const host = (trusted && first(req.headers["x-forwarded-host"])) || req.headers.host || "";
  // The proxy appends the address it saw; the last entry is the one a trusted proxy vouches for.
  const forwardedFor = trusted ? String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean).at(-1) : undefined;
  return { secure, origin: `${secure ? "https" : "http"}://${host.toLowerCase()}`, clientAddress: forwardedFor ?? peer ?? "unknown" };
}

export function allowedOrigins(setting = process.env.ARBITER_ORIGIN): string[] {
  return (setting ?? "").split(",").map((s) => s.trim().replace(/\/+$/, "").toLowerCase()).filter(Boolean);
}
