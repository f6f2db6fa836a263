/** What the lead's judge page and the CLI read about judge runs: progress, figures, agreement, probes. */
import { sql, type Kysely } from "kysely";
import type { HumanJudgmentRecord, JudgeVerdictRecord } from "../app/core/judging/judge-human-agreement.ts";
import { preference, preferenceSeed, type PreferenceItem } from "../app/core/report/preference.ts";
import type { Database, JudgeFailureKind, JudgeProtocol, JudgeRunStatus } from "./types.ts";

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface RunProgress {
  total: number;
  queued: number;
  leased: number;
  done: number;
  failed: number;
  verdicts: number;
  failures: Partial<Record<JudgeFailureKind, number>>;
}

export async function runProgress(db: Kysely<Database>, runId: number): Promise<RunProgress> {
  const [jobs, verdicts] = await Promise.all([
    sql<{ status: string; failure_kind: JudgeFailureKind | null; n: number }>`
      select status, failure_kind, count(*) as n from judge_jobs where run_id = ${runId} group by status, failure_kind`.execute(db),
    sql<{ n: number }>`select count(*) as n from verdicts where run_id = ${runId}`.execute(db),
  ]);
  const p: RunProgress = { total: 0, queued: 0, leased: 0, done: 0, failed: 0, verdicts: num(verdicts.rows[0]?.n), failures: {} };
  for (const r of jobs.rows) {
    const n = num(r.n);
    p.total += n;
    if (r.status === "queued" || r.status === "leased" || r.status === "done" || r.status === "failed") p[r.status] += n;
    if (r.status === "failed" && r.failure_kind) p.failures[r.failure_kind] = (p.failures[r.failure_kind] ?? 0) + n;
  }
  return p;
}

export interface RunError {
  kind: JudgeFailureKind | null;
  detail: string;
  n: number;
}

/** Per run: its first distinct failure texts (in job order), at most `per` each. */
export async function runErrors(db: Kysely<Database>, runIds: number[], per = 3): Promise<Map<number, RunError[]>> {
  const out = new Map<number, RunError[]>();
  if (runIds.length === 0) return out;
  const rows = await sql<{ run_id: number; kind: JudgeFailureKind | null; detail: string; n: number; first_id: number }>`
    select run_id, failure_kind as kind, coalesce(failure_detail, failure_kind, 'failed') as detail, count(*) as n, min(id) as first_id
    from judge_jobs where run_id = any(${runIds}::int[]) and status = 'failed'
    group by run_id, failure_kind, coalesce(failure_detail, failure_kind, 'failed')
    order by run_id, min(id)`.execute(db);
  for (const r of rows.rows) {
    const list = out.get(r.run_id) ?? [];
    if (list.length < per) list.push({ kind: r.kind, detail: r.detail, n: num(r.n) });
    out.set(r.run_id, list);
  }
  return out;
}

export interface JudgeRunRow extends RunProgress {
  id: number;
  protocol: JudgeProtocol;
  model: string;
  base_url: string;
  status: JudgeRunStatus;
  /** The first distinct failure texts of the run's failed jobs (at most 3), for the lead to read. */
  errors: RunError[];
  config_hash: string;
  prompt_version: string;
  calls: number;
  cache_hits: number;
  tokens_used: number;
  cost_usd: number;
  budget_tokens: number | null;
  created_at: string;
  position_consistency: { n: number; consistent: number; rate: number | null };
}

export async function listJudgeRuns(db: Kysely<Database>, evalId: number, limit = 20): Promise<JudgeRunRow[]> {
  const runs = await db.selectFrom("judge_runs").selectAll().where("eval_id", "=", evalId).orderBy("id", "desc").limit(limit).execute();
  if (runs.length === 0) return [];
  const ids = runs.map((r) => r.id);
  const [jobs, verdicts, errors] = await Promise.all([
    sql<{ run_id: number; status: string; failure_kind: JudgeFailureKind | null; n: number }>`
      select run_id, status, failure_kind, count(*) as n from judge_jobs where run_id = any(${ids}::int[]) group by run_id, status, failure_kind`.execute(db),
    sql<{ run_id: number; n: number; consistent: number; pc_n: number }>`
      select run_id, count(*) as n, count(*) filter (where position_consistent) as consistent, count(position_consistent) as pc_n
      from verdicts where run_id = any(${ids}::int[]) group by run_id`.execute(db),
    runErrors(db, ids),
  ]);
  return runs.map((r) => {
    const cfg = r.config as { model?: string; base_url?: string };
    const p: RunProgress = { total: 0, queued: 0, leased: 0, done: 0, failed: 0, verdicts: 0, failures: {} };
    for (const j of jobs.rows.filter((x) => x.run_id === r.id)) {
      const n = num(j.n);
      p.total += n;
      if (j.status === "queued" || j.status === "leased" || j.status === "done" || j.status === "failed") p[j.status] += n;
      if (j.status === "failed" && j.failure_kind) p.failures[j.failure_kind] = (p.failures[j.failure_kind] ?? 0) + n;
    }
    const v = verdicts.rows.find((x) => x.run_id === r.id);
    p.verdicts = num(v?.n);
    const pcN = num(v?.pc_n);
    return {
      ...p,
      id: r.id,
      protocol: r.protocol,
      model: cfg.model ?? "",
      base_url: cfg.base_url ?? "",
      status: r.status,
      errors: errors.get(r.id) ?? [],
      config_hash: r.config_hash,
      prompt_version: r.prompt_version,
      calls: num(r.calls),
      cache_hits: num(r.cache_hits),
      tokens_used: num(r.tokens_used),
      cost_usd: num(r.cost_usd),
      budget_tokens: r.budget_tokens,
      created_at: new Date(r.created_at).toISOString().slice(0, 19).replace("T", " "),
      position_consistency: { n: pcN, consistent: num(v?.consistent), rate: pcN ? num(v?.consistent) / pcN : null },
    };
  });
}

