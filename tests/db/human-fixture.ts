/** A small eval with a candidate, a baseline, outputs and annotators, for the human-queue tests. */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types.ts";

export interface HumanFixture {
  evalId: number;
  candidateId: number;
  baselineId: number;
  annotators: number[];
  leadId: number;
}

export async function makeHumanFixture(
  db: Kysely<Database>,
  { cases, annotators, name = `human-${Math.random().toString(36).slice(2, 8)}` }: { cases: number; annotators: number; name?: string },
): Promise<HumanFixture> {
  const lead = await db
    .insertInto("users")
    .values({ email: `${name}-lead@x.test`, name: "Lead", role: "lead", password_hash: "x" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ann = await sql<{ id: number }>`
    insert into users (email, name, role, password_hash)
    select ${name} || '-a' || g || '@x.test', 'Annotator ' || g, 'annotator', 'x' from generate_series(1, ${annotators}) g
    returning id`.execute(db);
  const ev = await db
    .insertInto("evals")
    .values({ name, seed: 42, criteria: JSON.stringify(["correctness", "helpfulness"]), created_by: lead.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [cand, base] = await db
    .insertInto("systems")
    .values([
      { eval_id: ev.id, name: "cand-sys", role: "candidate" },
      { eval_id: ev.id, name: "base-sys", role: "baseline" },
    ])
    .returning("id")
    .execute();
  await sql`
    insert into cases (eval_id, external_id, input, context, reference, category, suite, shape, tags, assertions)
    select ${ev.id}, 'c' || g, to_jsonb('prompt ' || g), null, case when g % 5 = 0 then 'answer ' || g else null end,
      case when g % 2 = 0 then 'simple' else 'edge_case' end, 'target', 'open', '[]'::jsonb, '[]'::jsonb
    from generate_series(1, ${cases}) g`.execute(db);
  await sql`
    insert into outputs (case_id, system_id, text, source)
    select c.id, s.id, case when s.id = ${cand.id} then 'answer ' || substr(c.external_id, 2) else 'other ' || c.external_id end, 'import'
    from cases c cross join systems s where c.eval_id = ${ev.id} and s.eval_id = ${ev.id}`.execute(db);
  return { evalId: ev.id, candidateId: cand.id, baselineId: base.id, annotators: ann.rows.map((r) => r.id), leadId: lead.id };
}
