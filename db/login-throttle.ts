/**
 * The sign-in throttle's storage (migration 0009): one atomic statement per failure, so servers
 * sharing the database count together and never lose a failure to a race.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "./types.ts";

export interface ThrottlePolicy {
  /** Failures within the window before a lockout. */
  maxFailures: number;
  windowSeconds: number;
  /** The first lockout; each further failure past the limit doubles it, up to the window. */
  lockSeconds: number;
}

/** The latest lock still in force over these keys, or null. */
export async function lockedUntil(db: Kysely<Database>, keys: string[]): Promise<Date | null> {
  const row = await db
    .selectFrom("login_throttle")
    .select((eb) => eb.fn.max("locked_until").as("until"))
    .where("key", "in", keys)
    .where("locked_until", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row?.until ? new Date(row.until as unknown as string) : null;
}

/** Counts one failure against `key`; returns the count and the lock it set (if any). */
export async function recordFailure(db: Kysely<Database>, key: string, p: ThrottlePolicy): Promise<{ failures: number; lockedUntil: Date | null }> {
  const fresh = sql`login_throttle.window_start < now() - make_interval(secs => ${p.windowSeconds})`;
  const next = sql`(case when ${fresh} then 1 else login_throttle.failures + 1 end)`;
  const res = await sql<{ failures: number; locked_until: Date | null }>`
    insert into login_throttle as login_throttle (key, failures, window_start, locked_until)
    values (${key}, 1, now(), case when 1 >= ${p.maxFailures} then now() + make_interval(secs => ${p.lockSeconds}) else null end)
    on conflict (key) do update set
      failures = ${next},
      window_start = case when ${fresh} then now() else login_throttle.window_start end,
      locked_until = case when ${next} >= ${p.maxFailures}
        then now() + make_interval(secs => least(${p.lockSeconds}::float8 * power(2, ${next} - ${p.maxFailures}), greatest(${p.windowSeconds}, ${p.lockSeconds})::float8))
        else null end
    returning failures, locked_until`.execute(db);
  const row = res.rows[0];
  return { failures: row.failures, lockedUntil: row.locked_until ? new Date(row.locked_until) : null };
}

export async function clearKey(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
