/**
 * The Arbiter web server: migrations at start, demo data on an empty database; Node's HTTP server
 * answers the annotators' task API itself and hands everything else to Express (static files) and
 * Remix; structured logs (pino) for every request and error. Nothing but a few seconds of session
 * cache lives in the process, so any number can run behind a load balancer.
 */
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express from "express";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { ConfigError, connectFromEnv } from "./db/connect.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { ensureDemoData } from "./db/seed/demo.ts";
import { SessionCache, sessionCacheMs } from "./app/services/session-cache.server.ts";
import { requestLog } from "./app/services/request-log.server.ts";
import { taskApi } from "./app/services/task-api.server.ts";
import { EndpointConfigError, serverEndpoints } from "./judges/endpoints.ts";
import { dbOutage } from "./app/services/db-outage.server.ts";
import { nonceOf, requestGuard, transportOf } from "./app/services/request-guard.server.ts";
import { expressTrust, proxyTrust } from "./app/services/proxy-trust.server.ts";
import { cleanUploadDirs, refuseAnonymousBody } from "./app/services/body-limits.server.ts";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { app: "arbiter" } });

async function main() {
  serverEndpoints(); // a bad endpoint registry stops start-up with one line (judges/endpoints.ts)
  cleanUploadDirs(); // a crashed server's half-written uploads (body-limits.server.ts)
  const handle = await connectFromEnv(process.env, {
    healthEvents: {
      down: (err) => logger.error({ err }, "database unavailable: answering 503 until it is back"),
      up: (downMs) => logger.warn({ down_ms: downMs }, "database back"),
    },
  });
  const applied = await migrateToLatest(handle.db);
  logger.info({ db: handle.kind, location: handle.location, applied }, "database ready");

  if (process.env.ARBITER_NO_DEMO !== "1") {
    const accounts = await ensureDemoData(handle.db, process.env.ARBITER_DEMO_PASSWORD || undefined);
    if (accounts) {
      // Printed once, on the start that created them; they are not stored anywhere in clear.
      const lines = accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email.padEnd(22)} ${a.password}`);
      process.stdout.write(`\nDemo accounts created (shown only this once):\n${lines.join("\n")}\n\n`);
    }
  }

  const buildPath = resolve("build/index.js");
  if (!existsSync(buildPath)) throw new ConfigError("build/index.js is missing: run `npm run build` (npm start does it for you)");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // Forwarded headers only from the proxy the operator trusts (ARBITER_TRUST_PROXY); see proxy-trust.server.ts.
  const trust = proxyTrust();
  app.set("trust proxy", expressTrust(trust));
  // Security headers on every response; health probes would drown the log.
  app.use(requestLog(logger, (url) => url === "/healthz"));
  const context: AppLoadContext = { db: handle.db, dbKind: handle.kind, logger, sessions: new SessionCache(sessionCacheMs()) };
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (req) => ({ ...context, transport: transportOf(req), cspNonce: nonceOf(req) }) }));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err }, "unhandled error");
    res.status(500).send("Internal error");
  });

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  // The annotators' claim and submit are answered before Express sees the request; see task-api.server.ts.
  const tasks = taskApi(context);
  const outage = dbOutage(handle.health);
  // Cross-site refusals and per-request transport facts come first, for every layer (request-guard.server.ts).
  const guard = requestGuard({ trust });
  const server = createServer((req, res) => {
    if (guard(req, res)) return;
    if (outage(req, res)) return;
    if (tasks(req, res)) return;
    // No body is read for a stranger (body-limits.server.ts); a failed check leaves it to the route.
    refuseAnonymousBody(context, req, res).then(
      (answered) => answered || app(req, res),
      () => app(req, res),
    );
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    logger.info({ port: actual }, "listening");
    process.stdout.write(`Arbiter listening on http://127.0.0.1:${actual}\n`);
  });

  const shutdown = () => {
    server.close(() => void handle.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof EndpointConfigError) {
    process.stderr.write(`arbiter: ${err.message}\n`);
  } else {
    logger.error({ err }, "start-up failed");
  }
  process.exit(1);
});
