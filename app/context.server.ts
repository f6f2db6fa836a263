import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { DbKind } from "../db/connect";
import type { Database } from "../db/types";

/** What server.ts hands every loader and action: one database handle per process, and the logger. */
export interface AppContext {
  db: Kysely<Database>;
  dbKind: DbKind;
  logger: Logger;
}
