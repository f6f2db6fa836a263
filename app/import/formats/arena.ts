/**
 * Chatbot Arena battles with their conversations (lm-sys, the chatbot_arena_conversations
 * release): {question_id, model_a, model_b, winner ∈ model_a|model_b|tie|tie (bothbad), judge,
 * conversation_a, conversation_b, turn, language}, a JSON array or JSON Lines. Each battle is a
 * case (its user turns), the two models' answers are outputs (every assistant turn kept), and the
 * vote an imported human judgment. The voters are anonymous hashes, one vote each, so all of them
 * are filed under one external rater, "arena".
 */
import { isObject, jsonRecords, type FormatAdapter, type ImportItem, type VoteRecord } from "./types.ts";

type Msg = { role: string; content: string };
const isConversation = (v: unknown): v is Msg[] =>
  Array.isArray(v) && v.length > 0 && v.every((m) => isObject(m) && typeof m.role === "string" && typeof m.content === "string");

const WINNERS: Record<string, VoteRecord["winner"]> = { model_a: 1, model_b: 2, tie: "tie", "tie (bothbad)": "both_bad" };

export const arena: FormatAdapter = {
  name: "arena",
  describe: "Chatbot Arena battles (model_a, model_b, winner, conversation_a, conversation_b)",
  async *read(path, options) {
    for await (const v of jsonRecords(path)) {
      if (v.kind === "error") {
        yield v;
        continue;
      }
      const r = v.value;
      const line = v.line;
      if (!isObject(r)) {
        yield { kind: "error", line, field: null, reason: "expected one battle object" };
        continue;
      }
      const problems: ImportItem[] = [];
      const id = r.question_id ?? r.id;
      if (typeof id !== "string" && typeof id !== "number") problems.push({ kind: "error", line, field: "question_id", reason: "question_id is required" });
      for (const k of ["model_a", "model_b"]) if (typeof r[k] !== "string" || !r[k]) problems.push({ kind: "error", line, field: k, reason: `${k} is required` });
      const winner = typeof r.winner === "string" ? WINNERS[r.winner] : undefined;
      if (!winner) problems.push({ kind: "error", line, field: "winner", reason: `winner must be model_a, model_b, tie or tie (bothbad), found ${JSON.stringify(r.winner)}` });
      for (const k of ["conversation_a", "conversation_b"]) {
        if (!isConversation(r[k])) problems.push({ kind: "error", line, field: k, reason: `${k} must be a list of {role, content} messages` });
      }
      if (problems.length) {
        yield* problems;
        continue;
      }
      const convA = r.conversation_a as Msg[];
      const convB = r.conversation_b as Msg[];
      const users = convA.filter((m) => m.role === "user").map((m) => m.content);
      const answers = (c: Msg[]) => c.filter((m) => m.role === "assistant").map((m) => m.content);
      const caseId = `arena-${id}`;
      yield {
        kind: "case",
        line,
        record: {
          id: caseId,
          input: users.length === 1 ? users[0] : users.map((content) => ({ role: "user", content })),
          category: typeof r.language === "string" && r.language ? r.language : "arena",
          suite: "arena",
          shape: "open",
        },
      };
      for (const [model, conv] of [[r.model_a as string, convA], [r.model_b as string, convB]] as const) {
        const turns = answers(conv);
        yield { kind: "output", line, record: turns.length ? { case_id: caseId, system: model, text: turns[turns.length - 1] } : { case_id: caseId, system: model, error: "no answer in the conversation" }, turns };
      }
      yield { kind: "vote", line, vote: { case_id: caseId, system_1: r.model_a as string, system_2: r.model_b as string, winner: winner!, source: "human", rater: options.judge ?? "arena" } };
    }
  },
};
