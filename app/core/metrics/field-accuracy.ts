/**
 * Per-field accuracy of structured output: for every field of the reference JSON object, whether the
 * prediction (parsed as JSON) has that field with a deep-equal value. Top-level fields by default; with
 * `nested: true` nested objects are walked and fields named by dotted paths ("address.city").
 * A prediction that is not a JSON object gets every field wrong.
 */
import { isPlainObject, jsonEqual, parseJson } from "./json-value.ts";

export interface FieldAccuracyOptions {
  nested?: boolean;
}

function leaves(obj: Record<string, unknown>, nested: boolean, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (nested && isPlainObject(v) && Object.keys(v).length > 0) leaves(v, nested, path, out);
    else out.set(path, v);
  }
  return out;
}

function lookup(obj: unknown, path: string, nested: boolean): { found: boolean; value?: unknown } {
  if (!isPlainObject(obj)) return { found: false };
  if (!nested) return Object.prototype.hasOwnProperty.call(obj, path) ? { found: true, value: obj[path] } : { found: false };
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, part)) return { found: false };
    cur = cur[part];
  }
  return { found: true, value: cur };
}

/** Field → correct? for one pair. Throws when the reference is not a JSON object. */
export function fieldMatches(prediction: unknown, reference: unknown, options: FieldAccuracyOptions = {}): Map<string, boolean> {
  if (!isPlainObject(reference)) throw new TypeError("field accuracy needs a reference that is a JSON object");
  const nested = options.nested ?? false;
  const out = new Map<string, boolean>();
  for (const [path, want] of leaves(reference, nested)) {
    const got = lookup(prediction, path, nested);
    out.set(path, got.found && jsonEqual(got.value, want));
  }
  return out;
}

export interface FieldAccuracy {
  /** Correct fields / compared fields, over all pairs. */
  accuracy: number;
  correct: number;
  n: number;
  perField: Record<string, { accuracy: number; correct: number; n: number }>;
}

export class FieldAccuracyAccumulator {
  private readonly perField = new Map<string, { correct: number; n: number }>();
  constructor(private readonly options: FieldAccuracyOptions = {}) {}
  /** prediction: output text (parsed) or an already parsed value; reference likewise. */
  add(prediction: unknown, reference: unknown): void {
    let pred = prediction;
    if (typeof prediction === "string") {
      const p = parseJson(prediction);
      pred = p.ok ? p.value : undefined;
    }
    let ref = reference;
    if (typeof reference === "string") {
      const r = parseJson(reference);
      if (!r.ok) throw new TypeError(`field accuracy: the reference is not JSON (${r.error})`);
      ref = r.value;
    }
    for (const [field, ok] of fieldMatches(pred, ref, this.options)) {
      const s = this.perField.get(field) ?? { correct: 0, n: 0 };
      s.n++;
      if (ok) s.correct++;
      this.perField.set(field, s);
    }
  }
  result(): FieldAccuracy {
    let correct = 0;
    let n = 0;
    const perField: FieldAccuracy["perField"] = {};
    for (const [field, s] of [...this.perField].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      correct += s.correct;
      n += s.n;
      perField[field] = { accuracy: s.correct / s.n, correct: s.correct, n: s.n };
    }
    return { accuracy: n === 0 ? Number.NaN : correct / n, correct, n, perField };
  }
}
