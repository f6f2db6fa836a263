/** JSON values: strict parsing of model output and structural equality. */

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export interface ParseJsonOptions {
  /** Also accept the JSON wrapped in one Markdown code fence (```json ... ```). Default false: strict. */
  allowCodeFence?: boolean;
}

const FENCE = /^```[A-Za-z0-9_-]*\s*\n([\s\S]*?)\n?```$/;

/** JSON.parse of the trimmed text; never throws. */
export function parseJson(text: string, options: ParseJsonOptions = {}): JsonParse {
  let body = text.trim();
  if (options.allowCodeFence) {
    const m = FENCE.exec(body);
    if (m) body = m[1].trim();
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values: objects compared key by key regardless of order, arrays in order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}
