/**
 * The evidence explorer's data: keeping the per-case index (explore_rows, explore_search) in step
 * with the evidence, one filtered page by keyset, and the full evidence of the cases on a page.
 *
 * The index is a cache. Each page load reads the eval's watermarks (counts and newest ids or
 * timestamps of cases, outputs, judgments, verdicts, flags, adjudications, systems and the latest
 * pairwise run) in one statement; when they moved, only the cases touched since are recomputed
 * (found through ids and timestamps above the old marks), or everything when something was deleted,
 * the systems or the judge run changed, or the index is new. Outcomes are computed by one pure
 * function (app/core/explore/row.ts), the same definitions the filters document.
 */
import { sql, type Kysely } from "kysely";
import { exploreRow, type PairOutcome, type RowOutput, type RowRubric } from "../app/core/explore/row.ts";
import type { ExploreFilters } from "../app/core/explore/filters.ts";
import type { Database } from "./types.ts";

type Marks = Record<string, string | number | null>;

async function readMarks(db: Kysely<Database>, evalId: number): Promise<Marks> {
  const r = await sql<Marks>`
    select
      (select count(*)::int from cases where eval_id = ${evalId}) as cases_n,
      (select max(updated_at)::text from cases where eval_id = ${evalId}) as cases_at,
      (select count(*)::int from outputs o join cases c on c.id = o.case_id where c.eval_id = ${evalId}) as outputs_n,
      (select max(o.updated_at)::text from outputs o join cases c on c.id = o.case_id where c.eval_id = ${evalId}) as outputs_at,
      (select count(*)::int from judgments where eval_id = ${evalId}) as judgments_n,
      (select coalesce(max(id), 0) from judgments where eval_id = ${evalId}) as judgments_max,
      (select count(*)::int from verdicts where eval_id = ${evalId}) as verdicts_n,
      (select coalesce(max(id), 0) from verdicts where eval_id = ${evalId}) as verdicts_max,
      (select count(*)::int from task_skips s join comparisons cm on cm.id = s.comparison_id where cm.eval_id = ${evalId}) as skips_n,
      (select coalesce(max(s.id), 0) from task_skips s join comparisons cm on cm.id = s.comparison_id where cm.eval_id = ${evalId}) as skips_max,
      (select count(*)::int from comparisons where eval_id = ${evalId}) as comparisons_n,
      (select coalesce(max(id), 0) from audit_log where action = 'human.adjudicate') as adjudications_max,
      (select coalesce(max(id), 0) from flag_resolutions where eval_id = ${evalId}) as resolutions_max,
      (select count(*)::int from case_exclusions where eval_id = ${evalId}) as exclusions_n,
      (select max(excluded_at)::text from case_exclusions where eval_id = ${evalId}) as exclusions_at,
      (select string_agg(id || ':' || role, ',' order by id) from systems where eval_id = ${evalId}) as systems,
      (select max(run_id) from verdicts where eval_id = ${evalId} and protocol = 'pairwise') as pair_run,
      (select max(run_id) from verdicts where eval_id = ${evalId} and protocol = 'rubric') as rubric_run`.execute(db);
  const m = r.rows[0];
  for (const k of Object.keys(m)) if (typeof m[k] === "bigint" || (typeof m[k] === "string" && /_(n|max)$/.test(k))) m[k] = Number(m[k]);
  return m;
}