export interface JudgeFigures {
  pairwise: null | {
    run_id: number;
    model: string;
    /** Verdicts of the run. */
    n: number;
    /** Comparisons in the win rate: those with a verdict plus identical pairs (ties nobody asked the judge about). */
    n_items: number;
    n_identical: number;
    wins: number;
    losses: number;
    ties: number;
    win_rate: number | null;
    ci95_win_rate: [number, number] | null;
    mean_margin: number | null;
    position_consistency: number | null;
    inconsistent: number;
  };
  faithfulness: null | {
    run_id: number;
    model: string;
    not_applicable: number;
    systems: { name: string; role: string; n: number; mean: number | null }[];
    /** Unsupported claims of the candidate's outputs, a few for the lead to read. */
    examples: { case: string; claim: string; reason: string }[];
  };
}

/** The id of the latest run of a protocol that has verdicts: the run the report and the judge page use. */
export async function latestRunIdWithVerdicts(db: Kysely<Database>, evalId: number, protocol: JudgeProtocol): Promise<number | null> {
  const row = await db
    .selectFrom("verdicts")
    .select((eb) => eb.fn.max("run_id").as("run_id"))
    .where("eval_id", "=", evalId)
    .where("protocol", "=", protocol)
    .executeTakeFirst();
  return row?.run_id == null ? null : Number(row.run_id);
}

