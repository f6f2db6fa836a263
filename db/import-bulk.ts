/**
 * Bulk mode for an import into an eval that held no cases (db/import-bundle.ts). Profiling a
 * 50,000-battle Arena import on Postgres put about 60% of the server's time in the per-row
 * foreign-key triggers: 16 checks per battle, each an SPI query with KEY SHARE on a parent row
 * (the same eval, systems, rater and import row a million times over). Statement triggers cost
 * almost nothing. So in bulk mode the transaction runs with `session_replication_role = replica`
 * (SET LOCAL: it ends with the transaction), which skips every ordinary trigger, and the importer
 * does itself, once, what those triggers would have done:
 *
 * - foreign keys: every parent row the import points at is either created by this transaction
 *   (the import, cases, comparisons, judge runs, new systems, and rater accounts, which the
 *   upsert locks) or locked here with KEY SHARE, exactly the lock each foreign-key check takes,
 *   so no concurrent delete can orphan a row; the ids themselves come from RETURNING clauses;
 * - annotator_sides (migration 0006): one upsert of the judgments inserted per rater;
 * - the explorer (0012b): the eval's index state is dropped, so the next page load rebuilds the
 *   index whole (as a change of systems does), and explore_latest_run gets the import's runs.
 *
 * Unique indexes and check constraints are not triggers and hold as always. Bulk mode is used
 * only when the role may set the parameter (a superuser: PGlite, the bench, a local install) and
 * the tables it writes carry no trigger beyond the ones replayed here: a trigger added later
 * turns bulk mode off until it is listed (and replayed) below, rather than being skipped.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "./types.ts";

/** Triggers bulk mode replays, per table it writes (by name; the explorer's are prefixed). */
const REPLAYED = /^(arbiter_explore_dirty_\w+|judgments_count_sides_(insert|update|delete)|arbiter_explore_systems_changed)$/;
const WRITTEN = ["cases", "outputs", "comparisons", "judgments", "verdicts", "systems", "users", "judge_runs", "imports"];

/** Enters bulk mode if it is allowed and safe; returns whether it did. */
export async function enterBulkMode(trx: Transaction<Database>, evalId: number): Promise<boolean> {
  if (process.env.ARBITER_IMPORT_NO_BULK) return false;
  const r = await sql<{ su: boolean; others: string[] }>`
    select current_setting('is_superuser') = 'on' as su,
           coalesce((select array_agg(c.relname || '.' || t.tgname) from pg_trigger t join pg_class c on c.oid = t.tgrelid
                     where not t.tgisinternal and t.tgenabled <> 'D' and pg_table_is_visible(c.oid) and c.relname = any(${WRITTEN}::text[])), '{}') as others`.execute(trx);
  const row = r.rows[0];
  if (!row?.su || row.others.some((name) => !REPLAYED.test(name.slice(name.indexOf(".") + 1)))) return false;
  // The KEY SHARE locks the skipped foreign-key checks would have taken on pre-existing parents.
  await sql`select id from evals where id = ${evalId} for key share`.execute(trx);
  await sql`select id from systems where eval_id = ${evalId} order by id for key share`.execute(trx);
  await sql`set local session_replication_role = replica`.execute(trx);
  return true;
}

/**
 * Leaves bulk mode and does once what the skipped triggers would have done for this import:
 * `judged` counts the judgments inserted per rater (all with the candidate left, as imported
 * judgments are), `runs` the pairwise judge runs that received verdicts.
 */
export async function leaveBulkMode(trx: Transaction<Database>, evalId: number, judged: Map<number, number>, runs: number[]): Promise<void> {
  await sql`set local session_replication_role = origin`.execute(trx);
  if (judged.size) {
    await sql`
      insert into annotator_sides as s (eval_id, annotator_id, left_count, right_count)
      select ${evalId}, t.annotator_id, t.n, 0 from unnest(${[...judged.keys()]}::int[], ${[...judged.values()]}::int[]) as t(annotator_id, n)
      on conflict (eval_id, annotator_id) do update set left_count = s.left_count + excluded.left_count`.execute(trx);
  }
  if (runs.length) {
    await sql`
      insert into explore_latest_run (eval_id, protocol, run_id) values (${evalId}, 'pairwise', ${Math.max(...runs)})
      on conflict (eval_id, protocol) do update set run_id = greatest(explore_latest_run.run_id, excluded.run_id)`.execute(trx);
  }
  await sql`delete from explore_state where eval_id = ${evalId}`.execute(trx);
}
