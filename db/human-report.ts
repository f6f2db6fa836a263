/** The data behind the lead's human A/B view: progress, judgments, flags and disputes. */
import { sql, type Kysely } from "kysely";
import type { SideRatingVote } from "../app/core/side-ratings.ts";
import type { ComparisonRecord, IdenticalPair, JudgmentRecord } from "../app/core/human-report.ts";
import type { Database, PairOutcome } from "./types.ts";

export interface HumanProgress {
  comparisons: number;
  complete: number;
  tasks: number;
  open: number;
  leased: number;
  expired: number;
  done: number;
  gold: number;
  k: number | null;
}

export async function humanProgress(db: Kysely<Database>, evalId: number): Promise<HumanProgress> {
  const res = await sql<HumanProgress>`
    select
      (select count(*) from comparisons where eval_id = ${evalId}) as comparisons,
      (select count(*) from comparisons c where c.eval_id = ${evalId}
         and (select count(*) from judgments j where j.comparison_id = c.id) >= c.target_k) as complete,
      (select count(*) from comparisons where eval_id = ${evalId} and gold_answer is not null) as gold,
      (select max(target_k) from comparisons where eval_id = ${evalId}) as k,
      count(*) as tasks,
      count(*) filter (where status = 'open') as open,
      count(*) filter (where status = 'leased' and leased_until > now()) as leased,
      count(*) filter (where status = 'leased' and leased_until <= now()) as expired,
      count(*) filter (where status = 'done') as done
    from tasks where eval_id = ${evalId}`.execute(db);
  const r = res.rows[0];
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return {
    comparisons: n(r.comparisons), complete: n(r.complete), tasks: n(r.tasks), open: n(r.open), leased: n(r.leased),
    expired: n(r.expired), done: n(r.done), gold: n(r.gold), k: r.k === null ? null : Number(r.k),
  };
}

/**
 * Judgments, comparisons (each flagged when its two outputs are identical after trimming) and the
 * identical pairs that have no comparison (none is created for them) of the eval's default pairs
 * (candidate against each baseline): the human tab counts those as ties, as the report does.
 */
export async function loadHumanData(db: Kysely<Database>, evalId: number): Promise<{ judgments: JudgmentRecord[]; comparisons: ComparisonRecord[]; identicalPairs: IdenticalPair[] }> {
  const [j, c, idp] = await Promise.all([
    db
      .selectFrom("judgments")
      .select(["comparison_id", "annotator_id", "outcome", "choice", "time_ms", "created_at"])
      .where("eval_id", "=", evalId)
      .orderBy("id")
      .execute(),
    sql<{ id: number; category: string; target_k: number; gold_answer: "a" | "b" | "tie" | null; adjudicated: PairOutcome | null; pair: string; identical: boolean }>`
      select c.id, cs.category, c.target_k, c.gold_answer, c.adjudicated, sa.name || ' vs ' || sb.name as pair,
             coalesce((select arbiter_trim(oa.text) = arbiter_trim(ob.text)
                       from outputs oa join outputs ob on ob.case_id = oa.case_id and ob.system_id = c.system_b_id
                       where oa.case_id = c.case_id and oa.system_id = c.system_a_id
                         and oa.error is null and ob.error is null and oa.text is not null and ob.text is not null
                       limit 1), false) as identical
      from comparisons c join cases cs on cs.id = c.case_id
      join systems sa on sa.id = c.system_a_id join systems sb on sb.id = c.system_b_id
      where c.eval_id = ${evalId} order by c.id`.execute(db),
    sql<{ case_id: number; category: string; pair: string }>`
      select cs.id as case_id, cs.category, sa.name || ' vs ' || sb.name as pair
      from systems sa join systems sb on sb.eval_id = sa.eval_id and sb.role = 'baseline'
      join cases cs on cs.eval_id = sa.eval_id
      join outputs oa on oa.case_id = cs.id and oa.system_id = sa.id
      join outputs ob on ob.case_id = cs.id and ob.system_id = sb.id
      where sa.eval_id = ${evalId} and sa.role = 'candidate'
        and oa.error is null and ob.error is null and oa.text is not null and ob.text is not null
        and arbiter_trim(oa.text) = arbiter_trim(ob.text)
        and not exists (select 1 from comparisons x where x.case_id = cs.id and x.system_a_id = sa.id and x.system_b_id = sb.id)
      order by cs.id`.execute(db),
  ]);
  return {
    judgments: j.map((r) => ({ ...r, created_at: new Date(r.created_at).getTime() })),
    comparisons: c.rows,
    identicalPairs: idp.rows.map((r) => ({ key: `case${r.case_id}:${r.pair}`, pair: r.pair, category: r.category })),
  };
}

