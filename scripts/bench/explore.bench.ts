/**
 * The evidence explorer on Postgres at 100,000 cases (issue 15 item 1): the report bench's eval
 * (100,000 cases, 200,000 outputs, 1,000,000 judgments, 100,000 pairwise verdicts) plus 500 open
 * flags. Timed: the first build of the explorer's index, the no-change check every page load makes,
 * an incremental refresh after new judgments, and pages (refresh check + filtered keyset page +
 * the page's full evidence + the filter bar's facets) over twelve filter sets, first and deep
 * pages. Target: p95 of a page < 300 ms.
 */
import { sql } from "kysely";
import { connect } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import { refreshExplore } from "../../db/explore.ts";
import { explorerData } from "../../app/services/explore.server.ts";
import type { ExploreFilters } from "../../app/core/explore/filters.ts";
import { createPostgresDatabase } from "../../tests/support/db.ts";
import { load } from "./report.bench.ts";
import { median, type Bench } from "./harness.ts";

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)];

const bench: Bench = {
  name: "evidence explorer on Postgres, 100,000 cases",
  async run() {
    const lines: string[] = [];
    const base = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
    const fresh = await createPostgresDatabase(base);
    const handle = await connect({ databaseUrl: fresh.url, poolSize: 10 });
    const db = handle.db;
    try {
      await migrateToLatest(db);
      let t0 = performance.now();
      const evalId = await load(db);
      // 500 flags on 500 comparisons, by the bench annotators.
      await sql`insert into task_skips (comparison_id, annotator_id, kind, reason)
                select c.id, (select min(id) from users where email like 'bench%'), 'flag', 'reference looks wrong'
                from comparisons c where c.eval_id = ${evalId} and c.id % 200 = 0`.execute(db);
      lines.push(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      t0 = performance.now();
      const built = await refreshExplore(db, evalId);
      lines.push(`first index build: ${built} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s (once per eval; later changes rebuild only the cases they touch)`);
      await sql`analyze explore_rows`.execute(db);
      await sql`analyze explore_search`.execute(db);
      const checks: number[] = [];
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        await refreshExplore(db, evalId);
        checks.push(performance.now() - t);
      }
      lines.push(`no-change check on every page load: median ${median(checks).toFixed(1)} ms`);
      // Ten new judgments on ten comparisons: an incremental refresh of ten cases.
      const tasks = await sql<{ id: string; comparison_id: number; annotator_id: number }>`
        select t.id, t.comparison_id, t.annotator_id from tasks t where t.eval_id = ${evalId} order by t.id limit 10`.execute(db);
      await sql`delete from judgments where task_id = any(${sql.val(tasks.rows.map((t) => t.id))}::uuid[])`.execute(db);
      await refreshExplore(db, evalId).then((n) => lines.push(`after deleting 10 judgments: ${n} cases recomputed`));
      await sql`insert into judgments (task_id, eval_id, comparison_id, annotator_id, choice, outcome, candidate_left, ratings)
                select t.id, ${evalId}, t.comparison_id, t.annotator_id, 'right', 'b', true, '{}'::jsonb from tasks t where t.id = any(${sql.val(tasks.rows.map((t) => t.id))}::uuid[])`.execute(db);
      t0 = performance.now();
      const inc = await refreshExplore(db, evalId);
      lines.push(`incremental refresh after 10 new judgments: ${inc} cases in ${(performance.now() - t0).toFixed(0)} ms`);

      const sets: [string, ExploreFilters, number | undefined][] = [
        ["all, first page", {}, undefined],
        ["all, deep page (after case 90,000)", {}, 90_000],
        ["suite + category", { suite: "target", category: "adversarial" }, undefined],
        ["tag", { tag: "tag7" }, undefined],
        ["candidate assertions fail", { assert: "fail" }, undefined],
        ["human loss", { human: "loss" }, undefined],
        ["judge loss + human win", { judge: "loss", human: "win" }, undefined],
        ["human/judge disagree, deep", { disagree: true }, 50_000],
        ["flagged", { flagged: true }, undefined],
        ["search: common word", { q: "question" }, undefined],
        ["search: rare phrase", { q: '"number 77777"' }, undefined],
        ["search + filter", { q: "label", assert: "fail", suite: "general" }, undefined],
      ];
      const all: number[] = [];
      const caseIds = await sql<{ min: number }>`select min(id) as min from cases where eval_id = ${evalId}`.execute(db);
      const offset = Number(caseIds.rows[0].min) - 1;
      for (const [name, f, after] of sets) {
        const times: number[] = [];
        let n = 0;
        for (let i = 0; i < 8; i++) {
          const t = performance.now();
          const r = await explorerData(db, evalId, f, { after: after === undefined ? undefined : after + offset, limit: 25 });
          times.push(performance.now() - t);
          n = r.cases.length;
        }
        all.push(...times.slice(1));
        lines.push(`${name}: median ${median(times.slice(1)).toFixed(1)} ms, p95 ${p95(times.slice(1)).toFixed(1)} ms (${n} cases on the page)`);
      }
      const p = p95(all);
      lines.push(`every page: p95 ${p.toFixed(1)} ms over ${all.length} loads (target < 300 ms: ${p < 300 ? "met" : "MISSED"})`);
      return { name: "explore", lines, targetsMet: p < 300 };
    } finally {
      await handle.close();
      await fresh.drop();
    }
  },
};

export default bench;
