/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, non-finite numbers as null,
 * `undefined` members dropped and Dates as their ISO text (as JSON.stringify does). Two reports of
 * the same evidence, or two judge requests that differ only in key order, serialise to the same
 * text, so their hashes are equal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || value instanceof Date) {
    if (typeof value === "number" && !Number.isFinite(value)) return null;
    return value;
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as Record<string, unknown>).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** Rounds every number to `digits` significant decimals so float noise cannot change a hash. */
export function roundNumbers<T>(value: T, digits = 10): T {
  if (typeof value === "number") return (Number.isFinite(value) ? Number(value.toPrecision(digits)) : value) as T;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => roundNumbers(v, digits)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = roundNumbers(v, digits);
  return out as T;
}
