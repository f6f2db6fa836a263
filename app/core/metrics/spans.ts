/**
 * Extraction: span-set precision / recall / F1 on exact (type, span) matches. A span is the pair of its
 * type and its value (the extracted text, or its [start, end] offsets); each side is a set, so duplicates
 * count once. Micro-averaged over a corpus: sums of true positives, predicted and gold spans. When there
 * is nothing to find and nothing was found, precision, recall and F1 are 1 (identical empty sets agree);
 * otherwise an empty denominator gives 0.
 *
 * Accepted shapes: an array of {"type"|"label"|"entity", "text"|"span"|"value"|"start"+"end"} objects, or an
 * object mapping each type to a string or an array of strings, or output text holding either as JSON.
 */
import { isPlainObject, parseJson } from "./json-value.ts";

export interface Span {
  type: string;
  value: string | [number, number];
}

function spanValue(o: Record<string, unknown>): Span["value"] | null {
  for (const k of ["text", "span", "value"]) {
    const v = o[k];
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")) return [v[0] as number, v[1] as number];
  }
  if (typeof o.start === "number" && typeof o.end === "number") return [o.start, o.end];
  return null;
}

/** The spans in a parsed value or output text; throws TypeError on a shape it cannot read. */
export function parseSpans(input: unknown): Span[] {
  let value = input;
  if (typeof input === "string") {
    const p = parseJson(input, { allowCodeFence: true });
    if (!p.ok) throw new TypeError(`spans: not JSON (${p.error})`);
    value = p.value;
  }
  const spans: Span[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isPlainObject(item)) throw new TypeError("spans: each item of a span list must be an object");
      const type = item.type ?? item.label ?? item.entity ?? item.entity_type;
      const v = spanValue(item);
      if (typeof type !== "string" || v === null) throw new TypeError(`spans: cannot read a (type, span) from ${JSON.stringify(item)}`);
      spans.push({ type, value: v });
    }
    return spans;
  }
  if (isPlainObject(value)) {
    for (const [type, v] of Object.entries(value)) {
      const list = Array.isArray(v) ? v : [v];
      for (const s of list) {
        if (typeof s !== "string") throw new TypeError(`spans: the values of type "${type}" must be strings`);
        spans.push({ type, value: s });
      }
    }
    return spans;
  }
  throw new TypeError("spans: expected an array of spans or an object of type → spans");
}

function keys(spans: readonly Span[]): Set<string> {
  return new Set(spans.map((s) => JSON.stringify([s.type, s.value])));
}

export interface SpanCounts {
  truePositives: number;
  predicted: number;
  gold: number;
}

export function spanCounts(predicted: readonly Span[], gold: readonly Span[]): SpanCounts {
  const p = keys(predicted);
  const g = keys(gold);
  let tp = 0;
  for (const k of p) if (g.has(k)) tp++;
  return { truePositives: tp, predicted: p.size, gold: g.size };
}

export interface SpanScores extends SpanCounts {
  precision: number;
  recall: number;
  f1: number;
}

export function spanScores(c: SpanCounts): SpanScores {
  if (c.predicted === 0 && c.gold === 0) return { ...c, precision: 1, recall: 1, f1: 1 };
  const precision = c.predicted === 0 ? 0 : c.truePositives / c.predicted;
  const recall = c.gold === 0 ? 0 : c.truePositives / c.gold;
  const f1 = c.predicted + c.gold === 0 ? 0 : (2 * c.truePositives) / (c.predicted + c.gold);
  return { ...c, precision, recall, f1 };
}

export class SpanAccumulator {
  private readonly totals: SpanCounts = { truePositives: 0, predicted: 0, gold: 0 };
  n = 0;
  /** An unreadable prediction counts as no spans found; an unreadable reference throws TypeError. */
  add(prediction: unknown, reference: unknown): SpanScores {
    const gold = parseSpans(reference);
    let predicted: Span[];
    try {
      predicted = parseSpans(prediction);
    } catch {
      predicted = [];
    }
    const c = spanCounts(predicted, gold);
    this.totals.truePositives += c.truePositives;
    this.totals.predicted += c.predicted;
    this.totals.gold += c.gold;
    this.n++;
    return spanScores(c);
  }
  result(): SpanScores & { n: number } {
    return { ...spanScores(this.totals), n: this.n };
  }
}
