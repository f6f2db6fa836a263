/**
 * Side predictability (issue 13 item 4, DESIGN rule 3): 100 annotators x 200 tasks each through
 * the real claim and submit functions (migration 0008) on a fresh Postgres database (or PGlite
 * when BENCH_SIDES_PGLITE=1), annotators interleaved in a seeded random order, 10 at a time. Then
 * the best of several guessers (app/core/side-predictability.ts) predicts each annotator's next
 * side from the sides they saw so far.
 * Targets: best guesser's hit rate <= 0.60 (theory for a bound of 3: 7/12 = 0.583), every
 * annotator's final imbalance <= 3 (and at every step), every comparison floor/ceil(k/2).
 */
import { sql } from "kysely";
import { IMBALANCE_BOUND, comparisonBalanced, shuffleInPlace } from "../../app/core/position-balance.ts";
import { bigStickHitRate, sidePredictability } from "../../app/core/side-predictability.ts";
import { createRng } from "../../app/core/stats/rng.ts";
import { claimNextTask } from "../../db/claim-task.ts";
import { openForJudging } from "../../db/comparisons.ts";
import { submitJudgment } from "../../db/submit-judgment.ts";
import { pgliteBackend, postgresBackend } from "../../tests/support/db.ts";
import type { Bench } from "./harness.ts";

const ANNOTATORS = 100;
const TASKS_EACH = Number(process.env.BENCH_SIDES_TASKS ?? 200);
const K = 3;
const CONCURRENCY = 10;

const bench: Bench = {
  name: `side predictability: ${ANNOTATORS} annotators × ${TASKS_EACH} tasks, k=${K}, real claim function`,
  async run() {
    const backend = process.env.BENCH_SIDES_PGLITE === "1" ? pgliteBackend : postgresBackend(process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
    const t = await backend.create();
    const db = t.db;
    try {
      const comparisons = Math.ceil((ANNOTATORS * TASKS_EACH * 1.2) / K);
      const ev = await db.insertInto("evals").values({ name: "bench-sides", seed: 11, criteria: JSON.stringify([]), created_by: null }).returning("id").executeTakeFirstOrThrow();
      const [a, b] = await db.insertInto("systems").values([{ eval_id: ev.id, name: "sys-a", role: "candidate" }, { eval_id: ev.id, name: "sys-b", role: "baseline" }]).returning("id").execute();
      await sql`insert into cases (eval_id, external_id, input, category, suite, shape, tags, assertions)
        select ${ev.id}, 'c' || g, to_jsonb('Q' || g), 'simple', 'target', 'qa', '[]'::jsonb, '[]'::jsonb from generate_series(1, ${comparisons}) g`.execute(db);
      await sql`insert into outputs (case_id, system_id, text, source)
        select c.id, s.id, 'answer ' || s.id || ' ' || c.id, 'import' from cases c cross join (values (${a.id}::int), (${b.id}::int)) s(id) where c.eval_id = ${ev.id}`.execute(db);
      await openForJudging(db, ev.id, { k: K, actorId: null });
      const users = await sql<{ id: number }>`insert into users (email, name, role, password_hash)
        select 'sides' || g || '@x.test', 'A' || g, 'annotator', 'x' from generate_series(1, ${ANNOTATORS}) g returning id`.execute(db);
      const ids = users.rows.map((r) => r.id);
      // Fresh tables have no statistics: without them the claim's plan sorts every open row.
      await sql`analyze`.execute(db);

      const rng = createRng("bench-sides");
      const t0 = performance.now();
      let empty = 0;
      for (let round = 0; round < TASKS_EACH; round++) {
        const order = shuffleInPlace(ids.slice(), rng);
        for (let i = 0; i < order.length; i += CONCURRENCY) {
          await Promise.all(
            order.slice(i, i + CONCURRENCY).map(async (id) => {
              const task = await claimNextTask(db, ev.id, id);
              if (!task) return void empty++;
              const r = await submitJudgment(db, task.task_id, id, { choice: "tie", ratings: {} });
              if (r.status !== 201) throw new Error(`submit answered ${r.status}`);
            }),
          );
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      const seqs = await sql<{ sides: boolean[] }>`
        select array_agg(candidate_left order by id) as sides from judgments where eval_id = ${ev.id} group by annotator_id`.execute(db);
      const p = sidePredictability(seqs.rows.map((r) => r.sides), IMBALANCE_BOUND);
      const per = await sql<{ n: number; lefts: number }>`
        select count(j.id) as n, count(j.id) filter (where j.candidate_left) as lefts
        from comparisons c left join judgments j on j.comparison_id = c.id where c.eval_id = ${ev.id} group by c.id`.execute(db);
      const perOk = per.rows.every((r) => comparisonBalanced(K, Number(r.lefts), Number(r.n)));
      const judged = seqs.rows.reduce((s, r) => s + r.sides.length, 0);
      const hitOk = p.best.hitRate <= 0.6;
      const balOk = p.maxFinalImbalance <= IMBALANCE_BOUND && p.maxImbalance <= IMBALANCE_BOUND;
      return {
        name: bench.name,
        lines: [
          `${t.kind}: ${judged.toLocaleString("en")} judgments by ${seqs.rows.length} annotators in ${seconds.toFixed(1)} s (${empty} empty claims)`,
          `next-side hit rate over ${p.predictions.toLocaleString("en")} predictions: ${Object.entries(p.hitRates).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", ")}`,
          `best guesser: ${p.best.guesser} ${p.best.hitRate.toFixed(3)} (target <= 0.60: ${hitOk ? "met" : "MISSED"}; theory ${bigStickHitRate(IMBALANCE_BOUND).toFixed(3)})`,
          `imbalance: max at any step ${p.maxImbalance}, max final ${p.maxFinalImbalance} (target <= ${IMBALANCE_BOUND}: ${balOk ? "met" : "MISSED"})`,
          `comparisons with floor/ceil(k/2) on the left: ${perOk ? "all" : "NOT ALL"} of ${per.rows.length}`,
        ],
        targetsMet: hitOk && balOk && perOk && judged === ANNOTATORS * TASKS_EACH,
      };
    } finally {
      await t.close();
    }
  },
};

export default bench;
