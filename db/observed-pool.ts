/**
 * The `pg` pool as Kysely sees it, made to survive a database restart (issue 16 item 1).
 *
 * - Every client gets an 'error' listener as soon as the pool opens it. `pg` emits 'error' on a
 *   client whose connection ends; the pool listens only while the client is idle, so a restart
 *   during a query or transaction used to be an unhandled 'error' event that killed the process.
 * - Every failed connect and query is shown to DbHealth, which marks the database down and probes
 *   it until it answers (the server answers 503 meanwhile; see app/services/db-outage.server.ts).
 * - A client whose connection failed is destroyed on release rather than returned to the pool,
 *   so the next query opens a fresh connection.
 */
import type { PostgresPool, PostgresPoolClient } from "kysely";
import pg from "pg";
import { isDatabaseUnavailable, type DbHealth } from "./outage.ts";

export function observedPool(pool: pg.Pool, health: DbHealth): PostgresPool {
  pool.on("connect", (client) => {
    client.on("error", (err) => health.report(err));
  });
  // An idle connection the server ends (restart, failover, a dropped database): the pool discards it.
  pool.on("error", (err) => health.report(err));
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        health.report(err);
        throw err;
      }
      let broken = false;
      const fail = (err: unknown) => {
        if (isDatabaseUnavailable(err)) broken = true;
        health.report(err);
        throw err;
      };
      return {
        query: ((...args: unknown[]) => {
          const result = (client.query as (...a: unknown[]) => unknown)(...args);
          // A cursor (streaming) is returned as it is; a query's promise is watched.
          return result instanceof Promise ? result.catch(fail) : result;
        }) as PostgresPoolClient["query"],
        release: (destroy?: boolean) => client.release(destroy || broken),
      };
    },
    end: () => pool.end(),
  };
}
