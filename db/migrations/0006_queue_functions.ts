import { sql, type Kysely } from "kysely";

/**
 * The annotator queue's claim and submit as PL/pgSQL functions.
 *
 * Why functions: as ad-hoc statements, Postgres planned the claim's CTEs afresh on every call,
 * about 1.6 ms of planning for 0.35 ms of execution, and planning ran on every claim of 100
 * concurrent annotators. PL/pgSQL keeps each statement's plan for the life of the connection, so a
 * claim or a submit is still one round trip but no longer re-planned. The same functions run on
 * PGlite. The rules they keep are in docs/queue-policy.md; the callers are db/claim-task.ts and
 * db/submit-judgment.ts. A change to either function is a new migration (`create or replace`).
 *
 * A claim commits without waiting for its WAL flush (synchronous_commit off, for its own
 * transaction only): a lease lost in a crash costs nothing but a 409 on the submit, after which the
 * task is served again. A submit still waits: a recorded judgment is never lost.
 *
 * queue_heads holds, per eval, a queue position below which every task is done. The claim's scan
 * starts there: otherwise it walked every index entry that finished tasks leave at the head of the
 * queue until vacuum removes them (about 300 pages, 1 ms, 30,000 judgments into a run). Safe
 * because the lowest unfinished position never goes down: a done task never reopens, a skip or an
 * expired lease only moves a task between open and leased, and new tasks are appended after the
 * last. About one claim in fifty moves the head up to the first unfinished task
 * (arbiter_advance_queue_head).
 *
 * annotator_sides counts each annotator's judgments per eval with the candidate left and right,
 * kept by a trigger on judgments (so every writer, the queue, imports and tests alike, keeps it
 * true). The claim read these counts by counting the annotator's judgments, which grew with
 * every judgment: 0.7 ms and 150 buffers per claim at 180 judgments each, and the queue slowed
 * down as the day went on.
 *
 * Two indexes go: tasks (comparison_id) and judgments (eval_id) are prefixes of
 * tasks (comparison_id, slot) and judgments (eval_id, annotator_id), and each task update of a
 * claim or submit (never HOT: status is indexed) paid for one more index entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table queue_heads (
      eval_id integer primary key references evals(id) on delete cascade,
      pos integer not null
    )`.execute(db);

  await sql`
    create table annotator_sides (
      eval_id integer not null references evals(id) on delete cascade,
      annotator_id integer not null references users(id) on delete cascade,
      left_count integer not null default 0,
      right_count integer not null default 0,
      primary key (eval_id, annotator_id)
    )`.execute(db);
  await sql`
    insert into annotator_sides (eval_id, annotator_id, left_count, right_count)
    select eval_id, annotator_id, count(*) filter (where candidate_left), count(*) filter (where not candidate_left)
    from judgments group by eval_id, annotator_id`.execute(db);
  // Statement triggers over transition tables: one upsert per statement, so a bulk insert of a
  // million judgments updates each (eval, annotator) once rather than a million times.
  await sql`
    create function arbiter_count_sides() returns trigger language plpgsql as $fn$
    begin
      if tg_op in ('DELETE', 'UPDATE') then
        update annotator_sides s set left_count = s.left_count - o.l, right_count = s.right_count - o.r
        from (select eval_id, annotator_id, count(*) filter (where candidate_left) as l, count(*) filter (where not candidate_left) as r
              from old_rows group by eval_id, annotator_id) o
        where s.eval_id = o.eval_id and s.annotator_id = o.annotator_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into annotator_sides as s (eval_id, annotator_id, left_count, right_count)
        select eval_id, annotator_id, count(*) filter (where candidate_left), count(*) filter (where not candidate_left)
        from new_rows group by eval_id, annotator_id
        on conflict (eval_id, annotator_id) do update set
          left_count = s.left_count + excluded.left_count,
          right_count = s.right_count + excluded.right_count;
      end if;
      return null;
    end
    $fn$`.execute(db);
  await sql`
    create trigger judgments_count_sides_insert after insert on judgments
    referencing new table as new_rows for each statement execute function arbiter_count_sides()`.execute(db);
  await sql`
    create trigger judgments_count_sides_delete after delete on judgments
    referencing old table as old_rows for each statement execute function arbiter_count_sides()`.execute(db);
  await sql`
    create trigger judgments_count_sides_update after update on judgments
    referencing old table as old_rows new table as new_rows for each statement execute function arbiter_count_sides()`.execute(db);

  await sql`
    create function arbiter_advance_queue_head(p_eval integer) returns integer
    language plpgsql as $fn$
    declare
      v_head integer;
      v_first integer;
    begin
      select h.pos into v_head from queue_heads h where h.eval_id = p_eval;
      select min(t.queue_pos) into v_first from tasks t
        where t.eval_id = p_eval and t.status <> 'done' and t.queue_pos >= coalesce(v_head, -2147483648);
      if v_first is null then
        return null;
      end if;
      insert into queue_heads as h (eval_id, pos) values (p_eval, v_first)
        on conflict (eval_id) do update set pos = greatest(h.pos, excluded.pos)
        returning h.pos into v_head;
      return v_head;
    end
    $fn$`.execute(db);

  await sql`
    create function arbiter_claim_task(p_eval integer, p_annotator integer, p_ttl double precision)
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
    begin
      perform set_config('synchronous_commit', 'off', true);
      -- The annotator's own lease (live or expired) is renewed and served again: a reload, a
      -- second tab or a retry sees the same task on the same side.
      update tasks t set leased_until = now() + make_interval(secs => p_ttl)
        where t.eval_id = p_eval and t.annotator_id = p_annotator and t.status = 'leased'
        returning t.id into v_task;

      if v_task is null then
        select h.pos into v_head from queue_heads h where h.eval_id = p_eval;
        if v_head is null or random() < 0.02 then
          v_head := arbiter_advance_queue_head(p_eval);
          if v_head is null then
            return; -- every task of the eval is done
          end if;
        end if;

        select s.left_count, s.right_count into v_l, v_r
          from annotator_sides s where s.eval_id = p_eval and s.annotator_id = p_annotator;
        v_l := coalesce(v_l, 0);
        v_r := coalesce(v_r, 0);

        -- The first row in queue order this annotator may take (rule 3 and the queue rules),
        -- passing over rows that other claims hold locked.
        with pick as (
          select t.id, t.side_fixed, t.candidate_left, t.preferred_left
          from tasks t
          where t.eval_id = p_eval
            and t.queue_pos >= v_head
            and t.status <> 'done'
            and (t.status = 'open' or t.leased_until < now())
            and (not t.side_fixed or v_l = v_r or t.candidate_left = (v_l < v_r))
            and not exists (select 1 from judgments j where j.comparison_id = t.comparison_id and j.annotator_id = p_annotator)
            and not exists (select 1 from task_skips s where s.comparison_id = t.comparison_id and s.annotator_id = p_annotator)
          order by t.queue_pos
          limit 1
          for update of t skip locked
        )
        update tasks t set
          status = 'leased',
          annotator_id = p_annotator,
          lease_token = gen_random_uuid(),
          leased_at = now(),
          leased_until = now() + make_interval(secs => p_ttl),
          candidate_left = case
            when pick.side_fixed then pick.candidate_left
            when v_l < v_r then true
            when v_l > v_r then false
            else coalesce(pick.preferred_left, pick.candidate_left) end
        from pick
        where t.id = pick.id
        returning t.id into v_task;
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

  await sql`
    create function arbiter_submit_judgment(
      p_task uuid, p_annotator integer, p_choice text, p_ratings jsonb, p_reason text, p_time_ms integer
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
    begin
      -- Only a live lease of this annotator, with ratings naming only the eval's criteria; the row
      -- lock makes a racing double submit wait here and then find the task done.
      select t.eval_id, t.comparison_id, t.candidate_left, t.leased_at
        into v_eval, v_comparison, v_left, v_leased_at
        from tasks t join evals e on e.id = t.eval_id
        where t.id = p_task and t.annotator_id = p_annotator
          and t.status = 'leased' and t.leased_until > now()
          and (p_ratings - array(select jsonb_array_elements_text(e.criteria))) = '{}'::jsonb
        for update of t;
      if v_eval is null then
        return;
      end if;

      update tasks t set status = 'done', completed_at = now() where t.id = p_task;

      insert into judgments (task_id, eval_id, comparison_id, annotator_id, choice, outcome, candidate_left, ratings, reason, time_ms)
      values (p_task, v_eval, v_comparison, p_annotator, p_choice,
        case p_choice
          when 'left' then case when v_left then 'a' else 'b' end
          when 'right' then case when v_left then 'b' else 'a' end
          else p_choice end,
        v_left, p_ratings, p_reason,
        coalesce(p_time_ms, (extract(epoch from now() - v_leased_at) * 1000)::integer))
      returning id into v_judgment;

      -- Rule 1: the first human judgment locks the eval's latest pack version.
      update pack_versions pv set locked_at = now()
        where pv.eval_id = v_eval and pv.locked_at is null
          and pv.version = (select max(p2.version) from pack_versions p2 where p2.eval_id = v_eval)
        returning pv.version into v_version;

      return query select v_judgment, v_eval, v_version;
    end
    $fn$`.execute(db);

  await sql`drop index if exists tasks_comparison_idx`.execute(db);
  await sql`drop index if exists judgments_eval_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists judgments_eval_idx on judgments (eval_id)`.execute(db);
  await sql`create index if not exists tasks_comparison_idx on tasks (comparison_id)`.execute(db);
  await sql`drop function if exists arbiter_submit_judgment(uuid, integer, text, jsonb, text, integer)`.execute(db);
  await sql`drop function if exists arbiter_claim_task(integer, integer, double precision)`.execute(db);
  await sql`drop function if exists arbiter_advance_queue_head(integer)`.execute(db);
  await sql`drop table if exists queue_heads`.execute(db);
  for (const t of ["insert", "delete", "update"]) await sql.raw(`drop trigger if exists judgments_count_sides_${t} on judgments`).execute(db);
  await sql`drop function if exists arbiter_count_sides()`.execute(db);
  await sql`drop table if exists annotator_sides`.execute(db);
}
