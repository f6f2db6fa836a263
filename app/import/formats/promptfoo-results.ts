/**
 * promptfoo's results JSON (`promptfoo eval -o results.json`): one output per test, prompt and
 * provider, onto the cases the config import made (promptfoo.ts ids; import the config first).
 * The provider's label, else its id, is the system. The file is one JSON document, read whole.
 */
import { readFile } from "node:fs/promises";
import { promptfooCaseId } from "./promptfoo.ts";
import { isObject, type FormatAdapter } from "./types.ts";

export const promptfooResults: FormatAdapter = {
  name: "promptfoo-results",
  describe: "promptfoo results JSON (promptfoo eval -o results.json): outputs per provider",
  async *read(path) {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(path, "utf8"));
    } catch (err) {
      yield { kind: "error", line: 1, field: null, reason: `invalid JSON (${(err as Error).message})` };
      return;
    }
    // v2+ nests {results: {prompts, results: [...]}}; older files put the list at the top.
    const inner = isObject(doc) && isObject(doc.results) ? doc.results : doc;
    const list = isObject(inner) ? inner.results : undefined;
    if (!Array.isArray(list)) {
      yield { kind: "error", line: 1, field: "results", reason: "no results list (expected results.results)" };
      return;
    }
    const nPrompts = isObject(inner) && Array.isArray(inner.prompts) ? inner.prompts.length : Math.max(1, ...list.map((r) => (isObject(r) && typeof r.promptIdx === "number" ? r.promptIdx + 1 : 1)));
    for (const [i, r] of list.entries()) {
      const field = `results.${i}`;
      if (!isObject(r) || typeof r.testIdx !== "number") {
        yield { kind: "error", line: 1, field: `${field}.testIdx`, reason: "each result needs testIdx" };
        continue;
      }
      const p = r.provider;
      const system = typeof p === "string" ? p : isObject(p) ? (typeof p.label === "string" && p.label ? p.label : p.id) : undefined;
      if (typeof system !== "string" || !system) {
        yield { kind: "error", line: 1, field: `${field}.provider`, reason: "each result needs a provider id or label" };
        continue;
      }
      const response = isObject(r.response) ? r.response : {};
      const out = response.output;
      const usage = isObject(response.tokenUsage) ? response.tokenUsage : {};
      const text = out === undefined || out === null ? null : typeof out === "string" ? out : JSON.stringify(out);
      const error = typeof r.error === "string" && r.error ? r.error : typeof response.error === "string" ? response.error : null;
      yield {
        kind: "output",
        line: 1,
        record: {
          case_id: promptfooCaseId(r.testIdx, typeof r.promptIdx === "number" ? r.promptIdx : 0, nPrompts),
          system,
          text,
          ...(text ? {} : { error: error ?? "no output" }),
          ...(typeof r.latencyMs === "number" ? { latency_ms: r.latencyMs } : {}),
          ...(typeof usage.prompt === "number" ? { prompt_tokens: usage.prompt } : {}),
          ...(typeof usage.completion === "number" ? { completion_tokens: usage.completion } : {}),
        },
      };
    }
  },
};
