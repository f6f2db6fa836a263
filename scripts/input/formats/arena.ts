/**
 * Chatbot Arena battles (FastChat's clean_battle output, lmsys/chatbot_arena_conversations): a JSON
 * array or JSON Lines of {"model_a","model_b","winner"} with `winner` one of "model_a", "model_b",
 * "tie", "tie (bothbad)"; both ties count as a tie, as FastChat's Elo analysis counts them. Other
 * fields (conversations, language, judge, tstamp) are ignored.
 */
import { inputError, requireChoice, requireId, type InputRecord } from "../records.ts";

export const ARENA_WINNERS = ["model_a", "model_b", "tie", "tie (bothbad)"] as const;

/** One battle as model_a, model_b and model_a's score (1 win, 0 loss, ½ tie). */
export function arenaBattle(file: string, rec: InputRecord): { a: string; b: string; scoreA: number } {
  const a = requireId(file, rec, "model_a");
  const b = requireId(file, rec, "model_b");
  if (a === b) throw inputError(file, rec.line, `model "${a}" battles itself`);
  const winner = requireChoice(file, rec, "winner", ARENA_WINNERS);
  return { a, b, scoreA: winner === "model_a" ? 1 : winner === "model_b" ? 0 : 0.5 };
}
