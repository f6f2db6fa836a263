import { sql, type Kysely } from "kysely";

/**
 * Slice-first serving (issue 17 item 4). The queue may serve first the comparisons of the slices
 * whose human gates need more data; PPI stays valid because every move keeps each stratum's
 * comparisons in their seeded relative order and is recorded here, so the report can weight the
 * strata it induced (app/core/report/strata.ts).
 *
 * - evals.queue_priority: the lead's setting (on by default).
 * - tasks.seed_pos: the position the seeded shuffle gave a task when its comparison was opened;
 *   queue_pos is rewritten by a reorder, seed_pos never, so turning the setting off restores the
 *   seeded interleaving.
 * - tasks.band: 0 for a task served first (and for all when nothing is), 1 for the rest. The claim
 *   draws among the first 32 rows it may take (each annotator's own order, 0008); without the band,
 *   a slice of fewer than 32 rows would share that window with the next slice and be served first
 *   only about half the time. The claim now draws within the lowest band present in its window.
 * - queue_allocations: one row per change of the prioritised set: which slices and gates, the case
 *   ids they covered, how many tasks moved, and each stratum's sampling fraction at that moment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table evals add column queue_priority boolean not null default true`.execute(db);
  await sql`alter table tasks add column seed_pos integer`.execute(db);
  await sql`update tasks set seed_pos = queue_pos`.execute(db);
  await sql`alter table tasks add column band smallint not null default 0`.execute(db);
  await db.schema
    .createTable("queue_allocations")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("eval_id", "integer", (c) => c.notNull().references("evals.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    /** Whether slice-first serving was on after this change. */
    .addColumn("enabled", "boolean", (c) => c.notNull())
    /** [{gate, metric, scope, n, n_needed}] of the gates that asked for data. */
    .addColumn("slices", "jsonb", (c) => c.notNull())
    /** Sorted case ids served first (empty: the seeded order). */
    .addColumn("case_ids", "jsonb", (c) => c.notNull())
    .addColumn("tasks_moved", "integer", (c) => c.notNull())
    /** [{stratum, cases, labeled, fraction}] when the allocation was made. */
    .addColumn("fractions", "jsonb", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .execute();
  await sql`create index queue_allocations_eval_idx on queue_allocations (eval_id, id)`.execute(db);
  // 0013's claim with one change: the window's pick orders by band first.
  await sql`
    create or replace function arbiter_claim_task(p_eval integer, p_annotator integer, p_ttl double precision)
    returns table (
      id uuid, candidate_left boolean, leased_until timestamptz, eval_id integer, eval_name text,
      criteria jsonb, input jsonb, context text, text_a text, text_b text
    )
    language plpgsql as $fn$
    #variable_conflict use_column
    declare
      v_task uuid;
      v_l integer;
      v_r integer;
      v_head integer;
      v_want boolean;
      v_pass integer;
      v_seed integer;
      v_pending boolean;
      v_last boolean := false;
    begin
      perform set_config('synchronous_commit', 'off', true);
      update tasks t set leased_until = now() + make_interval(secs => p_ttl)
        where t.eval_id = p_eval and t.annotator_id = p_annotator and t.status = 'leased'
        returning t.id into v_task;

      if v_task is null then
        -- Evals assigned to some annotators only serve those; an eval with guidelines serves an
        -- annotator's first task only once they opened them.
        if exists (select 1 from eval_assignments a where a.eval_id = p_eval)
           and not exists (select 1 from eval_assignments a where a.eval_id = p_eval and a.user_id = p_annotator) then
          return;
        end if;
        select e.seed, (e.guidelines <> '' and not exists (
            select 1 from guideline_reads g where g.eval_id = p_eval and g.annotator_id = p_annotator))
          into v_seed, v_pending from evals e where e.id = p_eval;
        if v_pending is null or v_pending then
          return;
        end if;

        select h.pos into v_head from queue_heads h where h.eval_id = p_eval;
        if v_head is null or random() < 0.02 then
          v_head := arbiter_advance_queue_head(p_eval);
          if v_head is null then
            return;
          end if;
        end if;

        select s.left_count, s.right_count into v_l, v_r
          from annotator_sides s where s.eval_id = p_eval and s.annotator_id = p_annotator;
        v_l := coalesce(v_l, 0);
        v_r := coalesce(v_r, 0);

        -- The side first (wantedSide in app/core/position-balance.ts): forced back at an imbalance
        -- of 3, otherwise this annotator's coin for this step, drawn from the eval's seed.
        if v_l - v_r >= 3 then
          v_want := false;
        elsif v_r - v_l >= 3 then
          v_want := true;
        else
          v_want := (hashtext(v_seed::text || ':sides:' || p_annotator::text || ':' || (v_l + v_r)::text) & 1) = 1;
        end if;

        -- Then a row of that side: among the first 32 in queue order this annotator may take, the
        -- one a per-annotator hash puts first (each annotator's own order) within the lowest band
        -- (slice-first serving, 0014), locked, passing over rows other claims hold. With none and
        -- room within the bound, the other side.
        for v_pass in 1..2 loop
          with cand as (
            select t.id
            from tasks t
            where t.eval_id = p_eval
              and t.queue_pos >= v_head
              and t.status <> 'done'
              and (t.status = 'open' or t.leased_until < now())
              and (not t.side_fixed or t.candidate_left = v_want)
              and not exists (select 1 from judgments j where j.comparison_id = t.comparison_id and j.annotator_id = p_annotator)
              and not exists (select 1 from task_skips s where s.comparison_id = t.comparison_id and s.annotator_id = p_annotator)
              and (not v_last or not exists (
                select 1 from users u
                where u.role = 'annotator' and u.disabled_at is null and u.id <> p_annotator
                  and (not exists (select 1 from eval_assignments a where a.eval_id = p_eval)
                       or exists (select 1 from eval_assignments a where a.eval_id = p_eval and a.user_id = u.id))
                  and not exists (select 1 from judgments j2 where j2.comparison_id = t.comparison_id and j2.annotator_id = u.id)
                  and not exists (select 1 from task_skips s2 where s2.comparison_id = t.comparison_id and s2.annotator_id = u.id)))
            order by t.queue_pos
            limit 32
          ),
          pick as (
            select t.id
            from tasks t join cand on cand.id = t.id
            where t.status <> 'done' and (t.status = 'open' or t.leased_until < now())
            order by t.band, hashtext(t.id::text || ':' || p_annotator::text)
            limit 1
            for update of t skip locked
          )
          update tasks t set
            status = 'leased',
            annotator_id = p_annotator,
            lease_token = gen_random_uuid(),
            leased_at = now(),
            leased_until = now() + make_interval(secs => p_ttl),
            candidate_left = v_want
          from pick
          where t.id = pick.id
          returning t.id into v_task;
          exit when v_task is not null;
          if abs(v_l - v_r) >= 3 then
            -- At the bound with no row of the forced side: the other side only for rows no other
            -- annotator can take (every other one has judged or skipped that comparison), so the
            -- tail of an eval with as many annotators as k still finishes; otherwise wait.
            exit when v_pass = 2;
            v_want := not v_want;
            v_last := true;
          else
            exit when v_pass = 2;
            v_want := not v_want;
          end if;
        end loop;
      end if;

      if v_task is null then
        return;
      end if;

      return query
        select t.id, t.candidate_left, t.leased_until, e.id, e.name, e.criteria,
               cs.input, cs.context, coalesce(oa.text, ''), coalesce(ob.text, '')
        from tasks t
        join comparisons cmp on cmp.id = t.comparison_id
        join evals e on e.id = cmp.eval_id
        join cases cs on cs.id = cmp.case_id
        left join outputs oa on oa.case_id = cmp.case_id and oa.system_id = cmp.system_a_id
        left join outputs ob on ob.case_id = cmp.case_id and ob.system_id = cmp.system_b_id
        where t.id = v_task;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // 0013's claim function is restored by re-running 0013's up.
  await db.schema.dropTable("queue_allocations").execute();
  await sql`alter table tasks drop column band`.execute(db);
  await sql`alter table tasks drop column seed_pos`.execute(db);
  await sql`alter table evals drop column queue_priority`.execute(db);
}
