/**
 * The evidence explorer's data: keeping the per-case index (explore_rows, explore_search) in step
 * with the evidence, one filtered page by keyset, and the full evidence of the cases on a page.
 *
 * The index is a cache. Triggers on the evidence tables queue every touched case in explore_dirty
 * (migration 0012b); each page load reads the queue's top and the latest judge runs in one
 * statement, recomputes only the queued cases, or everything when the index is new, the systems
 * changed or a newer judge run became the latest. Outcomes are computed by one pure function
 * (app/core/explore/row.ts), the same definitions the filters document.
 */
import { sql, type Kysely } from "kysely";
import { exploreRow, type PairOutcome, type RowOutput, type RowRubric } from "../app/core/explore/row.ts";
import type { ExploreFilters } from "../app/core/explore/filters.ts";
import type { Database } from "./types.ts";

type Marks = { pair_run: number | null; rubric_run: number | null; facets?: Facets };
export type Facets = { n: number; categories: string[]; suites: string[]; shapes: string[]; flagged: number; excluded: number };

async function readState(db: Kysely<Database>, evalId: number) {
  const r = await sql<{ marks: Marks | null; pair_run: number | null; rubric_run: number | null; top: string | null }>`
    select (select marks from explore_state where eval_id = ${evalId}) as marks,
           (select run_id from explore_latest_run where eval_id = ${evalId} and protocol = 'pairwise') as pair_run,
           (select run_id from explore_latest_run where eval_id = ${evalId} and protocol = 'rubric') as rubric_run,
           (select max(seq)::text from explore_dirty where eval_id = ${evalId}) as top`.execute(db);
  const x = r.rows[0];
  const runsMoved = !x.marks || x.marks.pair_run !== x.pair_run || x.marks.rubric_run !== x.rubric_run;
  return { marks: { pair_run: x.pair_run, rubric_run: x.rubric_run } as Marks, facets: x.marks?.facets, full: runsMoved, top: x.top };
}

/**
 * Brings the eval's index up to date; returns how many cases it recomputed. Nothing to do (the
 * common case) costs one statement: the state row, the latest judge runs and the dirty queue's top.
 */
export async function refreshExplore(db: Kysely<Database>, evalId: number): Promise<number> {
  const first = await readState(db, evalId);
  if (!first.full && first.top === null) return 0;
  return db.transaction().execute(async (tx) => {
    // One rebuild at a time per eval; a second page load waits, then finds the queue drained.
    await sql`select pg_advisory_xact_lock(8812, ${evalId})`.execute(tx);
    const st = await readState(tx, evalId);
    if (!st.full && st.top === null) return 0;
    let ids: number[] | "all" = "all";
    if (!st.full && st.top !== null) {
      const d = await sql<{ case_id: number }>`select distinct case_id from explore_dirty where eval_id = ${evalId} and seq <= ${st.top}::bigint`.execute(tx);
      ids = d.rows.map((r) => r.case_id);
      if (st.facets && ids.length > 0.3 * st.facets.n) ids = "all";
    }
    const n = await rebuild(tx, evalId, ids, st.marks);
    if (st.top !== null) await sql`delete from explore_dirty where eval_id = ${evalId} and seq <= ${st.top}::bigint`.execute(tx);
    return n;
  });
}

