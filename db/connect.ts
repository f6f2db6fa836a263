/**
 * The connection factory: DATABASE_URL set means Postgres through `pg`; unset means an embedded
 * PGlite database in ARBITER_DATA_DIR (default ./data). Same migrations, same queries.
 */
import type { PGlite as PGliteType } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { ConfigError } from "./config-error.ts";
import { observedPool } from "./observed-pool.ts";
import { DbHealth, type HealthEvents } from "./outage.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { initDataDirApart, pgliteOptions } from "./pglite-options.ts";
import { lockDataDir } from "./pglite-lock.ts";
import type { Database } from "./types.ts";

export { ConfigError };

export type DbKind = "postgres" | "pglite";

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  /** Where the data lives, for logs: a URL without its password, or a folder. */
  location: string;
  /** Postgres: whether the database answers (an embedded one cannot go away). */
  health?: DbHealth;
  close(): Promise<void>;
}

// int8 (count(*), sums) as JS numbers, as PGlite returns them; our counts stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));
// float8 and numeric likewise, so both engines hand the same JS types to the same code.
pg.types.setTypeParser(1700, (v: string) => Number(v));

export function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL (expected postgres://user@host:port/database)`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (!url.hostname && !url.searchParams.get("host")) {
    throw new ConfigError(`DATABASE_URL has no host (expected postgres://user@host:port/database)`);
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError(`DATABASE_URL names no database (expected postgres://user@host:port/database)`);
  }
  return url;
}

export interface ConnectOptions {
  /** Postgres URL; when absent, PGlite. */
  databaseUrl?: string;
  /** PGlite folder; "memory://" for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** Told when the database goes away and comes back (Postgres only). */
  healthEvents?: Partial<HealthEvents>;
}

export async function connect(options: ConnectOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const url = parseDatabaseUrl(options.databaseUrl);
    // A connect that hangs (a server that accepts but never answers) fails after 5 s, as an outage.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 });
    // A restart, failover or dropped connection must not crash the process (observed-pool.ts).
    const health = new DbHealth(() => pool.query("select 1"), options.healthEvents);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: observedPool(pool, health) }) });
    url.password = url.password ? "***" : "";
    return {
      db,
      kind: "postgres",
      location: url.toString(),
      health,
      close: () => {
        health.stop();
        return db.destroy();
      },
    };
  }
  const dataDir = options.dataDir ?? "./data";
  // One process per directory: a second one would write to a copy that is then lost (pglite-lock.ts).
  const release = dataDir === "memory://" ? () => {} : lockDataDir(dataDir);
  let pglite: PGliteType;
  try {
    // Loaded only here: a Postgres server or CLI command never pays for PGlite's module.
    const { PGlite } = await import("@electric-sql/pglite");
    if (dataDir !== "memory://") await initDataDirApart(dataDir);
    const opts = pgliteOptions(PGlite.defaultStartParams);
    pglite = dataDir === "memory://" ? new PGlite(opts) : new PGlite(dataDir, opts);
    await pglite.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: "pglite", location: dataDir, close: () => db.destroy().finally(release) };
}

/** Reads DATABASE_URL and ARBITER_DATA_DIR from the environment. */
export function connectFromEnv(env: NodeJS.ProcessEnv = process.env, extra: Pick<ConnectOptions, "healthEvents"> = {}): Promise<DbHandle> {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const pool = Number(env.ARBITER_DB_POOL_SIZE);
  return connect({ databaseUrl, dataDir: env.ARBITER_DATA_DIR || "./data", poolSize: Number.isInteger(pool) && pool > 0 ? pool : undefined, ...extra });
}