async function latestRunWithVerdicts(db: Kysely<Database>, evalId: number, protocol: JudgeProtocol) {
  const id = await latestRunIdWithVerdicts(db, evalId, protocol);
  if (id === null) return undefined;
  return db.selectFrom("judge_runs").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function judgeFigures(db: Kysely<Database>, evalId: number, seed = 1): Promise<JudgeFigures> {
  const [pairRun, faithRun] = await Promise.all([latestRunWithVerdicts(db, evalId, "pairwise"), latestRunWithVerdicts(db, evalId, "faithfulness")]);
  let pairwise: JudgeFigures["pairwise"] = null;
  if (pairRun) {
    // The candidate is system_a of the comparisons the judge creates; a pair not involving it is skipped.
    const r = (
      await sql<{ mean_margin: number | null; consistent: number; n: number }>`
        select avg(case when sa.role = 'candidate' then v.margin else -v.margin end) as mean_margin,
               count(*) filter (where v.position_consistent) as consistent,
               count(*) as n
        from verdicts v join comparisons c on c.id = v.comparison_id
        join systems sa on sa.id = c.system_a_id join systems sb on sb.id = c.system_b_id
        where v.run_id = ${pairRun.id} and (sa.role = 'candidate' or sb.role = 'candidate')`.execute(db)
    ).rows[0];
    // The win rate is the report's (app/core/report/preference.ts): one item per comparison from the
    // candidate's side, identical pairs (never sent to the judge) as ties, the report's seed.
    const perComparison = await sql<{ comparison_id: number; w: number; l: number; t: number; identical: boolean }>`
      select v.comparison_id,
             count(*) filter (where v.winner = case when sa.role = 'candidate' then 'a' else 'b' end) as w,
             count(*) filter (where v.winner = case when sa.role = 'candidate' then 'b' else 'a' end) as l,
             count(*) filter (where v.winner = 'tie' or v.winner is null) as t,
             false as identical
      from verdicts v join comparisons c on c.id = v.comparison_id
      join systems sa on sa.id = c.system_a_id join systems sb on sb.id = c.system_b_id
      where v.run_id = ${pairRun.id} and (sa.role = 'candidate' or sb.role = 'candidate')
      group by v.comparison_id`.execute(db);
    const identical = await sql<{ n: number }>`
      select count(*) as n
      from systems sa join systems sb on sb.eval_id = sa.eval_id and sb.role = 'baseline'
      join cases cs on cs.eval_id = sa.eval_id
      join outputs oa on oa.case_id = cs.id and oa.system_id = sa.id
      join outputs ob on ob.case_id = cs.id and ob.system_id = sb.id
      where sa.eval_id = ${evalId} and sa.role = 'candidate'
        and oa.error is null and ob.error is null and oa.text is not null and ob.text is not null
        and arbiter_trim(oa.text) = arbiter_trim(ob.text)`.execute(db);
    const items: PreferenceItem[] = perComparison.rows.map((x) => ({ key: `c${x.comparison_id}`, category: "", wins: num(x.w), losses: num(x.l), ties: num(x.t), both_bad: 0, identical: false }));
    for (let i = 0; i < num(identical.rows[0]?.n); i++) items.push({ key: `same${i}`, category: "", wins: 0, losses: 0, ties: 0, both_bad: 0, identical: true });
    const wr = preference(items, { seed: preferenceSeed(seed, "judge") });
    pairwise = {
      run_id: pairRun.id,
      model: String((pairRun.config as { model?: string }).model ?? ""),
      n: num(r.n),
      n_items: wr.n,
      n_identical: wr.n_identical,
      wins: wr.wins,
      losses: wr.losses,
      ties: wr.ties,
      win_rate: wr.win_rate,
      ci95_win_rate: wr.ci95_win_rate,
      mean_margin: r.mean_margin === null ? null : Number(r.mean_margin),
      position_consistency: num(r.n) ? num(r.consistent) / num(r.n) : null,
      inconsistent: num(r.n) - num(r.consistent),
    };
  }
  let faithfulness: JudgeFigures["faithfulness"] = null;
  if (faithRun) {
    const [bySystem, examples] = await Promise.all([
      sql<{ name: string; role: string; n: number; mean: number | null }>`
        select s.name, s.role, count(v.score) as n, avg(v.score) as mean
        from verdicts v join outputs o on o.id = v.output_id join systems s on s.id = o.system_id
        where v.run_id = ${faithRun.id} group by s.id, s.name, s.role order by s.role, s.name`.execute(db),
      sql<{ external_id: string; claim: string; reason: string }>`
        select c.external_id, u->>'claim' as claim, coalesce(u->>'reason', '') as reason
        from verdicts v join outputs o on o.id = v.output_id join systems s on s.id = o.system_id join cases c on c.id = v.case_id
        cross join lateral jsonb_array_elements(coalesce(v.detail->'unsupported', '[]'::jsonb)) as u
        where v.run_id = ${faithRun.id} and s.role = 'candidate'
        order by v.id limit 5`.execute(db),
    ]);
    faithfulness = {
      run_id: faithRun.id,
      model: String((faithRun.config as { model?: string }).model ?? ""),
      not_applicable: num((faithRun.config as { not_applicable?: number }).not_applicable),
      systems: bySystem.rows.map((s) => ({ name: s.name, role: s.role, n: num(s.n), mean: s.mean === null ? null : Number(s.mean) })),
      examples: examples.rows.map((e) => ({ case: e.external_id, claim: e.claim, reason: e.reason })),
    };
  }
  return { pairwise, faithfulness };
}

/** Pairwise verdicts and human judgments of an eval, for judge-human agreement. */
export async function loadJudgeHumanData(db: Kysely<Database>, evalId: number): Promise<{ verdicts: JudgeVerdictRecord[]; judgments: HumanJudgmentRecord[]; configs: Record<string, { model: string; prompt_version: string }> }> {
  const [verdicts, judgments, runs] = await Promise.all([
    db
      .selectFrom("verdicts")
      .select(["id", "comparison_id", "config_hash", "winner"])
      .where("eval_id", "=", evalId)
      .where("protocol", "=", "pairwise")
      .where("comparison_id", "is not", null)
      .execute(),
    db.selectFrom("judgments").select(["comparison_id", "outcome"]).where("eval_id", "=", evalId).execute(),
    db.selectFrom("judge_runs").select(["config_hash", "config", "prompt_version"]).where("eval_id", "=", evalId).where("protocol", "=", "pairwise").execute(),
  ]);
  const configs: Record<string, { model: string; prompt_version: string }> = {};
  for (const r of runs) configs[r.config_hash] = { model: String((r.config as { model?: string }).model ?? ""), prompt_version: r.prompt_version };
  return {
    verdicts: verdicts.map((v) => ({ id: v.id, comparison_id: v.comparison_id!, config_hash: v.config_hash, winner: v.winner })),
    judgments,
    configs,
  };
}

export async function latestProbeRun(db: Kysely<Database>, evalId: number) {
  const r = await db.selectFrom("judge_probe_runs").selectAll().where("eval_id", "=", evalId).orderBy("id", "desc").limit(1).executeTakeFirst();
  if (!r) return null;
  const cfg = r.config as { model?: string; base_url?: string };
  return {
    id: r.id,
    status: r.status,
    model: cfg.model ?? "",
    base_url: cfg.base_url ?? "",
    n: r.n,
    flipped: r.flipped,
    flip_rate: r.flip_rate === null ? null : Number(r.flip_rate),
    message: r.message,
    created_at: new Date(r.created_at).toISOString().slice(0, 19).replace("T", " "),
    probes: ((r.report as { probes?: unknown[] } | null)?.probes ?? []) as Array<{ id: string; technique: string; status: string; flipped?: boolean; kind?: string }>,
  };
}
