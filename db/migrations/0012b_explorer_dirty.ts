import { sql, type Kysely } from "kysely";

/**
 * Which cases the explorer's index must recompute, kept by the writers' own statements: statement
 * triggers (with transition tables, so a bulk import adds one statement, not a trigger per row) put
 * every case touched by a change to cases, outputs, judgments, verdicts, flags, adjudications, flag
 * resolutions or exclusions into explore_dirty. A page load reads that queue (usually empty, one
 * index probe) instead of counting the eval's million judgments to see whether anything moved (that
 * check took a second at 100,000 cases). Cases of an eval never explored are not queued (a bulk
 * import into a new eval pays nothing): its first page load builds the index whole. A change of
 * the eval's systems forgets the index's state, so the next page load rebuilds it whole.
 * explore_latest_run keeps, per eval and protocol, the newest judge run with verdicts (what the
 * report reads), maintained by the same verdict triggers, so a page load need not search verdicts.
 */
const CASE_OF: Record<string, string> = {
  cases: "select t.eval_id, t.id from T t",
  outputs: "select c.eval_id, c.id from T t join cases c on c.id = t.case_id",
  judgments: "select t.eval_id, cm.case_id from T t join comparisons cm on cm.id = t.comparison_id",
  verdicts: "select t.eval_id, t.case_id from T t",
  task_skips: "select cm.eval_id, cm.case_id from T t join comparisons cm on cm.id = t.comparison_id",
  comparisons: "select t.eval_id, t.case_id from T t",
  flag_resolutions: "select t.eval_id, t.case_id from T t",
  case_exclusions: "select t.eval_id, t.case_id from T t",
};
const EVENTS: Record<string, ("insert" | "update" | "delete")[]> = {
  cases: ["insert", "update"],
  outputs: ["insert", "update", "delete"],
  judgments: ["insert", "delete"],
  verdicts: ["insert", "delete"],
  task_skips: ["insert", "delete"],
  comparisons: ["insert", "update"],
  flag_resolutions: ["insert"],
  case_exclusions: ["insert", "delete"],
};

const LATEST: Record<string, string> = {
  insert: `insert into explore_latest_run (eval_id, protocol, run_id)
             select eval_id, protocol, max(run_id) from new_rows group by eval_id, protocol
           on conflict (eval_id, protocol) do update set run_id = greatest(explore_latest_run.run_id, excluded.run_id);`,
  delete: `update explore_latest_run l set run_id = (select max(v.run_id) from verdicts v where v.eval_id = l.eval_id and v.protocol = l.protocol)
           where (l.eval_id, l.protocol) in (select distinct eval_id, protocol from old_rows);`,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table explore_latest_run (eval_id integer not null, protocol text not null, run_id integer, primary key (eval_id, protocol))`.execute(db);
  await sql`insert into explore_latest_run select eval_id, protocol, max(run_id) from verdicts group by eval_id, protocol`.execute(db);
  await sql`create table explore_dirty (seq bigserial primary key, eval_id integer not null, case_id integer not null)`.execute(db);
  await sql`create index explore_dirty_eval on explore_dirty (eval_id, seq)`.execute(db);
  for (const [table, events] of Object.entries(EVENTS)) {
    for (const ev of events) {
      const rel = ev === "delete" ? "old_rows" : "new_rows";
      const fn = `arbiter_explore_dirty_${table}_${ev}`;
      const select = CASE_OF[table].replace("from T t", `from ${rel} t`);
      await sql
        .raw(
          `create or replace function ${fn}() returns trigger language plpgsql as $$
           begin
             insert into explore_dirty (eval_id, case_id)
               select distinct x.* from (${select}) x where exists (select 1 from explore_state s where s.eval_id = x.eval_id);
             ${table === "verdicts" ? LATEST[ev] : ""}
             return null;
           end $$`,
        )
        .execute(db);
      await sql
        .raw(`create trigger ${fn} after ${ev} on ${table} referencing ${ev === "delete" ? "old" : "new"} table as ${rel} for each statement execute function ${fn}()`)
        .execute(db);
    }
  }
  await sql
    .raw(
      `create or replace function arbiter_explore_systems_changed() returns trigger language plpgsql as $$
       begin
         delete from explore_state where eval_id = coalesce(new.eval_id, old.eval_id);
         return null;
       end $$`,
    )
    .execute(db);
  await sql.raw(`create trigger arbiter_explore_systems_changed after insert or update or delete on systems for each row execute function arbiter_explore_systems_changed()`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists arbiter_explore_systems_changed on systems`.execute(db);
  for (const [table, events] of Object.entries(EVENTS)) {
    for (const ev of events) await sql.raw(`drop trigger if exists arbiter_explore_dirty_${table}_${ev} on ${table}`).execute(db);
  }
  await sql`drop table if exists explore_dirty`.execute(db);
  await sql`drop table if exists explore_latest_run`.execute(db);
}
