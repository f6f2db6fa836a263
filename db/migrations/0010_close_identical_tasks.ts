import { sql, type Kysely } from "kysely";

/**
 * Identical comparisons opened before 0007 (issue 13 item 6): since then openForJudging creates no
 * tasks for a pair whose two outputs are equal after trimming (a tie nobody is asked about) and votes
 * on such a comparison are ignored, but evals opened earlier still have those tasks in their queues,
 * and the claim would go on serving them. Close every unfinished one (open, or leased: a vote on it
 * would be ignored anyway, and its submit now gets 410) by marking it done: the one status the claim
 * never serves (0006, 0008: `status <> 'done'`). No judgment is removed. Done never reopens, so the
 * queue head (queue_heads) stays valid.
 *
 * "Identical" as app/core/report/identical.ts and arbiter_trim (0007) define it: both outputs present,
 * neither failed, equal after trimming.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update tasks t
    set status = 'done', completed_at = now(), annotator_id = null, lease_token = null, leased_until = null, leased_at = null
    from comparisons c
    where c.id = t.comparison_id
      and t.status <> 'done'
      and exists (
        select 1 from outputs oa join outputs ob on ob.case_id = oa.case_id and ob.system_id = c.system_b_id
        where oa.case_id = c.case_id and oa.system_id = c.system_a_id
          and oa.text is not null and oa.error is null and ob.text is not null and ob.error is null
          and arbiter_trim(oa.text) = arbiter_trim(ob.text))`.execute(db);
}

/** Nothing to undo: which tasks were open before is not recorded, and serving them again would be wrong. */
export async function down(): Promise<void> {}
