import { sql, type Kysely } from "kysely";

/**
 * The annotator's own view (issue 15 items 2-5) and unpredictable sides (issue 13 item 4).
 *
 * Sides: rule 3 used to keep every annotator's |left - right| <= 1, which forces alternation (after
 * one task the next side is known). Now a big-stick design: the imbalance may reach 3
 * (IMBALANCE_BOUND in app/core/position-balance.ts) and only there is the next side forced back;
 * below it the annotator's next side is a coin drawn from the eval's seed (hashed with the
 * annotator and their judgment count), and the claim then takes a row of that side: a fixed row of
 * that side or the free row of an odd k, set to it. The per-comparison floor/ceil(k/2) rule is
 * unchanged (structural: fixed rows plus one free row for odd k; a fixed row never changes side).
 *
 * Order: every annotator used to get the same order (the first claimable row in queue order).
 * Now the claim looks at the first CLAIM_WINDOW (32) rows this annotator may take and picks one
 * by a hash of (task, annotator): each annotator's order is their own, while the queue still
 * drains front to back (comparisons fill up to k, the queue head keeps moving) and a claim still
 * reads a bounded number of index entries.
 *
 * Assignment: an eval with rows in eval_assignments serves only those annotators; one without is
 * open to every annotator (as before). Checked inside the claim, so the JSON API obeys it too.
 *
 * Per eval, written by the lead: guidelines (Markdown), the rating scale, whether output images
 * may load and whether the context opens by itself. guideline_reads records that an annotator
 * opened the guidelines (required before their first task of an eval).
 *
 * judgments.side_ratings: criteria ratings per side, stored mapped back to systems
 * {"a": {criterion: n}, "b": {...}} like the outcome (a = system_a). `ratings` stays for the
 * older one-answer ratings.
 *
 * Undo: arbiter_undo_judgment takes back an annotator's latest judgment while the lease it was
 * given under is still running, and gives them that task again (same side).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table evals
    add column guidelines text not null default '',
    add column rating_scale jsonb not null default '{"min": 1, "max": 5, "low": "poor", "high": "excellent"}'::jsonb,
    add column show_images boolean not null default false,
    add column context_open boolean not null default false`.execute(db);
  await sql`alter table judgments add column side_ratings jsonb`.execute(db);

  await sql`
    create table eval_assignments (
      eval_id integer not null references evals(id) on delete cascade,
      user_id integer not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (eval_id, user_id)
    )`.execute(db);
  await sql`
    create table guideline_reads (
      eval_id integer not null references evals(id) on delete cascade,
      annotator_id integer not null references users(id) on delete cascade,
      read_at timestamptz not null default now(),
      primary key (eval_id, annotator_id)
    )`.execute(db);
  // The history page lists an annotator's judgments newest first.
  await sql`create index judgments_annotator_idx on judgments (annotator_id, id)`.execute(db);

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
        -- one a per-annotator hash puts first (each annotator's own order), locked, passing over
        -- rows other claims hold. With none and room within the bound, the other side.
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
            order by t.queue_pos
            limit 32
          ),
          pick as (
            select t.id
            from tasks t join cand on cand.id = t.id
            where t.status <> 'done' and (t.status = 'open' or t.leased_until < now())
            order by hashtext(t.id::text || ':' || p_annotator::text)
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
          exit when v_task is not null or abs(v_l - v_r) >= 3;
          v_want := not v_want;
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

  // Side ratings arrive as the annotator saw them ({"left": {...}, "right": {...}}) and are stored
  // mapped back to systems; every rating must name a criterion of the eval and lie on its scale.
  await sql`
    create or replace function arbiter_submit_judgment(
      p_task uuid, p_annotator integer, p_choice text, p_ratings jsonb, p_reason text, p_time_ms integer,
      p_side_ratings jsonb
    )
    returns table (judgment_id integer, eval_id integer, locked_version integer)
    language plpgsql as $fn$
    #variable_conflict use_column
    declare
      v_eval integer;
      v_comparison integer;
      v_left boolean;
      v_leased_at timestamptz;
      v_judgment integer;
      v_version integer;
      v_sides jsonb;
    begin
      select t.eval_id, t.comparison_id, t.candidate_left, t.leased_at
        into v_eval, v_comparison, v_left, v_leased_at
        from tasks t join evals e on e.id = t.eval_id
        where t.id = p_task and t.annotator_id = p_annotator
          and t.status = 'leased' and t.leased_until > now()
          and (p_ratings - array(select jsonb_array_elements_text(e.criteria))) = '{}'::jsonb
          and (coalesce(p_side_ratings -> 'left', '{}'::jsonb) - array(select jsonb_array_elements_text(e.criteria))) = '{}'::jsonb
          and (coalesce(p_side_ratings -> 'right', '{}'::jsonb) - array(select jsonb_array_elements_text(e.criteria))) = '{}'::jsonb
          and not exists (
            select 1 from (
              select r.value from jsonb_each(p_ratings) r
              union all select r.value from jsonb_each(coalesce(p_side_ratings -> 'left', '{}'::jsonb)) r
              union all select r.value from jsonb_each(coalesce(p_side_ratings -> 'right', '{}'::jsonb)) r
            ) v
            where jsonb_typeof(v.value) <> 'number'
               or (v.value)::numeric < (e.rating_scale ->> 'min')::numeric
               or (v.value)::numeric > (e.rating_scale ->> 'max')::numeric)
        for update of t;
      if v_eval is null then
        return;
      end if;

      if p_side_ratings is not null and p_side_ratings <> '{}'::jsonb then
        v_sides := jsonb_build_object(
          'a', coalesce(p_side_ratings -> (case when v_left then 'left' else 'right' end), '{}'::jsonb),
          'b', coalesce(p_side_ratings -> (case when v_left then 'right' else 'left' end), '{}'::jsonb));
      end if;

      update tasks t set status = 'done', completed_at = now() where t.id = p_task;

      insert into judgments (task_id, eval_id, comparison_id, annotator_id, choice, outcome, candidate_left, ratings, side_ratings, reason, time_ms)
      values (p_task, v_eval, v_comparison, p_annotator, p_choice,
        case p_choice
          when 'left' then case when v_left then 'a' else 'b' end
          when 'right' then case when v_left then 'b' else 'a' end
          else p_choice end,
        v_left, p_ratings, v_sides, p_reason,
        coalesce(p_time_ms, (extract(epoch from now() - v_leased_at) * 1000)::integer))
      returning id into v_judgment;

      update pack_versions pv set locked_at = now()
        where pv.eval_id = v_eval and pv.locked_at is null
          and pv.version = (select max(p2.version) from pack_versions p2 where p2.eval_id = v_eval)
        returning pv.version into v_version;

      return query select v_judgment, v_eval, v_version;
    end
    $fn$`.execute(db);

  // The annotator's latest judgment (in one eval, or any), taken back while the lease it was given
  // under still runs: any task they hold in that eval goes back to the pool (as a skip would, without
  // recording one), the judgment is deleted (the side counts follow by trigger) and its task is
  // leased to them again, on the same side. Returns nothing when there is nothing to undo.
  await sql`
    create or replace function arbiter_undo_judgment(p_annotator integer, p_eval integer)
    returns table (task_id uuid, eval_id integer, judgment_id integer)
    language plpgsql as $fn$
    #variable_conflict use_column
    declare
      v_judgment integer;
      v_task uuid;
      v_eval integer;
    begin
      select j.id, j.task_id, j.eval_id into v_judgment, v_task, v_eval
        from judgments j
        where j.annotator_id = p_annotator and (p_eval is null or j.eval_id = p_eval) and j.task_id is not null
        order by j.id desc
        limit 1;
      if v_judgment is null then
        return;
      end if;
      perform 1 from tasks t
        where t.id = v_task and t.annotator_id = p_annotator and t.status = 'done' and t.leased_until > now()
        for update;
      if not found then
        return;
      end if;
      update tasks t set status = 'open', annotator_id = null, lease_token = null, leased_until = null, leased_at = null,
          candidate_left = case when t.side_fixed then t.candidate_left else coalesce(t.preferred_left, t.candidate_left) end
        where t.eval_id = v_eval and t.annotator_id = p_annotator and t.status = 'leased';
      delete from judgments j where j.id = v_judgment;
      update tasks t set status = 'leased', completed_at = null, lease_token = gen_random_uuid() where t.id = v_task;
      return query select v_task, v_eval, v_judgment;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists arbiter_undo_judgment(integer, integer)`.execute(db);
  await sql`drop function if exists arbiter_submit_judgment(uuid, integer, text, jsonb, text, integer, jsonb)`.execute(db);
  await sql`drop index if exists judgments_annotator_idx`.execute(db);
  await sql`drop table if exists guideline_reads`.execute(db);
  await sql`drop table if exists eval_assignments`.execute(db);
  await sql`alter table judgments drop column if exists side_ratings`.execute(db);
  await sql`alter table evals drop column if exists guidelines, drop column if exists rating_scale, drop column if exists show_images, drop column if exists context_open`.execute(db);
  // arbiter_claim_task keeps its new body; migration 0006's down drops it.
}
