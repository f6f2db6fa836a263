/**
 * What every response gets, whichever layer answers it (app/services/task-api.server.ts, Express,
 * Remix): the security headers, and one pino line with method, url, status and time taken, at info
 * (error from 500 on).
 *
 * Why not pino-http: it built two child loggers per request and serialised the request into them
 * up front, whatever the log level; on the annotators' hot path that was more CPU than the queue.
 * Here nothing is built unless the line will be written.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

/** Logs the response when it has been sent. */
export function watchResponse(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const start = performance.now();
  res.once("finish", () => {
    const level = res.statusCode >= 500 ? "error" : "info";
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      { req: { method: req.method, url: req.url }, res: { status: res.statusCode }, responseTime: Math.round(performance.now() - start) },
      res.statusCode >= 500 ? "request errored" : "request completed",
    );
  });
}

/** Express middleware: the security headers, and the log line unless `ignore(url)`. */
export function requestLog(logger: Logger, ignore: (url: string) => boolean = () => false) {
  return (req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!ignore(req.url)) watchResponse(logger, req, res);
    next();
  };
}
