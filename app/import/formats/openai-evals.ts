/**
 * OpenAI Evals samples (openai/evals registry/data/EVAL/samples.jsonl): {input: a string or chat
 * messages, ideal: a string or a list of acceptable answers}. Each line is a case, id
 * FILESTEM-N (N its position from 1); the first ideal is the reference, and with several ideals
 * the case also gets an assertion that the output equals one of them.
 */
import { fileStem } from "./ids.ts";
import { isObject, jsonRecords, type FormatAdapter } from "./types.ts";

const ROLES = new Set(["system", "user", "assistant", "tool"]);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const openaiEvals: FormatAdapter = {
  name: "openai-evals",
  describe: "OpenAI Evals samples.jsonl (input messages, ideal)",
  async *read(path) {
    const stem = fileStem(path);
    let n = 0;
    for await (const v of jsonRecords(path)) {
      n++;
      if (v.kind === "error") {
        yield v;
        continue;
      }
      const r = v.value;
      const line = v.line;
      if (!isObject(r)) {
        yield { kind: "error", line, field: null, reason: "expected an object with input and ideal" };
        continue;
      }
      let input: unknown = r.input;
      if (Array.isArray(input)) {
        const bad = input.findIndex((m) => !isObject(m) || typeof m.content !== "string" || !ROLES.has(String(m.role)));
        if (bad >= 0) {
          yield { kind: "error", line, field: `input.${bad}`, reason: "each message needs a role (system, user, assistant) and string content" };
          continue;
        }
        input = (input as Record<string, unknown>[]).map((m) => ({ role: m.role, content: m.content }));
      }
      const ideals = (Array.isArray(r.ideal) ? r.ideal : r.ideal === undefined || r.ideal === null ? [] : [r.ideal]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
      yield {
        kind: "case",
        line,
        record: {
          id: `${stem}-${n}`,
          input,
          ...(ideals.length ? { reference: ideals[0] } : {}),
          category: stem,
          suite: "openai-evals",
          shape: "qa",
          ...(ideals.length > 1 ? { assertions: [{ type: "regex", pattern: `^\\s*(?:${ideals.map((i) => escapeRegex(i.trim())).join("|")})\\s*$`, description: "equals one of the ideal answers" }] } : {}),
        },
      };
    }
  },
};