async function rebuild(tx: Kysely<Database>, evalId: number, ids: number[] | "all", marks: Marks): Promise<number> {
  {
    const only = ids === "all" ? sql`true` : sql`c.id = any(${sql.val(ids)}::int[])`;
    if (ids === "all") {
      await tx.deleteFrom("explore_rows").where("eval_id", "=", evalId).execute();
      await tx.deleteFrom("explore_search").where("eval_id", "=", evalId).execute();
    }
    const systems = await tx.selectFrom("systems").select(["id", "role"]).where("eval_id", "=", evalId).orderBy("id").execute();
    const cand = systems.find((s) => s.role === "candidate")?.id ?? null;
    const base = systems.find((s) => s.role === "baseline")?.id ?? null;
    const cases = await sql<{ id: number; category: string; suite: string; shape: string; tags: string; assertions: string }>`
      select c.id, c.category, c.suite, c.shape, c.tags::text as tags, c.assertions::text as assertions from cases c where c.eval_id = ${evalId} and ${only} order by c.id`.execute(tx);
    const outputs = await sql<RowOutput & { case_id: number; system_id: number }>`
      select o.id, o.case_id, o.system_id, o.text, o.error, o.latency_ms from outputs o join cases c on c.id = o.case_id
      where c.eval_id = ${evalId} and ${only} and o.system_id in (${cand ?? 0}, ${base ?? 0})`.execute(tx);
    const comps = await sql<{ id: number; case_id: number; candidate_is_a: boolean; adjudicated: PairOutcome | null; votes: PairOutcome[] | null }>`
      select cm.id, cm.case_id, cm.system_a_id = ${cand ?? 0} as candidate_is_a, cm.adjudicated,
             (select array_agg(j.outcome::text) from judgments j where j.comparison_id = cm.id) as votes
      from comparisons cm join cases c on c.id = cm.case_id
      where cm.eval_id = ${evalId} and ${only}
        and ((cm.system_a_id = ${cand ?? 0} and cm.system_b_id = ${base ?? 0}) or (cm.system_a_id = ${base ?? 0} and cm.system_b_id = ${cand ?? 0}))`.execute(tx);
    const pairRun = marks.pair_run;
    const verdicts = pairRun === null
      ? { rows: [] as { comparison_id: number; winner: "a" | "b" | "tie" | null }[] }
      : await sql<{ comparison_id: number; winner: "a" | "b" | "tie" | null }>`
          select v.comparison_id, v.winner from verdicts v join cases c on c.id = v.case_id
          where v.eval_id = ${evalId} and v.protocol = 'pairwise' and v.run_id = ${pairRun} and ${only} order by v.id`.execute(tx);
    const rubricRun = marks.rubric_run;
    const rubrics = rubricRun === null
      ? { rows: [] as (RowRubric & { case_id: number })[] }
      : await sql<RowRubric & { case_id: number }>`
          select v.output_id, v.case_id, (v.detail->>'index')::int as index, v.passed, v.score::float8 as score, v.detail->>'reason' as reason
          from verdicts v join cases c on c.id = v.case_id
          where v.eval_id = ${evalId} and v.protocol = 'rubric' and v.run_id = ${rubricRun} and v.output_id is not null and v.passed is not null and ${only}`.execute(tx);
    const flagged = await sql<{ case_id: number }>`
      select distinct cm.case_id from task_skips s join comparisons cm on cm.id = s.comparison_id join cases c on c.id = cm.case_id
      where cm.eval_id = ${evalId} and s.kind = 'flag' and ${only}
        and s.id > coalesce((select max(r.covers_skip_id) from flag_resolutions r where r.case_id = cm.case_id), 0)`.execute(tx);
    const excluded = await sql<{ case_id: number }>`select x.case_id from case_exclusions x join cases c on c.id = x.case_id where x.eval_id = ${evalId} and ${only}`.execute(tx);

    const outBy = new Map<number, { c: RowOutput | null; b: RowOutput | null }>();
    for (const o of outputs.rows) {
      const slot = outBy.get(o.case_id) ?? { c: null, b: null };
      if (o.system_id === cand) slot.c = o;
      else slot.b = o;
      outBy.set(o.case_id, slot);
    }
    const compBy = new Map(comps.rows.map((c) => [c.case_id, c]));
    const verdictBy = new Map(verdicts.rows.map((v) => [v.comparison_id, v.winner]));
    const rubricBy = new Map<number, RowRubric[]>();
    for (const r of rubrics.rows) rubricBy.set(r.case_id, [...(rubricBy.get(r.case_id) ?? []), r]);
    const flaggedSet = new Set(flagged.rows.map((r) => r.case_id));
    const excludedSet = new Set(excluded.rows.map((r) => r.case_id));
    const lists = new Map<string, unknown>();
    const shared = (t: string) => {
      let v = lists.get(t);
      if (v === undefined) lists.set(t, (v = JSON.parse(t)));
      return v;
    };
    const cols = { case_id: [] as number[], category: [] as string[], suite: [] as string[], shape: [] as string[], tags: [] as string[], cand: [] as string[], base: [] as string[], human: [] as string[], judge: [] as string[], disagree: [] as boolean[], identical: [] as boolean[], missing: [] as boolean[], flagged: [] as boolean[], excluded: [] as boolean[] };
    for (const c of cases.rows) {
      const o = outBy.get(c.id) ?? { c: null, b: null };
      const cm = compBy.get(c.id);
      const row = exploreRow({
        assertions: shared(c.assertions),
        candidate: o.c,
        baseline: o.b,
        rubrics: rubricBy.get(c.id) ?? [],
        votes: cm?.votes ?? [],
        adjudicated: cm?.adjudicated ?? null,
        candidateIsA: cm?.candidate_is_a ?? true,
        judgeWinner: cm && verdictBy.has(cm.id) ? verdictBy.get(cm.id) : undefined,
      });
      cols.case_id.push(c.id);
      cols.category.push(c.category);
      cols.suite.push(c.suite);
      cols.shape.push(c.shape);
      cols.tags.push(c.tags);
      cols.cand.push(row.cand_assert);
      cols.base.push(row.base_assert);
      cols.human.push(row.human);
      cols.judge.push(row.judge);
      cols.disagree.push(row.disagree);
      cols.identical.push(row.identical);
      cols.missing.push(row.missing);
      cols.flagged.push(flaggedSet.has(c.id));
      cols.excluded.push(excludedSet.has(c.id));
    }
    const BATCH = 5000;
    for (let i = 0; i < cols.case_id.length; i += BATCH) {
      const s = (a: unknown[]) => sql.val(a.slice(i, i + BATCH));
      await sql`
        insert into explore_rows (case_id, eval_id, category, suite, shape, tags, cand_assert, base_assert, human, judge, disagree, identical, missing, flagged, excluded)
        select u.case_id, ${evalId}, u.category, u.suite, u.shape, u.tags::jsonb, u.cand, u.base, u.human, u.judge, u.disagree, u.identical, u.missing, u.flagged, u.excluded
        from unnest(${s(cols.case_id)}::int[], ${s(cols.category)}::text[], ${s(cols.suite)}::text[], ${s(cols.shape)}::text[], ${s(cols.tags)}::text[], ${s(cols.cand)}::text[], ${s(cols.base)}::text[],
                    ${s(cols.human)}::text[], ${s(cols.judge)}::text[], ${s(cols.disagree)}::bool[], ${s(cols.identical)}::bool[], ${s(cols.missing)}::bool[], ${s(cols.flagged)}::bool[], ${s(cols.excluded)}::bool[])
             as u(case_id, category, suite, shape, tags, cand, base, human, judge, disagree, identical, missing, flagged, excluded)
        on conflict (case_id) do update set category = excluded.category, suite = excluded.suite, shape = excluded.shape, tags = excluded.tags,
          cand_assert = excluded.cand_assert, base_assert = excluded.base_assert, human = excluded.human, judge = excluded.judge, disagree = excluded.disagree,
          identical = excluded.identical, missing = excluded.missing, flagged = excluded.flagged, excluded = excluded.excluded`.execute(tx);
      const batch = sql.val(cols.case_id.slice(i, i + BATCH));
      // The searchable text: input, context, reference, every output, every annotator and judge reason.
      await sql`
        insert into explore_search (case_id, eval_id, doc)
        select c.id, c.eval_id, to_tsvector('simple', concat_ws(' ', c.input::text, c.context, c.reference,
                 (select string_agg(o.text, ' ') from outputs o where o.case_id = c.id),
                 (select string_agg(j.reason, ' ') from comparisons cm join judgments j on j.comparison_id = cm.id where cm.case_id = c.id and j.reason is not null),
                 (select string_agg(v.detail->>'reason', ' ') from verdicts v where v.case_id = c.id and v.detail ? 'reason')))
        from cases c where c.id = any(${batch}::int[])
        on conflict (case_id) do update set doc = excluded.doc`.execute(tx);
    }
    await saveState(tx, evalId, marks);
    return cols.case_id.length;
  }
}

