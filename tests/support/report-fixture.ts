/**
 * Small evals for report tests: n QA cases with an `equals` assertion, a candidate and a baseline
 * whose answers are right for the first `candidateRight` / `baselineRight` cases, and a pack.
 */
import type { Kysely } from "kysely";
import type { Pack } from "../../app/schemas/pack.ts";
import { savePack } from "../../db/packs.ts";
import type { Database } from "../../db/types.ts";

export interface FixtureOptions {
  name: string;
  n: number;
  candidateRight: number;
  baselineRight: number;
  gates: Pack["gates"];
  seed?: number;
}

export async function createReportFixture(db: Kysely<Database>, o: FixtureOptions): Promise<{ evalId: number; candidateId: number; baselineId: number; caseIds: number[] }> {
  const ev = await db
    .insertInto("evals")
    .values({ name: o.name, seed: o.seed ?? 42, criteria: JSON.stringify(["correctness"]) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [cand, base] = await db
    .insertInto("systems")
    .values([
      { eval_id: ev.id, name: "ft", role: "candidate" },
      { eval_id: ev.id, name: "base", role: "baseline" },
    ])
    .returning("id")
    .execute();
  const cases = await db
    .insertInto("cases")
    .values(
      Array.from({ length: o.n }, (_, i) => ({
        eval_id: ev.id,
        external_id: `q${String(i).padStart(3, "0")}`,
        input: JSON.stringify(`What is ${i} + 1?`),
        reference: String(i + 1),
        category: i % 2 ? "simple" : "edge_case",
        suite: "target",
        shape: "qa",
        tags: JSON.stringify(["arithmetic"]),
        assertions: JSON.stringify([{ type: "equals", value: String(i + 1) }]),
      })),
    )
    .returning("id")
    .execute();
  await db
    .insertInto("outputs")
    .values(
      cases.flatMap((c, i) => [
        { case_id: c.id, system_id: cand.id, text: i < o.candidateRight ? String(i + 1) : "no idea", latency_ms: 100 + i, source: "import" as const },
        { case_id: c.id, system_id: base.id, text: i < o.baselineRight ? String(i + 1) : "dunno", latency_ms: 200 + i, source: "import" as const },
      ]),
    )
    .execute();
  await savePack(db, ev.id, { name: `${o.name}-pack`, regression_threshold: 0.05, gates: o.gates }, { actorId: null, format: "json" });
  return { evalId: ev.id, candidateId: cand.id, baselineId: base.id, caseIds: cases.map((c) => c.id) };
}

export const PASS_RATE_GATE = (threshold: number): Pack["gates"][number] => ({
  id: "pass_rate",
  metric: "assertion_pass_rate",
  scope: "all",
  mode: "value",
  comparator: ">=",
  threshold,
  min_n: 10,
  decide_on: "point",
});
