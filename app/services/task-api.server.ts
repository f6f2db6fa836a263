/**
 * The annotator's JSON task endpoints, answered straight from Node's HTTP server, ahead of
 * Express and Remix:
 *
 *   POST /api/tasks/next[?eval=ID][&progress=1]   200 {task, progress} (task null: nothing now)
 *   POST /api/tasks/:taskId/judgment               201 recorded, 200 already recorded, 400/404/409/410
 *   POST /api/tasks/:taskId/skip                   200, 400, 404, 409
 *   POST /api/tasks/undo  {"eval"?: ID}            200 {status, task_id, eval_id}, 409 nothing to undo
 *   GET  /api/tasks/history                        200 {judgments: [...]} (the annotator's own, newest first)
 *
 * Why not a Remix route, nor Express: these are every annotator's hot path (a claim and a submit
 * per judgment). Profiled at 500 judgments/s, Remix's per-request work (ranking every route, a web
 * Request and Response, a web stream back into Node) and then Express's (prototype swaps, query
 * parsing, router walk, res.send) each cost more CPU than the queue itself; see the figures in
 * scripts/bench/human.bench.ts's closing notes. The rules are the same as everywhere else: the
 * annotator role on every request, zod on every input, one service call, refusals that change
 * nothing, the same security headers, one log line per request, nothing that unblinds a task.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import type { Role } from "../../db/types";
import { sessionFromCookieHeader } from "./auth.server";
import { historyFor, nextTaskFor, skipFor, submitFor, undoFor } from "./human.server";
import { SECURITY_HEADERS, watchResponse } from "./request-log.server";

type TaskService = (context: AppLoadContext, annotatorId: number, taskId: string, body: unknown) => Promise<{ status: number; body: unknown }>;

const NextQuery = z.object({ eval: z.coerce.number().int().positive().optional(), progress: z.enum(["0", "1"]).optional() });

const ROLES: readonly Role[] = ["annotator"];
const MAX_BODY_BYTES = 64 * 1024;

const NEXT_PATH = "/api/tasks/next";
const UNDO_PATH = "/api/tasks/undo";
const HISTORY_PATH = "/api/tasks/history";
const TASK_PATH = /^\/api\/tasks\/([^/]+)\/(judgment|skip)$/;

const SERVICES: Record<"judgment" | "skip", { service: TaskService; example: string }> = {
  judgment: { service: submitFor, example: '{"choice": "left"|"right"|"tie"|"both_bad", ...}' },
  skip: { service: skipFor, example: '{"kind": "skip"|"flag", "reason": "..."}' },
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** The signed-in annotator's id, or undefined after answering 401/403 (as JSON: this is an API). */
async function annotatorId(context: AppLoadContext, req: IncomingMessage, res: ServerResponse): Promise<number | undefined> {
  const found = await sessionFromCookieHeader(context, req.headers.cookie ?? null);
  if (found.status !== "valid") {
    send(res, 401, { error: found.status === "expired" ? "Your session has expired: sign in again." : "Sign in first." });
    return undefined;
  }
  if (!ROLES.includes(found.user.role)) {
    send(res, 403, { error: `This endpoint is for annotator accounts; you are signed in as ${found.user.role}.` });
    return undefined;
  }
  return found.user.id;
}

type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413; field?: string };

class NulField extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

/** JSON.parse reviver: a NUL in any string (a reason, a rating key) is a 400 naming the field, not a database error. */
function refuseNul(key: string, value: unknown): unknown {
  if (key.includes("\u0000")) throw new NulField("a key");
  if (typeof value === "string" && value.includes("\u0000")) throw new NulField(key || "the body");
  return value;
}

function readJson(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) return resolve({ ok: false, status: 413 });
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8"), refuseNul) });
      } catch (err) {
        resolve({ ok: false, status: 400, field: err instanceof NulField ? err.field : undefined });
      }
    });
    req.on("error", reject);
  });
}

async function serveNext(context: AppLoadContext, req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
  const id = await annotatorId(context, req, res);
  if (id === undefined) return;
  if (req.method !== "POST") return send(res, 405, { error: "Use POST: claiming a task leases it." }, { Allow: "POST" });
  const q = NextQuery.safeParse(Object.fromEntries(new URLSearchParams(search)));
  if (!q.success) return send(res, 400, { error: "eval must be a positive whole number" });
  send(res, 200, await nextTaskFor(context, id, q.data.eval, q.data.progress === "1"));
}

async function serveUndo(context: AppLoadContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = await annotatorId(context, req, res);
  if (id === undefined) return;
  if (req.method !== "POST") return send(res, 405, { error: "Use POST." }, { Allow: "POST" });
  const body = await readJson(req).catch(() => ({ ok: false as const, status: 400 as const }));
  // An empty body means "my last judgment, in any eval".
  const value = body.ok ? body.value : req.headers["content-length"] === "0" ? {} : undefined;
  if (value === undefined) return send(res, 400, { error: 'The body must be JSON: {"eval": ID} or {}' });
  const result = await undoFor(context, id, value);
  send(res, result.status, result.body);
}

async function serveHistory(context: AppLoadContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = await annotatorId(context, req, res);
  if (id === undefined) return;
  if (req.method !== "GET") return send(res, 405, { error: "Use GET." }, { Allow: "GET" });
  const result = await historyFor(context, id);
  send(res, result.status, result.body);
}

async function serveTask(context: AppLoadContext, req: IncomingMessage, res: ServerResponse, taskId: string, action: "judgment" | "skip"): Promise<void> {
  const id = await annotatorId(context, req, res);
  if (id === undefined) return;
  if (req.method !== "POST") return send(res, 405, { error: "Use POST." }, { Allow: "POST" });
  const { service, example } = SERVICES[action];
  const body = await readJson(req);
  if (!body.ok) {
    const error = body.status === 413 ? `The body is too large (${MAX_BODY_BYTES / 1024} kB at most).` : body.field ? `${body.field} contains a NUL character` : `The body must be JSON: ${example}`;
    return send(res, body.status, { error });
  }
  const result = await service(context, id, taskId, body.value);
  send(res, result.status, result.body);
}

/**
 * A request listener for the task endpoints: returns false (and leaves the request alone) for any
 * other path, so the caller hands it on to Express.
 */
export function taskApi(context: AppLoadContext): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? "";
    if (!url.startsWith("/api/tasks/")) return false;
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const search = q < 0 ? "" : url.slice(q + 1);
    let work: Promise<void>;
    if (path === NEXT_PATH) {
      work = serveNext(context, req, res, search);
    } else if (path === UNDO_PATH) {
      work = serveUndo(context, req, res);
    } else if (path === HISTORY_PATH) {
      work = serveHistory(context, req, res);
    } else {
      const m = TASK_PATH.exec(path);
      if (!m) return false;
      work = serveTask(context, req, res, m[1], m[2] as "judgment" | "skip");
    }
    watchResponse(context.logger, req, res);
    work.catch((err: unknown) => {
      context.logger.error({ err, url: req.url }, "unhandled error");
      if (!res.headersSent) send(res, 500, { error: "Internal error" });
      else res.destroy();
    });
    return true;
  };
}