/** The filter bar's choices and counts, kept with the state so a page load does not scan the index for them. */
async function saveState(db: Kysely<Database>, evalId: number, marks: Marks) {
  const r = await sql<Facets>`
    select count(*)::int as n, coalesce(array_agg(distinct category), '{}') as categories, coalesce(array_agg(distinct suite), '{}') as suites,
           coalesce(array_agg(distinct shape), '{}') as shapes, (count(*) filter (where flagged))::int as flagged, (count(*) filter (where excluded))::int as excluded
    from explore_rows where eval_id = ${evalId}`.execute(db);
  const state = { ...marks, facets: r.rows[0] };
  await sql`insert into explore_state (eval_id, marks) values (${evalId}, ${JSON.stringify(state)}::jsonb)
            on conflict (eval_id) do update set marks = excluded.marks, built_at = now()`.execute(db);
}

export interface ExploreRow {
  case_id: number;
  cand_assert: string;
  base_assert: string;
  human: string;
  judge: string;
  disagree: boolean;
  identical: boolean;
  missing: boolean;
  flagged: boolean;
  excluded: boolean;
}

/** One page of case ids matching the filters, by case id after `after`; `more` when another page exists. */
export async function explorePage(db: Kysely<Database>, evalId: number, f: ExploreFilters & { clusterIds?: number[] }, page: { after?: number; limit: number }) {
  let q = db.selectFrom("explore_rows as r").selectAll("r").where("r.eval_id", "=", evalId);
  if (f.category) q = q.where("r.category", "=", f.category);
  if (f.suite) q = q.where("r.suite", "=", f.suite);
  if (f.shape) q = q.where("r.shape", "=", f.shape);
  if (f.tag) q = q.where(sql<boolean>`r.tags @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.assert) q = q.where("r.cand_assert", "=", f.assert);
  if (f.baseline_assert) q = q.where("r.base_assert", "=", f.baseline_assert);
  if (f.human) q = q.where("r.human", "=", f.human);
  if (f.judge) q = q.where("r.judge", "=", f.judge);
  if (f.disagree !== undefined) q = q.where("r.disagree", "=", f.disagree);
  if (f.identical !== undefined) q = q.where("r.identical", "=", f.identical);
  if (f.missing !== undefined) q = q.where("r.missing", "=", f.missing);
  if (f.flagged !== undefined) q = q.where("r.flagged", "=", f.flagged);
  if (f.excluded !== undefined) q = q.where("r.excluded", "=", f.excluded);
  if (f.clusterIds) q = q.where(sql<boolean>`r.case_id = any(${sql.val(f.clusterIds)}::int[])`);
  if (f.case) q = q.where(sql<boolean>`r.case_id in (select id from cases where eval_id = ${evalId} and external_id = ${f.case})`);
  if (f.q) q = q.where(sql<boolean>`r.case_id in (select s.case_id from explore_search s where s.eval_id = ${evalId} and s.doc @@ websearch_to_tsquery('simple', ${f.q}))`);
  if (page.after !== undefined) q = q.where("r.case_id", ">", page.after);
  const rows = (await q.orderBy("r.case_id").limit(page.limit + 1).execute()) as ExploreRow[];
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}

/** The filter bar's choices and counts, as of the last refresh. */
export async function exploreFacets(db: Kysely<Database>, evalId: number): Promise<Facets> {
  const st = await db.selectFrom("explore_state").select("marks").where("eval_id", "=", evalId).executeTakeFirst();
  return (st?.marks as Marks | undefined)?.facets ?? { n: 0, categories: [], suites: [], shapes: [], flagged: 0, excluded: 0 };
}