export interface ComparisonDetail {
  comparison_id: number;
  case_external_id: string;
  category: string;
  system_a: string;
  system_b: string;
  input: unknown;
  text_a: string;
  text_b: string;
  adjudicated: PairOutcome | null;
  judgments: { annotator: string; outcome: PairOutcome; reason: string | null }[];
  flags: { annotator: string; kind: "skip" | "flag"; reason: string }[];
}

export async function comparisonDetails(db: Kysely<Database>, evalId: number, ids: number[]): Promise<ComparisonDetail[]> {
  if (ids.length === 0) return [];
  const base = await sql<Omit<ComparisonDetail, "judgments" | "flags">>`
    select c.id as comparison_id, cs.external_id as case_external_id, cs.category, sa.name as system_a, sb.name as system_b,
      cs.input, coalesce(oa.text, '') as text_a, coalesce(ob.text, '') as text_b, c.adjudicated
    from comparisons c join cases cs on cs.id = c.case_id
    join systems sa on sa.id = c.system_a_id join systems sb on sb.id = c.system_b_id
    left join outputs oa on oa.case_id = c.case_id and oa.system_id = c.system_a_id
    left join outputs ob on ob.case_id = c.case_id and ob.system_id = c.system_b_id
    where c.eval_id = ${evalId} and c.id = any(${ids}::int[])
    order by c.id`.execute(db);
  const js = await sql<{ comparison_id: number; annotator: string; outcome: PairOutcome; reason: string | null }>`
    select j.comparison_id, u.name as annotator, j.outcome, j.reason from judgments j join users u on u.id = j.annotator_id
    where j.comparison_id = any(${ids}::int[]) order by j.id`.execute(db);
  const fs = await sql<{ comparison_id: number; annotator: string; kind: "skip" | "flag"; reason: string }>`
    select s.comparison_id, u.name as annotator, s.kind, s.reason from task_skips s join users u on u.id = s.annotator_id
    where s.comparison_id = any(${ids}::int[]) order by s.id`.execute(db);
  return base.rows.map((b) => ({
    ...b,
    judgments: js.rows.filter((r) => r.comparison_id === b.comparison_id),
    flags: fs.rows.filter((r) => r.comparison_id === b.comparison_id),
  }));
}

export async function flaggedComparisonIds(db: Kysely<Database>, evalId: number): Promise<number[]> {
  const rows = await sql<{ comparison_id: number }>`
    select distinct s.comparison_id from task_skips s join comparisons c on c.id = s.comparison_id
    where c.eval_id = ${evalId} and s.kind = 'flag' order by s.comparison_id limit 100`.execute(db);
  return rows.rows.map((r) => r.comparison_id);
}

export async function userNames(db: Kysely<Database>, ids: number[]): Promise<Record<number, string>> {
  if (ids.length === 0) return {};
  const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", ids).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** Per-side criteria ratings of the eval's judgments, oriented by the comparison's systems (a, b). */
export async function sideRatingVotes(db: Kysely<Database>, evalId: number): Promise<{ votes: SideRatingVote[]; criteria: string[] }> {
  const [rows, ev] = await Promise.all([
    sql<{ comparison_id: number; pair: string; side_ratings: { a?: Record<string, number>; b?: Record<string, number> } | string }>`
      select j.comparison_id, sa.name || ' vs ' || sb.name as pair, j.side_ratings
      from judgments j join comparisons c on c.id = j.comparison_id
      join systems sa on sa.id = c.system_a_id join systems sb on sb.id = c.system_b_id
      where j.eval_id = ${evalId} and j.side_ratings is not null
      order by j.id`.execute(db),
    db.selectFrom("evals").select("criteria").where("id", "=", evalId).executeTakeFirst(),
  ]);
  const votes = rows.rows.map((r) => {
    const s = typeof r.side_ratings === "string" ? JSON.parse(r.side_ratings) : r.side_ratings;
    return { comparison_id: r.comparison_id, pair: r.pair, a: s?.a ?? {}, b: s?.b ?? {} };
  });
  const criteria = ev ? ((typeof ev.criteria === "string" ? JSON.parse(ev.criteria) : ev.criteria) as string[]) : [];
  return { votes, criteria };
}
