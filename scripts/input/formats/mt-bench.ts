/**
 * FastChat's MT-bench pairwise judgments (fastchat/llm_judge: gpt4_pair_judgments and the human
 * judgments): a JSON array or JSON Lines of {"question_id","model_a","model_b","winner","judge",
 * "turn"}, `winner` one of "model_a", "model_b", "tie" (or "tie (bothbad)"), `judge` a name such
 * as "expert_17" or a list such as ["gpt-4", "pair-v2"]. Extra fields (conversations, the
 * judge's explanation) are ignored. Every problem names the file, line and field.
 */
import type { MtBenchVote } from "../../../app/core/stats/mt-bench-agreement.ts";
import { inputError, readRecordBatches, requireChoice, requireId, type InputRecord } from "../records.ts";

export const MT_BENCH_WINNERS = ["model_a", "model_b", "tie", "tie (bothbad)"] as const;

export function mtBenchVote(file: string, rec: InputRecord): MtBenchVote {
  const question_id = rec.record.question_id;
  if (!(typeof question_id === "number" && Number.isFinite(question_id)) && !(typeof question_id === "string" && question_id !== "")) {
    throw inputError(file, rec.line, `field "question_id" must be a number or a string, got ${JSON.stringify(question_id)}`);
  }
  const model_a = requireId(file, rec, "model_a");
  const model_b = requireId(file, rec, "model_b");
  const winner = requireChoice(file, rec, "winner", MT_BENCH_WINNERS);
  const judge = rec.record.judge;
  const judgeOk = (typeof judge === "string" && judge !== "") || (Array.isArray(judge) && judge.length > 0 && judge.every((j) => typeof j === "string"));
  if (!judgeOk) throw inputError(file, rec.line, `field "judge" must be a name or a list of names, got ${JSON.stringify(judge)}`);
  const turn = rec.record.turn;
  if (!Number.isInteger(turn) || (turn as number) < 1) {
    throw inputError(file, rec.line, `field "turn" must be a positive integer (1 or 2), got ${JSON.stringify(turn)}`);
  }
  return { question_id, model_a, model_b, winner, judge: judge as string | string[], turn: turn as number };
}

export async function readMtBenchVotes(file: string): Promise<MtBenchVote[]> {
  const votes: MtBenchVote[] = [];
  for await (const batch of readRecordBatches(file)) for (const rec of batch) votes.push(mtBenchVote(file, rec));
  return votes;
}
