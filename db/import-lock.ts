/**
 * What makes an import's "already judged" check hold at commit (issue 16 items 3 and 4).
 *
 * 1. One transaction-scoped advisory lock per eval: two imports into one eval run one after the
 *    other, and each reads what the eval holds only once it has the lock, so the second reports
 *    (and audits) what it actually changed, not what the eval held before the first committed.
 * 2. Before commit, the rows an import changes are locked against new judgments and verdicts and
 *    the check is made again. Order matters, and is the same for cases and outputs: tasks first
 *    (a submit holds its task row while it inserts the judgment, so we wait for a submit in flight
 *    and then see its judgment), then comparisons (a judgment's foreign key takes KEY SHARE on
 *    its comparison, which FOR UPDATE blocks), then the cases or outputs themselves (a verdict's
 *    foreign keys). A judgment committed before this point is seen by the re-check; one after it
 *    waits for the import's commit. Leases on changed comparisons are ended: an annotator who
 *    was shown the old text gets "lease expired" on submit instead of recording a judgment of text
 *    they never saw.
 *
 * On PGlite (one session, transactions serialised by the dialect's mutex) the locks are no-ops
 * and the same statements still run.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "./types.ts";

/** The advisory-lock namespace of imports (first key of pg_advisory_xact_lock(int, int)): "IMP". */
const IMPORT_LOCK_CLASS = 0x494d50;

/** Waits until no other import into this eval is running; held until the transaction ends. */
export async function lockEvalImports(trx: Transaction<Database>, evalId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_CLASS}::integer, ${evalId}::integer)`.execute(trx);
}

/**
 * Locks the given cases (row ids) and everything judged through them, ends their leases and
 * returns the ids of those that have a judgment or verdict by now.
 */
export async function lockAndFindJudgedCases(trx: Transaction<Database>, caseIds: number[]): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set();
  const ids = sql`${caseIds}::integer[]`;
  await sql`select t.id from tasks t join comparisons m on m.id = t.comparison_id
    where m.case_id = any(${ids}) order by t.id for update of t`.execute(trx);
  await sql`select m.id from comparisons m where m.case_id = any(${ids}) order by m.id for update`.execute(trx);
  await sql`select c.id from cases c where c.id = any(${ids}) order by c.id for update`.execute(trx);
  const judged = await sql<{ id: number }>`select c.id from cases c where c.id = any(${ids})
    and (exists (select 1 from judgments j join comparisons m on m.id = j.comparison_id where m.case_id = c.id)
      or exists (select 1 from verdicts v where v.case_id = c.id))`.execute(trx);
  await sql`update tasks t set leased_until = now() from comparisons m
    where m.id = t.comparison_id and m.case_id = any(${ids}) and t.status = 'leased' and t.leased_until > now()`.execute(trx);
  return new Set(judged.rows.map((r) => r.id));
}

/**
 * The same for outputs, named by (case row id, system id): returns the "case:system" keys of those
 * judged by now (a human judgment or verdict on a comparison they are in, or a verdict on the output).
 */
export async function lockAndFindJudgedOutputs(trx: Transaction<Database>, pairs: { caseId: number; systemId: number }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const p = sql`unnest(${pairs.map((x) => x.caseId)}::integer[], ${pairs.map((x) => x.systemId)}::integer[]) as p(case_id, system_id)`;
  const involves = sql`m.case_id = p.case_id and (m.system_a_id = p.system_id or m.system_b_id = p.system_id)`;
  await sql`select t.id from tasks t join comparisons m on m.id = t.comparison_id
    where exists (select 1 from ${p} where ${involves}) order by t.id for update of t`.execute(trx);
  await sql`select m.id from comparisons m where exists (select 1 from ${p} where ${involves}) order by m.id for update`.execute(trx);
  await sql`select o.id from outputs o join ${p} on o.case_id = p.case_id and o.system_id = p.system_id order by o.id for update of o`.execute(trx);
  const judged = await sql<{ case_id: number; system_id: number }>`select p.case_id, p.system_id from ${p}
    where exists (select 1 from judgments j join comparisons m on m.id = j.comparison_id where ${involves})
      or exists (select 1 from verdicts v join outputs o on o.id = v.output_id where o.case_id = p.case_id and o.system_id = p.system_id)
      or exists (select 1 from verdicts v join comparisons m on m.id = v.comparison_id where ${involves})`.execute(trx);
  await sql`update tasks t set leased_until = now() from comparisons m
    where m.id = t.comparison_id and t.status = 'leased' and t.leased_until > now()
      and exists (select 1 from ${p} where ${involves})`.execute(trx);
  return new Set(judged.rows.map((r) => `${r.case_id}:${r.system_id}`));
}
