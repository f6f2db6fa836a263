/**
 * The full go/no-go report on Postgres (issue 9 §9): an eval with 100,000 cases, 200,000 outputs,
 * 1,000,000 human judgments and 200,000 judge verdicts, bulk-loaded with INSERT … SELECT
 * generate_series into a fresh database (dropped after). Timed: loading the evidence and computing
 * the report (median of several runs); target < 5 s, peak RSS < 1 GB.
 * Base URL: DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { sql, type Kysely } from "kysely";
import { connect } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { savePack } from "../../db/packs.ts";
import type { Database } from "../../db/types.ts";
import { computeReportBody } from "../../app/services/report.server.ts";
import { createPostgresDatabase } from "../../tests/support/db.ts";
import { formatMeasurement, measure, type Bench } from "./harness.ts";

const N_CASES = 100_000;
const ANNOTATORS = 10;

export async function load(db: Kysely<Database>): Promise<number> {
  const ev = await db.insertInto("evals").values({ name: "bench-report", seed: 99, criteria: JSON.stringify(["correctness"]) }).returning("id").executeTakeFirstOrThrow();
  const e = ev.id;
  await sql`insert into systems (eval_id, name, role) values (${e}, 'candidate', 'candidate'), (${e}, 'baseline', 'baseline')`.execute(db);
  const [cand, base] = (await db.selectFrom("systems").select("id").where("eval_id", "=", e).orderBy("id").execute()).map((r) => r.id);
  for (let k = 0; k < ANNOTATORS; k++) {
    await sql`insert into users (email, name, role, password_hash) values (${`bench${k}@x.test`}, ${`Bench ${k}`}, 'annotator', 'x')`.execute(db);
  }
  const users = (await db.selectFrom("users").select("id").where("email", "like", "bench%").orderBy("id").execute()).map((r) => r.id);
  await sql`
    insert into cases (eval_id, external_id, input, reference, category, suite, shape, tags, assertions)
    select ${e}, 'c' || i, to_jsonb('Question number ' || i || ': what is the label?'), 'label' || (i % 7),
           (array['simple','edge_case','adversarial'])[1 + i % 3], case when i % 4 = 0 then 'general' else 'target' end,
           case when i % 2 = 0 then 'qa' else 'classification' end,
           jsonb_build_array('tag' || (i % 20)),
           jsonb_build_array(jsonb_build_object('type', 'equals', 'value', 'label' || (i % 7)), jsonb_build_object('type', 'max_latency_ms', 'value', 2000))
    from generate_series(1, ${N_CASES}) as i`.execute(db);
  await sql`
    insert into outputs (case_id, system_id, text, latency_ms, source)
    select c.id, s.sys,
           case when (hashtext(c.external_id || s.sys) & 1023) < (case when s.sys = ${cand} then 830 else 680 end) then c.reference else 'label' || ((c.id + 3) % 7) end,
           200 + (hashtext(c.external_id || 'l' || s.sys) & 2047) * (case when s.sys = ${cand} then 1 else 2 end) / 2,
           'import'
    from cases c cross join (values (${cand}::int), (${base}::int)) as s(sys)
    where c.eval_id = ${e}`.execute(db);
  await sql`
    insert into comparisons (eval_id, case_id, system_a_id, system_b_id, target_k)
    select ${e}, id, ${cand}, ${base}, ${ANNOTATORS} from cases where eval_id = ${e}`.execute(db);
  await sql`
    insert into tasks (eval_id, comparison_id, slot, candidate_left, status, annotator_id)
    select ${e}, c.id, k, (k % 2 = 0), 'done', (${sql.val(users)}::int[])[k + 1]
    from comparisons c cross join generate_series(0, ${ANNOTATORS - 1}) as k where c.eval_id = ${e}`.execute(db);
  await sql`
    insert into judgments (task_id, eval_id, comparison_id, annotator_id, choice, outcome, candidate_left, ratings, reason)
    select t.id, ${e}, t.comparison_id, t.annotator_id, 'left',
           o.outcome, t.candidate_left, '{}'::jsonb,
           case when o.outcome = 'b' then (array['too terse and vague','wrong policy cited','ignored the question','hallucinated an order number'])[1 + (t.comparison_id % 4)] else null end
    from tasks t cross join lateral (select case
             when (hashtext(t.id::text) & 1023) < 520 then 'a'
             when (hashtext(t.id::text) & 1023) < 800 then 'b'
             when (hashtext(t.id::text) & 1023) < 950 then 'tie' else 'both_bad' end as outcome) o
    where t.eval_id = ${e}`.execute(db);
  const run = await sql<{ id: number }>`insert into judge_runs (eval_id, protocol, config, config_hash, prompt_version) values (${e}, 'pairwise', '{}'::jsonb, 'h', 'pairwise-v1') returning id`.execute(db);
  const frun = await sql<{ id: number }>`insert into judge_runs (eval_id, protocol, config, config_hash, prompt_version) values (${e}, 'faithfulness', '{}'::jsonb, 'h', 'faithfulness-v1') returning id`.execute(db);
  const r = run.rows[0].id;
  const fr = frun.rows[0].id;
  await sql`insert into judge_jobs (run_id, comparison_id, status) select ${r}, id, 'done' from comparisons where eval_id = ${e}`.execute(db);
  await sql`
    insert into verdicts (job_id, run_id, eval_id, protocol, comparison_id, case_id, winner, margin, position_consistent, detail, prompt_version, config_hash)
    select j.id, ${r}, ${e}, 'pairwise', j.comparison_id, c.case_id,
           (array['a','a','b','tie'])[1 + (j.id % 4)], 0.5, (j.id % 10) <> 0,
           case when j.id % 4 = 2 then '{"reason":"baseline cites the policy correctly"}'::jsonb else '{}'::jsonb end, 'pairwise-v1', 'h'
    from judge_jobs j join comparisons c on c.id = j.comparison_id where j.run_id = ${r}`.execute(db);
  await sql`insert into judge_jobs (run_id, output_id, status) select ${fr}, o.id, 'done' from outputs o join cases c on c.id = o.case_id where c.eval_id = ${e} and o.system_id = ${cand}`.execute(db);
  await sql`
    insert into verdicts (job_id, run_id, eval_id, protocol, output_id, case_id, score, detail, prompt_version, config_hash)
    select j.id, ${fr}, ${e}, 'faithfulness', j.output_id, o.case_id, ((j.id % 5) + 5) / 10.0, '{}'::jsonb, 'faithfulness-v1', 'h'
    from judge_jobs j join outputs o on o.id = j.output_id where j.run_id = ${fr}`.execute(db);
  await savePack(
    db,
    e,
    {
      name: "bench",
      regression_threshold: 0.05,
      gates: [
        { id: "target_improvement", metric: "assertion_pass_rate", scope: { suite: "target" }, mode: "delta", comparator: ">=", threshold: 0.05, min_n: 20, decide_on: "bound" },
        { id: "general_regression", metric: "assertion_pass_rate", scope: { suite: "general" }, mode: "delta", comparator: ">=", threshold: -0.05, min_n: 20, decide_on: "point" },
        { id: "exact_match", metric: "exact_match", scope: "all", mode: "value", comparator: ">=", threshold: 0.8, min_n: 20, decide_on: "bound" },
        { id: "latency_p99", metric: "latency_p99", scope: "all", mode: "ratio", comparator: "<=", threshold: 2, min_n: 30, decide_on: "bound" },
        { id: "human_preference", metric: "human_win_rate", scope: "all", mode: "value", comparator: ">=", threshold: 0.6, min_n: 30, decide_on: "bound" },
        { id: "judge_preference", metric: "judge_win_rate", scope: "all", mode: "value", comparator: ">=", threshold: 0.5, min_n: 30, decide_on: "bound" },
        { id: "faithfulness", metric: "judge_faithfulness", scope: "all", mode: "value", comparator: ">=", threshold: 0.6, min_n: 30, decide_on: "bound" },
        { id: "agreement", metric: "human_agreement_alpha", scope: "all", mode: "value", comparator: ">=", threshold: 0.0, min_n: 30, decide_on: "point" },
        { id: "adversarial", metric: "assertion_pass_rate", scope: { category: "adversarial" }, mode: "value", comparator: ">=", threshold: 0.9, min_n: 10, decide_on: "point" },
      ],
    },
    { actorId: null, format: "json" },
  );
  await sql`analyze`.execute(db);
  return e;
}

const bench: Bench = {
  name: "go/no-go report on Postgres",
  async run() {
    const lines: string[] = [];
    const base = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
    const fresh = await createPostgresDatabase(base);
    const handle = await connect({ databaseUrl: fresh.url, poolSize: 10 });
    try {
      await migrateToLatest(handle.db);
      const t0 = performance.now();
      const evalId = await load(handle.db);
      const counts = await sql<{ cases: number; outputs: number; judgments: number; verdicts: number }>`
        select (select count(*) from cases) as cases, (select count(*) from outputs) as outputs,
               (select count(*) from judgments) as judgments, (select count(*) from verdicts) as verdicts`.execute(handle.db);
      const c = counts.rows[0];
      lines.push(`loaded ${c.cases} cases, ${c.outputs} outputs, ${c.judgments} judgments, ${c.verdicts} verdicts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const rssBefore = process.memoryUsage().rss;
      let decision = "";
      const m = await measure("full report (load evidence + compute)", async () => {
        const body = await computeReportBody(handle.db, evalId);
        decision = `${body.decision}: ${body.gates.map((g) => `${g.id}=${g.status}`).join(", ")}`;
      }, { runs: 3, warmup: 1 });
      const peakMb = process.resourceUsage().maxRSS / 1024;
      lines.push(formatMeasurement(m, 5000));
      lines.push(`peak RSS ${peakMb.toFixed(0)} MB (target < 1024 MB: ${peakMb < 1024 ? "met" : "MISSED"}); RSS before timing ${(rssBefore / 2 ** 20).toFixed(0)} MB`);
      lines.push(`decision ${decision}`);
      return { name: "report", lines, targetsMet: m.medianMs < 5000 && peakMb < 1024 };
    } finally {
      await handle.close();
      await fresh.drop();
    }
  },
};

export default bench;
