/**
 * An eval for the LLM-judge tests and bench: a candidate whose outputs carry a "#c" mark, a
 * baseline, cases with a context (every third has none, so faithfulness says "not applicable"),
 * and every fourth case with an llm_rubric assertion; plus a stub responder that plays a
 * consistent judge for every protocol (it prefers the "#c" output in either order).
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { fencedText, type ChatRequestBody, type StubAnswer } from "./openai-stub.ts";

export interface JudgeFixture {
  evalId: number;
  name: string;
  candidateId: number;
  baselineId: number;
  cases: number;
}

export async function makeJudgeFixture(db: Kysely<Database>, { cases, name = `judge-${Math.random().toString(36).slice(2, 8)}`, pack = true }: { cases: number; name?: string; pack?: boolean }): Promise<JudgeFixture> {
  const ev = await db
    .insertInto("evals")
    .values({ name, seed: 7, overlap_k: 3, criteria: JSON.stringify(["correctness"]), created_by: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [cand, base] = await db
    .insertInto("systems")
    .values([
      { eval_id: ev.id, name: "cand", role: "candidate" },
      { eval_id: ev.id, name: "base", role: "baseline" },
    ])
    .returning("id")
    .execute();
  await sql`
    insert into cases (eval_id, external_id, input, context, reference, category, suite, shape, tags, assertions)
    select ${ev.id}, 'c' || g, to_jsonb('question ' || g), case when g % 3 = 0 then null else 'source passage ' || g end, null,
      case when g % 2 = 0 then 'simple' else 'edge_case' end, 'target', 'qa', '[]'::jsonb,
      case when g % 4 = 0 then '[{"type": "contains", "value": "a"}, {"type": "llm_rubric", "rubric": "is polite"}]'::jsonb else '[]'::jsonb end
    from generate_series(1, ${cases}) g`.execute(db);
  await sql`
    insert into outputs (case_id, system_id, text, source)
    select c.id, s.id, case when s.id = ${cand.id} then '#c candidate answer to ' || c.external_id else 'baseline answer to ' || c.external_id end, 'import'
    from cases c cross join systems s where c.eval_id = ${ev.id} and s.eval_id = ${ev.id}`.execute(db);
  if (pack) {
    await db
      .insertInto("pack_versions")
      .values({ eval_id: ev.id, version: 1, body: JSON.stringify({ name: "p", metrics: [], gates: [] }), content_hash: "x", created_by: null })
      .execute();
  }
  return { evalId: ev.id, name, candidateId: cand.id, baselineId: base.id, cases };
}

/** Which judge step a request is, from the fences its prompt uses. */
export function judgeStep(body: ChatRequestBody | undefined): "pairwise" | "claims" | "verify" | "rubric" | "other" {
  if (fencedText(body, "OUTPUT_A") !== undefined) return "pairwise";
  if (fencedText(body, "CLAIMS") !== undefined) return "verify";
  if (fencedText(body, "RUBRIC") !== undefined) return "rubric";
  if (fencedText(body, "OUTPUT") !== undefined) return "claims";
  return "other";
}

/** A consistent, well-behaved judge for every protocol. */
export function judgeResponder(body: ChatRequestBody): StubAnswer {
  const usage = { prompt_tokens: 80, completion_tokens: 20 };
  switch (judgeStep(body)) {
    case "pairwise":
      return { content: JSON.stringify({ verdict: fencedText(body, "OUTPUT_A")!.includes("#c") ? "A>B" : "B>A", reason: "stub prefers the marked answer" }), usage };
    case "claims":
      return { content: JSON.stringify({ claims: ["the answer names the case", "the answer cites a page"] }), usage };
    case "verify": {
      const n = fencedText(body, "CLAIMS")!.split("\n").filter((l) => /^\d+\./.test(l)).length;
      const results = Array.from({ length: n }, (_, i) => ({ claim: i + 1, supported: i === 0, reason: i === 0 ? "in the source" : "no page in the source" }));
      return { content: JSON.stringify({ results }), usage };
    }
    case "rubric":
      return { content: JSON.stringify({ pass: true, reason: "polite enough" }), usage };
    default:
      return { content: "{}", usage };
  }
}

/** The case a judge request is about ("question 7" → 7), from its PROMPT fence. */
export function caseNumber(body: ChatRequestBody | undefined): number | undefined {
  const m = /question (\d+)/.exec(fencedText(body, "PROMPT") ?? "");
  return m ? Number(m[1]) : undefined;
}
