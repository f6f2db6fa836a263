/**
 * What a format adapter turns a file into: the rows Arbiter's own importer takes (a case row as in
 * app/schemas/rows.ts CaseRow, an output row as OutputRow) plus votes, imported judgments and
 * verdicts. Adapters only read and translate; validation against the eval and all writing happen in
 * db/import-bundle.ts, in one transaction.
 */
import { jsonValues } from "../json-values.ts";

/** A pairwise vote of the source: about `case_id`, between system_1 and system_2. */
export interface VoteRecord {
  case_id: string;
  system_1: string;
  system_2: string;
  /** 1 or 2: that system won; "tie"; "both_bad" (Arena's "tie (bothbad)"). */
  winner: 1 | 2 | "tie" | "both_bad";
  /** A fractional preference for system_2 in [0, 1] (AlpacaEval's weighted annotators), if the source has one. */
  score?: number;
  /** "human": an imported judgment; "judge": an imported LLM-judge verdict. */
  source: "human" | "judge";
  /** Who voted, as the source names them (expert_17, gpt-4, alpaca_eval_gpt4). */
  rater: string;
  turn?: number;
  reason?: string;
}

export type ImportItem =
  | { kind: "case"; line: number; record: Record<string, unknown> }
  | { kind: "output"; line: number; record: Record<string, unknown>; turns?: string[]; metrics?: Record<string, unknown> }
  | { kind: "vote"; line: number; vote: VoteRecord }
  | { kind: "error"; line: number; field: string | null; reason: string };

export interface AdapterOptions {
  /** --map input=instruction,reference=answer: Arbiter field = source field. */
  mapping?: Record<string, string>;
  /** The system every output belongs to, when the file does not say (openai-evals, lm-eval, mapped files). */
  system?: string;
  /** The name an external judge's verdicts are filed under, when the file does not say. */
  judge?: string;
}

/** What an adapter noticed and could not import, shown with the summary instead of dropped silently. */
export interface AdapterReport {
  /** e.g. promptfoo assert types with no Arbiter assertion: type → how many. */
  unsupported: Record<string, number>;
  notes: string[];
}

export interface FormatAdapter {
  name: string;
  /** One line for --help and the web form. */
  describe: string;
  /** Files of this format are CSV (else JSON: an array, JSON Lines, or one document). */
  csv?: boolean;
  /** Whether the format needs a field mapping (the generic JSONL/CSV importer). */
  mapped?: boolean;
  read(path: string, options: AdapterOptions, report: AdapterReport): AsyncIterable<ImportItem>;
}

export const newReport = (): AdapterReport => ({ unsupported: {}, notes: [] });

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export type ErrorItem = Extract<ImportItem, { kind: "error" }>;

/**
 * The top-level values of a JSON array or JSON Lines file for an adapter: a value that did not
 * parse arrives as its error item, ready to yield, so each adapter handles only good values.
 */
export async function* jsonRecords(path: string): AsyncGenerator<ErrorItem | { kind: "value"; line: number; value: unknown }> {
  for await (const v of jsonValues(path)) {
    if (v.error !== undefined) yield { kind: "error", line: v.line, field: v.field ?? null, reason: v.error };
    else yield { kind: "value", line: v.line, value: v.value };
  }
}