/** Case ids touched since `old`, or "all" when only a rebuild is safe. */
async function dirtyCases(db: Kysely<Database>, evalId: number, old: Marks, now: Marks): Promise<number[] | "all"> {
  for (const k of ["systems", "pair_run", "rubric_run"]) if (old[k] !== now[k]) return "all";
  for (const k of ["cases_n", "outputs_n", "judgments_n", "verdicts_n", "skips_n", "comparisons_n", "exclusions_n"]) if (Number(now[k]) < Number(old[k])) return "all";
  const r = await sql<{ id: number }>`
    select id from cases where eval_id = ${evalId} and updated_at > coalesce(${old.cases_at}::timestamptz, '-infinity')
    union select o.case_id from outputs o join cases c on c.id = o.case_id where c.eval_id = ${evalId} and o.updated_at > coalesce(${old.outputs_at}::timestamptz, '-infinity')
    union select cm.case_id from judgments j join comparisons cm on cm.id = j.comparison_id where j.eval_id = ${evalId} and j.id > ${old.judgments_max}
    union select case_id from verdicts where eval_id = ${evalId} and id > ${old.verdicts_max}
    union select cm.case_id from task_skips s join comparisons cm on cm.id = s.comparison_id where cm.eval_id = ${evalId} and s.id > ${old.skips_max}
    union select cm.case_id from audit_log a join comparisons cm on cm.id = a.entity_id::int where a.action = 'human.adjudicate' and a.id > ${old.adjudications_max} and cm.eval_id = ${evalId}
    union select case_id from flag_resolutions where eval_id = ${evalId} and id > ${old.resolutions_max}
    union select case_id from case_exclusions where eval_id = ${evalId} and excluded_at > coalesce(${old.exclusions_at}::timestamptz, '-infinity')`.execute(db);
  // Counts that moved by more than the new rows found mean something was deleted and re-added.
  const newJudgments = Number(now.judgments_n) - Number(old.judgments_n);
  if (newJudgments < 0 || (newJudgments === 0 && now.judgments_max !== old.judgments_max)) return "all";
  if (now.exclusions_n !== old.exclusions_n && now.exclusions_at === old.exclusions_at) return "all";
  return r.rows.map((x) => x.id);
}

/** Brings the eval's index up to date; returns how many cases it recomputed. */
export async function refreshExplore(db: Kysely<Database>, evalId: number): Promise<number> {
  const now = await readMarks(db, evalId);
  const state = await db.selectFrom("explore_state").select("marks").where("eval_id", "=", evalId).executeTakeFirst();
  const old = state?.marks as Marks | undefined;
  if (old && JSON.stringify(old) === JSON.stringify(now)) return 0;
  const dirty = old ? await dirtyCases(db, evalId, old, now) : "all";
  const all = dirty === "all" || dirty.length > 0.3 * Number(now.cases_n);
  const n = await rebuild(db, evalId, all ? "all" : (dirty as number[]), now);
  return n;
}

async function rebuild(db: Kysely<Database>, evalId: number, ids: number[] | "all", marks: Marks): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // One rebuild at a time per eval; a second page load waits and then finds the marks current.
    await sql`select pg_advisory_xact_lock(8812, ${evalId})`.execute(tx);
    const st = await tx.selectFrom("explore_state").select("marks").where("eval_id", "=", evalId).executeTakeFirst();
    if (st && JSON.stringify(st.marks) === JSON.stringify(marks)) return 0;
    if (ids !== "all" && ids.length === 0) {
      await saveMarks(tx, evalId, marks);
      return 0;
    }
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
    await saveMarks(tx, evalId, marks);
    return cols.case_id.length;
  });
}

async function saveMarks(db: Kysely<Database>, evalId: number, marks: Marks) {
  await sql`insert into explore_state (eval_id, marks) values (${evalId}, ${JSON.stringify(marks)}::jsonb)
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

/** Counts per outcome over the whole eval, for the filter bar (one scan of the narrow index). */
export async function exploreFacets(db: Kysely<Database>, evalId: number) {
  const r = await sql<{ n: number; categories: string[] | null; suites: string[] | null; shapes: string[] | null; flagged: number; excluded: number }>`
    select count(*)::int as n, array_agg(distinct category) as categories, array_agg(distinct suite) as suites, array_agg(distinct shape) as shapes,
           (count(*) filter (where flagged))::int as flagged, (count(*) filter (where excluded))::int as excluded
    from explore_rows where eval_id = ${evalId}`.execute(db);
  const x = r.rows[0];
  return { n: x.n, categories: x.categories ?? [], suites: x.suites ?? [], shapes: x.shapes ?? [], flagged: x.flagged, excluded: x.excluded };
}
