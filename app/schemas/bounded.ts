/**
 * Bounds every parsed input must respect before it reaches Postgres (issue 14 item 8): Postgres
 * text cannot hold U+0000, an int4 column stops at 2^31-1 and a bigint at 2^63-1 (past 2^53 a JS
 * number is no longer exact), and imported text is capped per field (ARBITER_MAX_FIELD_BYTES,
 * default 1 MiB) so one runaway cell cannot become a multi-megabyte row. Shared by the form
 * schemas (a 400 naming the field) and the import readers (an error naming the line and field).
 */
import { z } from "zod";

export const INT4_MAX = 2147483647;
/** judgments.turn, verdicts.turn (migration 0011). */
export const SMALLINT_MAX = 32767;
export const NUL_MESSAGE = "contains a NUL character (U+0000), which cannot be stored";

export function maxFieldBytes(): number {
  const raw = process.env.ARBITER_MAX_FIELD_BYTES;
  const n = raw ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : 1 << 20;
}

export const hasNul = (s: string): boolean => s.indexOf("\0") >= 0;

/** Why a piece of imported text cannot be stored, or null. Byte length is only computed when it could matter. */
export function textProblem(s: string, max = maxFieldBytes()): string | null {
  if (hasNul(s)) return NUL_MESSAGE;
  if (s.length * 3 > max) {
    const bytes = Buffer.byteLength(s, "utf8");
    if (bytes > max) return `is ${bytes} bytes, above the limit of ${max} bytes per field (ARBITER_MAX_FIELD_BYTES)`;
  }
  return null;
}

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * The first string in a parsed value (keys included) that cannot be stored, with its path
 * (`input.1.content`), or null. For import rows of any format.
 */
export function valueProblem(value: unknown, path = "", max = maxFieldBytes()): FieldProblem | null {
  if (typeof value === "string") {
    const reason = textProblem(value, max);
    return reason ? { field: path || "(value)", reason } : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = valueProblem(value[i], path ? `${path}.${i}` : String(i), max);
      if (p) return p;
    }
    return null;
  }
  for (const key in value as Record<string, unknown>) {
    const at = path ? `${path}.${key}` : key;
    if (hasNul(key)) return { field: at.replace(/\0/g, "\\0"), reason: `the field name ${NUL_MESSAGE}` };
    const p = valueProblem((value as Record<string, unknown>)[key], at, max);
    if (p) return p;
  }
  return null;
}


/**
 * JSON text with long integer ids kept as their digits: `"id": 12345678901234567890` (not exact as
 * a JS number) becomes `"id": "12345678901234567890"` before parsing. Keys `id` and `…_id` only;
 * 16 digits or more (every integer past 2^53 has at least 16). A key inside a JSON string cannot
 * match: its quotes there are escaped.
 */
// Pre-check with a literal prefix, which the regex engine scans for quickly (most lines have no long id).
const LONG_DIGITS = /id"\s*:\s*-?\d{16}/;
const LONG_ID = /("(?:[A-Za-z0-9_]*_)?id"\s*:\s*)(-?\d{16,})(?=\s*[,}\]]|\s*$)/g;
export function quoteLongIds(json: string): string {
  if (!LONG_DIGITS.test(json)) return json;
  return json.replace(LONG_ID, '$1"$2"');
}

/**
 * zod `.superRefine(noNul)`: a string with U+0000 is refused, the message naming the field (its
 * path), so a route that shows the first issue's message shows which field it was.
 */
export function noNul(s: string, ctx: z.RefinementCtx): void {
  if (hasNul(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${ctx.path.join(".") || "a field"} ${NUL_MESSAGE}` });
}

/** zod: a form or path id (a positive int4: every serial column). */
export const dbId = (what = "id") =>
  z.coerce
    .number({ invalid_type_error: `${what} must be a whole number` })
    .int(`${what} must be a whole number`)
    .positive(`${what} must be a whole number from 1 to ${INT4_MAX}`)
    .max(INT4_MAX, `${what} must be a whole number from 1 to ${INT4_MAX}`);
