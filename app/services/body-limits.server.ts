/**
 * Bodies before permissions (issue 14 item 7): a request body is read only once the caller may
 * send one, and never beyond its route's cap.
 *
 *   - caps by route, on the declared Content-Length, before a byte of the body is read: the
 *     import upload ARBITER_MAX_UPLOAD_BYTES (default 1 GB), the task API 64 kB, everything else
 *     1 MB (forms); more is 413; a body without a length (chunked) is 411, except on the task API,
 *     which counts as it reads;
 *   - the session before the body: a state-changing request other than sign-in, the task API
 *     (which checks first itself) and bearer-token calls (checked by their route before it reads)
 *     must carry a live session, else 401 JSON / 303 to /login, and the connection is closed
 *     rather than drained;
 *   - uploads go to a folder of this process (uploadDir()), cleaned of dead processes' leftovers at
 *     start (cleanUploadDirs), and import.server.ts deletes every file it wrote on every path.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { sessionFromCookieHeader } from "./auth.server";
import { refuse, wantsJson } from "./request-guard.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const FORM_LIMIT = 1024 * 1024;
export const TASK_LIMIT = 64 * 1024;

export function uploadLimit(): number {
  const n = Number(process.env.ARBITER_MAX_UPLOAD_BYTES);
  return Number.isInteger(n) && n > 0 ? n : 1024 * 1024 * 1024;
}

const IMPORT_PATH = /^\/api\/evals\/[^/]+\/import(\?|$)/;

function limitFor(url: string): number {
  if (IMPORT_PATH.test(url)) return uploadLimit();
  if (url.startsWith("/api/tasks/")) return TASK_LIMIT;
  return FORM_LIMIT;
}

const closeAfter = { Connection: "close" };

/** Sync part: caps by declared length. True when it answered. */
export function refuseOversized(req: IncomingMessage, res: ServerResponse): boolean {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const url = req.url ?? "";
  const declared = req.headers["content-length"];
  const limit = limitFor(url);
  if (declared === undefined) {
    if (req.headers["transfer-encoding"] && !url.startsWith("/api/tasks/")) {
      refuse(req, res, 411, "Send the body with a Content-Length.", closeAfter);
      return true;
    }
    return false;
  }
  if (Number(declared) > limit) {
    refuse(req, res, 413, `The body is too large for this address (${limit} bytes at most).`, closeAfter);
    return true;
  }
  return false;
}

/** Async part: the session before the body. Resolves true when it answered. */
export async function refuseAnonymousBody(context: AppLoadContext, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const url = req.url ?? "";
  // Sign-in, also as Remix's data request (/login.data with single fetch, /login?_data=...).
  if (/^\/login(\.data)?(\?|$)/.test(url) || url.startsWith("/api/tasks/")) return false;
  if (/^Bearer\s+\S/i.test(req.headers.authorization ?? "")) return false;
  const found = await sessionFromCookieHeader(context, req.headers.cookie ?? null);
  if (found.status === "valid") return false;
  // A small body is drained so the client reads the answer; a large one goes with the connection, unread.
  const small = Number(req.headers["content-length"] ?? Infinity) <= 64 * 1024;
  const close = small ? {} : closeAfter;
  if (wantsJson(req)) refuse(req, res, 401, "Sign in first (or send an API token: Authorization: Bearer <token>).", { ...close, "WWW-Authenticate": 'Bearer realm="arbiter"' });
  else {
    res.writeHead(303, { Location: `/login?next=${encodeURIComponent(url.split("?")[0])}`, "Content-Length": "0", "Cache-Control": "no-store", ...close });
    res.end();
  }
  if (small) req.resume();
  return true;
}

/** This process's upload folder: ARBITER_UPLOAD_DIR (default the temp folder's arbiter-uploads), one sub-folder per process. */
export function uploadDir(): string {
  const dir = join(process.env.ARBITER_UPLOAD_DIR || join(tmpdir(), "arbiter-uploads"), String(process.pid));
  mkdirSync(dir, { recursive: true });
  return dir;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** At start: removes the upload folders of processes that no longer run (a crash's leftovers) and empties our own. */
export function cleanUploadDirs(): number {
  const root = process.env.ARBITER_UPLOAD_DIR || join(tmpdir(), "arbiter-uploads");
  let removed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
