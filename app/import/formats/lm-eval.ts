/**
 * lm-evaluation-harness `--log_samples` files (samples_TASK_DATE.jsonl): {doc_id, doc, target,
 * arguments, resps, filtered_resps, filter, metrics: [names], <metric>: value}. Each sample is a
 * case (the prompt the harness sent; the target as reference) and an output of the system named
 * with --system: the generated text, or for a multiple-choice task the choice with the highest
 * log-likelihood. The per-sample metrics are kept with the output.
 *
 * `arguments` is a list of [context, continuation | gen_kwargs] (older releases) or an object
 * {gen_args_0: {arg_0, arg_1}, …} (newer ones); both are read.
 */
import { fileStem } from "./ids.ts";
import { isObject, jsonRecords, type FormatAdapter, type ImportItem } from "./types.ts";

function argumentPairs(args: unknown): unknown[][] {
  if (Array.isArray(args)) return args.map((a) => (Array.isArray(a) ? a : [a]));
  if (isObject(args)) return Object.values(args).map((a) => (isObject(a) ? Object.values(a) : [a]));
  return [];
}

/** The task's name from samples_TASK_2024-01-01T00-00-00.jsonl (or the stem as it is). */
export function lmEvalTask(path: string): string {
  return fileStem(path).replace(/^samples_/, "").replace(/_\d{4}-\d\d-\d\dT[\d-:.]+$/, "");
}

export const lmEval: FormatAdapter = {
  name: "lm-eval",
  describe: "lm-evaluation-harness --log_samples JSONL (doc, target, resps/filtered_resps, metrics); --system names the model",
  async *read(path, options) {
    const task = lmEvalTask(path);
    for await (const v of jsonRecords(path)) {
      if (v.kind === "error") {
        yield v;
        continue;
      }
      const r = v.value;
      const line = v.line;
      if (!isObject(r) || (typeof r.doc_id !== "number" && typeof r.doc_id !== "string")) {
        yield { kind: "error", line, field: "doc_id", reason: "doc_id is required" };
        continue;
      }
      const pairs = argumentPairs(r.arguments);
      const context = typeof pairs[0]?.[0] === "string" ? (pairs[0][0] as string) : isObject(r.doc) ? JSON.stringify(r.doc) : undefined;
      if (!context) {
        yield { kind: "error", line, field: "arguments", reason: "no prompt in arguments or doc" };
        continue;
      }
      const filtered = Array.isArray(r.filtered_resps) ? r.filtered_resps : Array.isArray(r.resps) ? r.resps.map((x) => (Array.isArray(x) ? x[0] : x)) : [];
      // A multiple-choice sample: one [loglikelihood, is_greedy] per choice, continuations in arguments.
      const multipleChoice = filtered.length > 0 && filtered.every((f) => Array.isArray(f) && typeof f[0] === "number");
      const choices = pairs.map((p) => (typeof p[1] === "string" ? p[1].trim() : null));
      let text: string | null = null;
      if (multipleChoice) {
        let best = 0;
        filtered.forEach((f, i) => {
          if ((f as number[])[0] > (filtered[best] as number[])[0]) best = i;
        });
        text = choices[best];
      } else if (typeof filtered[0] === "string") text = filtered[0];
      else if (Array.isArray(filtered[0]) && typeof filtered[0][0] === "string") text = filtered[0][0];
      const target = r.target;
      const reference =
        typeof target === "string" ? target : typeof target === "number" && multipleChoice && choices[target] ? choices[target]! : target === undefined || target === null ? undefined : JSON.stringify(target);
      const metrics: Record<string, unknown> = {};
      for (const name of Array.isArray(r.metrics) ? r.metrics : []) if (typeof name === "string" && name in r) metrics[name] = r[name];
      const caseId = `${task}-${r.doc_id}`;
      const items: ImportItem[] = [
        { kind: "case", line, record: { id: caseId, input: context, ...(reference !== undefined ? { reference } : {}), category: task, suite: "lm-eval", shape: multipleChoice ? "classification" : "qa" } },
      ];
      if (options.system) {
        items.push({ kind: "output", line, record: text === null ? { case_id: caseId, system: options.system, error: "no response in filtered_resps" } : { case_id: caseId, system: options.system, text }, metrics });
      }
      yield* items;
    }
    if (!options.system) yield { kind: "error", line: 1, field: "system", reason: "name the model whose samples these are with --system" };
  },
};
