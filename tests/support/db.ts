/**
 * Fresh databases for tests: PGlite in memory always, and a brand-new Postgres database (created
 * here, dropped after) when DATABASE_URL is set. Nothing depends on what an earlier run left.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import pg from "pg";
import { connect, type DbKind } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import type { Database } from "../../db/types.ts";

export interface TestDb {
  db: Kysely<Database>;
  kind: DbKind;
  /** Set for Postgres: the URL of this fresh database, for child processes. */
  url?: string;
  close(): Promise<void>;
}

export interface Backend {
  name: DbKind;
  create(options?: { migrate?: boolean }): Promise<TestDb>;
}

function adminUrl(base: string): string {
  const url = new URL(base);
  url.pathname = "/postgres";
  return url.toString();
}

/** Creates an empty Postgres database and returns its URL and a function that drops it. */
export async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `arbiter_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl(baseUrl) });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl(baseUrl) });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export const pgliteBackend: Backend = {
  name: "pglite",
  async create({ migrate = true } = {}) {
    const handle = await connect({ dataDir: "memory://" });
    if (migrate) await migrateToLatest(handle.db);
    return { db: handle.db, kind: "pglite", close: handle.close };
  },
};

export function postgresBackend(baseUrl: string): Backend {
  return {
    name: "postgres",
    async create({ migrate = true } = {}) {
      const fresh = await createPostgresDatabase(baseUrl);
      const handle = await connect({ databaseUrl: fresh.url, poolSize: 20 });
      if (migrate) await migrateToLatest(handle.db);
      return {
        db: handle.db,
        kind: "postgres",
        url: fresh.url,
        async close() {
          await handle.close();
          await fresh.drop();
        },
      };
    },
  };
}

/** PGlite always; Postgres as well when DATABASE_URL is set. Use with describe.each. */
export function backends(): Backend[] {
  const url = process.env.DATABASE_URL;
  return url ? [pgliteBackend, postgresBackend(url)] : [pgliteBackend];
}
