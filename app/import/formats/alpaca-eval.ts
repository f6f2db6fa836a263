/**
 * AlpacaEval (tatsu-lab/alpaca_eval): model_outputs.json rows {instruction, output, generator,
 * dataset} become cases and outputs; annotations.json rows {instruction, output_1, generator_1,
 * output_2, generator_2, preference, annotator} become the same cases, both outputs and an external
 * judge's verdict. Either file is a JSON array (or JSON Lines). A case is keyed by its instruction,
 * so every model's outputs for one instruction land on one case.
 *
 * preference: 1 prefers output_1, 2 output_2, 1.5 a tie, 0 a tie (older annotators), null or
 * missing no verdict; a value strictly between 1 and 2 (weighted annotators) is kept as the
 * fractional score preference − 1 for output_2, and its winner is the side it leans to.
 */
import { textId } from "./ids.ts";
import { isObject, jsonRecords, type FormatAdapter, type ImportItem, type VoteRecord } from "./types.ts";

export const alpacaCaseId = (instruction: string) => textId("alpaca", instruction);

/** The vote of one preference value, or null when the annotator gave none; a string for a bad value. */
export function alpacaPreference(p: unknown): Pick<VoteRecord, "winner" | "score"> | null | string {
  if (p === null || p === undefined || p === "") return null;
  const v = typeof p === "string" ? Number(p) : p;
  if (typeof v !== "number" || Number.isNaN(v)) return typeof p === "string" && /^nan$/i.test(p) ? null : `preference must be a number, found ${JSON.stringify(p)}`;
  if (v === 0 || v === 1.5) return { winner: "tie", score: 0.5 };
  if (v < 1 || v > 2) return `preference must be 0 or within [1, 2], found ${v}`;
  const score = v - 1;
  return { winner: score > 0.5 ? 2 : score < 0.5 ? 1 : "tie", score };
}

function caseItem(line: number, r: Record<string, unknown>): ImportItem {
  return {
    kind: "case",
    line,
    record: {
      id: alpacaCaseId(String(r.instruction)),
      input: r.instruction,
      category: typeof r.dataset === "string" && r.dataset ? r.dataset : "alpaca_eval",
      suite: "alpaca_eval",
      shape: "open",
    },
  };
}

export const alpacaEval: FormatAdapter = {
  name: "alpaca-eval",
  describe: "AlpacaEval model_outputs.json (instruction, output, generator) or annotations.json (with preference)",
  async *read(path, options, report) {
    let skipped = 0;
    for await (const v of jsonRecords(path)) {
      if (v.kind === "error") {
        yield v;
        continue;
      }
      const r = v.value;
      if (!isObject(r) || typeof r.instruction !== "string" || !r.instruction) {
        yield { kind: "error", line: v.line, field: "instruction", reason: "expected an object with an instruction" };
        continue;
      }
      const id = alpacaCaseId(r.instruction);
      if ("generator_1" in r || "generator_2" in r || "preference" in r) {
        for (const k of ["generator_1", "generator_2", "output_1", "output_2"]) {
          if (typeof r[k] !== "string") yield { kind: "error", line: v.line, field: k, reason: `${k} is required in an annotation` };
        }
        if (typeof r.generator_1 !== "string" || typeof r.generator_2 !== "string" || typeof r.output_1 !== "string" || typeof r.output_2 !== "string") continue;
        const pref = alpacaPreference(r.preference);
        if (typeof pref === "string") {
          yield { kind: "error", line: v.line, field: "preference", reason: pref };
          continue;
        }
        yield caseItem(v.line, r);
        yield { kind: "output", line: v.line, record: { case_id: id, system: r.generator_1, text: r.output_1 } };
        yield { kind: "output", line: v.line, record: { case_id: id, system: r.generator_2, text: r.output_2 } };
        if (pref === null) {
          skipped++;
          continue;
        }
        const rater = typeof r.annotator === "string" && r.annotator ? r.annotator : options.judge ?? "alpaca_eval";
        yield { kind: "vote", line: v.line, vote: { case_id: id, system_1: r.generator_1, system_2: r.generator_2, ...pref, source: "judge", rater } };
      } else {
        if (typeof r.output !== "string") {
          yield { kind: "error", line: v.line, field: "output", reason: "output is required" };
          continue;
        }
        const system = typeof r.generator === "string" && r.generator ? r.generator : options.system;
        if (!system) {
          yield { kind: "error", line: v.line, field: "generator", reason: "generator is required (or import with --system)" };
          continue;
        }
        yield caseItem(v.line, r);
        yield { kind: "output", line: v.line, record: { case_id: id, system, text: r.output } };
      }
    }
    if (skipped) report.notes.push(`${skipped} annotation${skipped === 1 ? "" : "s"} without a preference (null) imported as outputs only, without a verdict`);
  },
};
