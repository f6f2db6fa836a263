/** Rows of an eval's judgments and verdicts, read in id order in batches (keyset), for streamed exports. */
import type { Kysely } from "kysely";
import type { Database } from "./types.ts";

export const EXPORT_BATCH = 5000;

export async function* judgmentRows(db: Kysely<Database>, evalId: number): AsyncGenerator<Record<string, unknown>> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("judgments as j")
      .innerJoin("comparisons as c", "c.id", "j.comparison_id")
      .innerJoin("cases as k", "k.id", "c.case_id")
      .innerJoin("systems as sa", "sa.id", "c.system_a_id")
      .innerJoin("systems as sb", "sb.id", "c.system_b_id")
      .innerJoin("users as u", "u.id", "j.annotator_id")
      .select([
        "j.id", "j.comparison_id", "k.external_id as case_id", "k.category", "k.suite", "sa.name as system_a", "sb.name as system_b",
        "j.annotator_id", "u.email as annotator", "j.choice", "j.outcome", "j.candidate_left", "j.ratings", "j.reason", "j.time_ms", "j.created_at",
      ])
      .where("j.eval_id", "=", evalId)
      .where("j.id", ">", after)
      .orderBy("j.id")
      .limit(EXPORT_BATCH)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      const winner = r.outcome === "a" ? r.system_a : r.outcome === "b" ? r.system_b : r.outcome;
      yield { ...r, winner, created_at: new Date(r.created_at).toISOString() };
    }
    after = rows[rows.length - 1].id;
  }
}

export async function* verdictRows(db: Kysely<Database>, evalId: number): AsyncGenerator<Record<string, unknown>> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("verdicts as v")
      .innerJoin("cases as k", "k.id", "v.case_id")
      .leftJoin("outputs as o", "o.id", "v.output_id")
      .leftJoin("systems as so", "so.id", "o.system_id")
      .leftJoin("comparisons as c", "c.id", "v.comparison_id")
      .leftJoin("systems as sa", "sa.id", "c.system_a_id")
      .leftJoin("systems as sb", "sb.id", "c.system_b_id")
      .select([
        "v.id", "v.run_id", "v.protocol", "v.comparison_id", "v.output_id", "k.external_id as case_id", "k.category", "so.name as system",
        "sa.name as system_a", "sb.name as system_b", "v.winner", "v.margin", "v.position_consistent", "v.score", "v.passed",
        "v.prompt_version", "v.config_hash", "v.detail", "v.created_at",
      ])
      .where("v.eval_id", "=", evalId)
      .where("v.id", ">", after)
      .orderBy("v.id")
      .limit(EXPORT_BATCH)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) yield { ...r, created_at: new Date(r.created_at).toISOString() };
    after = rows[rows.length - 1].id;
  }
}

/** Case fields and both systems' outputs for a set of cases (a failure cluster's rows). */
export async function clusterRows(db: Kysely<Database>, evalId: number, caseIds: number[], systemIds: { candidate: number | null; baseline: number | null }) {
  if (caseIds.length === 0) return [];
  const cases = await db
    .selectFrom("cases")
    .select(["id", "external_id", "input", "context", "reference", "category", "suite", "shape", "tags", "assertions"])
    .where("eval_id", "=", evalId)
    .where("id", "in", caseIds)
    .orderBy("external_id")
    .execute();
  const ids = [systemIds.candidate, systemIds.baseline].filter((x): x is number => x !== null);
  const outputs = ids.length
    ? await db.selectFrom("outputs").select(["case_id", "system_id", "text", "error", "latency_ms"]).where("case_id", "in", caseIds).where("system_id", "in", ids).execute()
    : [];
  return cases.map((c) => {
    const out = (sid: number | null) => {
      const o = outputs.find((x) => x.case_id === c.id && x.system_id === sid);
      return o ? { text: o.text, error: o.error, latency_ms: o.latency_ms } : null;
    };
    return { id: c.external_id, input: c.input, context: c.context, reference: c.reference, category: c.category, suite: c.suite, shape: c.shape, tags: c.tags, assertions: c.assertions, candidate_output: out(systemIds.candidate), baseline_output: out(systemIds.baseline) };
  });
}
