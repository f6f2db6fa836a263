/**
 * What the server answers while its database is away (issue 16 item 1): 503 JSON
 * {"error": "database unavailable, retry"} with Retry-After, never a crash nor an HTML 500.
 *
 * - While DbHealth says the database is down, every request but /healthz (which makes its own
 *   check and answers 503) and static files is answered at once, without touching the pool.
 * - A request already in flight when the database went away fails inside a loader, an action or
 *   the task API, which would answer 500: if an outage began during that request, its 5xx is
 *   replaced by the same 503 (whatever part of the app wrote it, so no route needs to know).
 *
 * Retrying is safe: a submit that failed was rolled back, and one that committed answers
 * "already recorded" on the retry.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { OUTAGE_MESSAGE, RETRY_AFTER_SECONDS, type DbHealth } from "../../db/outage";
import { SECURITY_HEADERS } from "./request-log.server";

const BODY = JSON.stringify({ error: OUTAGE_MESSAGE });

function passesThrough(url: string): boolean {
  return url === "/healthz" || url.startsWith("/healthz?") || url.startsWith("/build/") || url === "/favicon.ico";
}

function outageHeaders(): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(BODY)),
    "Cache-Control": "no-store",
    "Retry-After": String(RETRY_AFTER_SECONDS),
  };
}

/** Answers the 503 on a response nothing has been written to. */
export function sendOutage(res: ServerResponse): void {
  res.writeHead(503, outageHeaders());
  res.end(BODY);
}

/** Makes res turn any 5xx into the outage 503 when an outage began after `outagesAtStart`. */
function rewriteFailures(health: DbHealth, res: ServerResponse): void {
  const outagesAtStart = health.outages;
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  let replaced = false;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status >= 500 && (health.isDown || health.outages > outagesAtStart)) {
      replaced = true;
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      writeHead.call(res, 503, outageHeaders());
      (end as (chunk: string) => ServerResponse).call(res, BODY);
      return res;
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).call(res, status, ...rest);
  } as ServerResponse["writeHead"];
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    if (replaced) return true;
    return (write as (...a: unknown[]) => boolean).apply(res, args);
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (replaced) return res;
    return (end as (...a: unknown[]) => ServerResponse).apply(res, args);
  } as ServerResponse["end"];
}

/**
 * A request listener for server.ts: true when it answered the request (the database is down),
 * false to hand it on, after arranging that a failure caused by an outage is answered as one.
 * Without a health monitor (PGlite) it does nothing.
 */
export function dbOutage(health: DbHealth | undefined): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (!health) return false;
    const url = req.url ?? "";
    if (passesThrough(url)) return false;
    if (health.isDown) {
      sendOutage(res);
      return true;
    }
    rewriteFailures(health, res);
    return false;
  };
}
