/**
 * MT-bench (lm-sys/FastChat, fastchat/llm_judge): one file may hold any of its row kinds, told
 * apart by their fields:
 * - questions {question_id, category, turns[], reference?[]} → multi-turn cases (the user turns);
 * - model answers {question_id, model_id, choices[0].turns[]} → multi-turn outputs of model_id;
 * - pairwise judgments, as the human-judgment release writes them {question_id, model_a, model_b,
 *   winner, judge, turn} or as gen_judgment.py writes them {question_id, model_1, model_2,
 *   g1_winner, g2_winner, judge, turn} → imported judgments (human judges: expert_*, author_*) or
 *   verdicts (the GPT-4 judge, `judge` a list such as ["gpt-4", "pair-v2"]).
 * gen_judgment's two orders are combined as FastChat's show_result.py does: the same winner in
 * both orders is that winner, anything else a tie.
 */
import { SMALLINT_MAX } from "../../schemas/bounded.ts";
import { isObject, jsonRecords, type FormatAdapter, type ImportItem, type VoteRecord } from "./types.ts";

export const mtBenchCaseId = (qid: unknown) => `mt-bench-${qid}`;

function winnerOf(w: unknown): VoteRecord["winner"] | null {
  if (w === "model_a" || w === "model_1") return 1;
  if (w === "model_b" || w === "model_2") return 2;
  if (typeof w === "string" && w.startsWith("tie")) return "tie";
  return null;
}

/** FastChat's judge field: "expert_17", "author_2", or ["gpt-4", "pair-v2"]. */
export function mtBenchJudge(judge: unknown): { rater: string; source: "human" | "judge" } | null {
  if (Array.isArray(judge) && judge.every((j) => typeof j === "string") && judge.length) return { rater: judge.join("/"), source: "judge" };
  if (typeof judge !== "string" || !judge) return null;
  return { rater: judge, source: /^(expert|author|human)/.test(judge) ? "human" : "judge" };
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === "string");

export const mtBench: FormatAdapter = {
  name: "mt-bench",
  describe: "MT-bench question.jsonl, model answers (model_id, choices[0].turns) and pairwise judgments (human or GPT-4)",
  async *read(path) {
    for await (const v of jsonRecords(path)) {
      if (v.kind === "error") {
        yield v;
        continue;
      }
      const r = v.value;
      const line = v.line;
      if (!isObject(r) || (typeof r.question_id !== "number" && typeof r.question_id !== "string")) {
        yield { kind: "error", line, field: "question_id", reason: "question_id is required" };
        continue;
      }
      const caseId = mtBenchCaseId(r.question_id);
      if ("choices" in r) {
        const turns = Array.isArray(r.choices) && isObject(r.choices[0]) ? r.choices[0].turns : undefined;
        if (typeof r.model_id !== "string" || !r.model_id) yield { kind: "error", line, field: "model_id", reason: "model_id is required in an answer" };
        else if (!strings(turns)) yield { kind: "error", line, field: "choices.0.turns", reason: "an answer needs choices[0].turns, a list of strings" };
        else yield { kind: "output", line, record: { case_id: caseId, system: r.model_id, text: turns[turns.length - 1] }, turns };
      } else if ("winner" in r || "g1_winner" in r) {
        const judge = mtBenchJudge(r.judge);
        const a = r.model_a ?? r.model_1;
        const b = r.model_b ?? r.model_2;
        let winner: VoteRecord["winner"] | null;
        if ("winner" in r) winner = winnerOf(r.winner);
        else {
          const g1 = winnerOf(r.g1_winner);
          const g2 = winnerOf(r.g2_winner);
          winner = g1 === null || g2 === null ? null : g1 === g2 ? g1 : "tie";
        }
        const turn = r.turn === undefined ? 1 : Number(r.turn);
        const problems: ImportItem[] = [];
        if (typeof a !== "string" || typeof b !== "string") problems.push({ kind: "error", line, field: "model_a", reason: "a judgment needs model_a and model_b (or model_1 and model_2)" });
        if (winner === null) problems.push({ kind: "error", line, field: "winner" in r ? "winner" : "g1_winner", reason: `winner must be model_a, model_b or tie, found ${JSON.stringify(r.winner ?? r.g1_winner)}` });
        if (!judge) problems.push({ kind: "error", line, field: "judge", reason: "judge is required (a name such as expert_17, or a list such as [\"gpt-4\", \"pair-v2\"])" });
        // judgments.turn is a smallint: a larger turn is refused here, not a 500 from the database.
        if (!Number.isInteger(turn) || turn < 1 || turn > SMALLINT_MAX) problems.push({ kind: "error", line, field: "turn", reason: `turn must be 1, 2, … up to ${SMALLINT_MAX}` });
        if (problems.length) {
          yield* problems;
          continue;
        }
        yield { kind: "vote", line, vote: { case_id: caseId, system_1: a as string, system_2: b as string, winner: winner!, source: judge!.source, rater: judge!.rater, turn } };
      } else if ("turns" in r) {
        if (!strings(r.turns)) {
          yield { kind: "error", line, field: "turns", reason: "turns must be a list of strings" };
          continue;
        }
        const reference = strings(r.reference) ? r.reference.join("\n\n") : typeof r.reference === "string" ? r.reference : undefined;
        yield {
          kind: "case",
          line,
          record: {
            id: caseId,
            input: r.turns.length === 1 ? r.turns[0] : r.turns.map((content) => ({ role: "user", content })),
            ...(reference ? { reference } : {}),
            category: typeof r.category === "string" && r.category ? r.category : "mt_bench",
            suite: "mt_bench",
            shape: "open",
          },
        };
      } else {
        yield { kind: "error", line, field: null, reason: "not an MT-bench question (turns), answer (choices) or judgment (winner)" };
      }
    }
  },
};
