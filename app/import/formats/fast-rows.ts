/**
 * Fast paths for the commonest case and output rows: plain strings and numbers, already trimmed.
 * They build exactly the object zod's CaseRow / OutputRow would (same keys in the same order, so
 * content hashes match db/import.ts), at a fraction of the cost; anything else returns null and
 * goes through zod, which also words the errors. A million Arena battles are three million rows.
 */
import { SHAPES, type CaseRow, type OutputRow } from "../../schemas/rows.ts";

const SHAPE_SET = new Set<string>(SHAPES);
const CASE_KEYS = new Set(["id", "input", "context", "reference", "category", "suite", "shape"]);
const OUTPUT_KEYS = new Set(["case_id", "system", "text", "latency_ms", "prompt_tokens", "completion_tokens", "error"]);
const ROLES = new Set(["system", "user", "assistant", "tool"]);

const label = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 200 && v.trim() === v;
const optText = (v: unknown) => v === undefined || typeof v === "string";

function plainInput(v: unknown): boolean {
  if (typeof v === "string") {
    const t = v.trim();
    return v.length > 0 && !(t.startsWith("[") || t.startsWith("{"));
  }
  if (!Array.isArray(v) || v.length === 0) return false;
  for (const m of v) {
    if (m === null || typeof m !== "object") return false;
    const keys = Object.keys(m);
    if (keys.length !== 2 || !ROLES.has(m.role) || typeof m.content !== "string" || !("role" in m)) return false;
  }
  return true;
}

export function fastCaseRow(r: Record<string, unknown>): CaseRow | null {
  for (const k in r) if (!CASE_KEYS.has(k)) return null;
  const { id, input, context, reference, category, suite, shape } = r;
  if (!label(id) || !plainInput(input) || !optText(context) || !optText(reference) || !label(category) || !label(suite) || typeof shape !== "string" || !SHAPE_SET.has(shape)) return null;
  const row: Record<string, unknown> = { id, input };
  if (context !== undefined) row.context = context;
  if (reference !== undefined) row.reference = reference;
  row.category = category;
  row.suite = suite;
  row.shape = shape;
  row.tags = [];
  row.assertions = [];
  return row as unknown as CaseRow;
}

const nonNeg = (v: unknown) => v === undefined || (typeof v === "number" && Number.isFinite(v) && v >= 0);
// Above int4's range goes through zod, which refuses it with the field named.
const nonNegInt = (v: unknown) => v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2147483647);

export function fastOutputRow(r: Record<string, unknown>): OutputRow | null {
  for (const k in r) if (!OUTPUT_KEYS.has(k)) return null;
  const { case_id, system, text, latency_ms, prompt_tokens, completion_tokens, error } = r;
  if (typeof case_id !== "string" || (system !== undefined && !label(system)) || !optText(text) || !optText(error)) return null;
  if (!((typeof text === "string" && text !== "") || (typeof error === "string" && error !== ""))) return null;
  if (!nonNeg(latency_ms) || !nonNegInt(prompt_tokens) || !nonNegInt(completion_tokens)) return null;
  const row: Record<string, unknown> = { case_id };
  if (system !== undefined) row.system = system;
  if (text !== undefined) row.text = text;
  if (latency_ms !== undefined) row.latency_ms = latency_ms;
  if (prompt_tokens !== undefined) row.prompt_tokens = prompt_tokens;
  if (completion_tokens !== undefined) row.completion_tokens = completion_tokens;
  if (error !== undefined) row.error = error;
  return row as unknown as OutputRow;
}
