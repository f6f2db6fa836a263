import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { DbKind } from "../db/connect";
import type { Database } from "../db/types";
import type { SessionCache } from "./services/session-cache.server";
import type { RequestTransport } from "./services/proxy-trust.server";

/** What server.ts hands every loader and action: one database handle per process, the logger, the session cache. */
export interface AppContext {
  db: Kysely<Database>;
  dbKind: DbKind;
  logger: Logger;
  sessions: SessionCache;
  /** This request's transport (TLS or not, origin, client address), from request-guard.server.ts; absent outside a request. */
  transport?: RequestTransport;
  /** This response's Content-Security-Policy nonce (request-guard.server.ts, used by entry.server.tsx). */
  cspNonce?: string;
}
