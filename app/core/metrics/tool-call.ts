/**
 * Tool calls: normalisation of the shapes models emit, and the match of a predicted call against the
 * reference call. Accepted shapes: {"name","arguments"} (arguments an object or a JSON string, as in
 * OpenAI's function objects), {"name","args"}, {"name","input"}, an OpenAI tool_calls entry
 * {"type":"function","function":{"name","arguments"}}, an array of those, or a message {"tool_calls":[...]}.
 *
 * Scores per case (calls aligned by position): name match = the same sequence of tool names; argument
 * exact match = names match and every call's arguments are deep-equal; argument key share = for each
 * reference call, the keys of reference ∪ prediction arguments whose values are deep-equal on both sides,
 * divided by the size of that union (1 when both are empty; 0 when the tool name differs, since arguments
 * of a different tool mean nothing), averaged over the reference calls; a missing call scores 0.
 */
import { isPlainObject, jsonEqual, parseJson } from "./json-value.ts";

export interface ToolCall {
  name: string;
  /** Parsed arguments (an object when they parsed as one; otherwise the raw value). */
  arguments: unknown;
}

function normalizeArguments(raw: unknown): unknown {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === "string") {
    if (raw.trim() === "") return {};
    const p = parseJson(raw);
    return p.ok ? p.value : raw;
  }
  return raw;
}

/** One call in any accepted shape, or null when `value` is not a tool call. */
export function normalizeToolCall(value: unknown): ToolCall | null {
  if (!isPlainObject(value)) return null;
  if (isPlainObject(value.function) && typeof value.function.name === "string") {
    return { name: value.function.name, arguments: normalizeArguments(value.function.arguments ?? value.function.args) };
  }
  if (typeof value.name !== "string") return null;
  const raw = "arguments" in value ? value.arguments : "args" in value ? value.args : "input" in value ? value.input : "parameters" in value ? value.parameters : undefined;
  return { name: value.name, arguments: normalizeArguments(raw) };
}

/** Every call found in an output (text to parse, or a parsed value); [] when there is none. */
export function parseToolCalls(output: unknown): ToolCall[] {
  let value = output;
  if (typeof output === "string") {
    const p = parseJson(output, { allowCodeFence: true });
    if (!p.ok) return [];
    value = p.value;
  }
  if (isPlainObject(value) && Array.isArray(value.tool_calls)) value = value.tool_calls;
  const list = Array.isArray(value) ? value : [value];
  const calls: ToolCall[] = [];
  for (const item of list) {
    const c = normalizeToolCall(item);
    if (c) calls.push(c);
  }
  return calls;
}

/** Share of argument keys (over the union of both sides) whose values are deep-equal. */
export function argumentKeyShare(predicted: unknown, reference: unknown): number {
  if (!isPlainObject(predicted) || !isPlainObject(reference)) return jsonEqual(predicted, reference) ? 1 : 0;
  const keys = new Set([...Object.keys(reference), ...Object.keys(predicted)]);
  if (keys.size === 0) return 1;
  let same = 0;
  for (const k of keys) {
    if (Object.prototype.hasOwnProperty.call(predicted, k) && Object.prototype.hasOwnProperty.call(reference, k) && jsonEqual(predicted[k], reference[k])) same++;
  }
  return same / keys.size;
}

export interface ToolCallMatch {
  nameMatch: boolean;
  argumentsExact: boolean;
  argumentKeyShare: number;
}

export function matchToolCalls(predicted: readonly ToolCall[], reference: readonly ToolCall[]): ToolCallMatch {
  const nameMatch = predicted.length === reference.length && predicted.every((c, i) => c.name === reference[i].name);
  const argumentsExact = nameMatch && predicted.every((c, i) => jsonEqual(c.arguments, reference[i].arguments));
  let share: number;
  if (reference.length === 0) share = predicted.length === 0 ? 1 : 0;
  else {
    let sum = 0;
    for (let i = 0; i < reference.length; i++) {
      const p = predicted[i];
      if (p && p.name === reference[i].name) sum += argumentKeyShare(p.arguments, reference[i].arguments);
    }
    share = sum / reference.length;
  }
  return { nameMatch, argumentsExact, argumentKeyShare: share };
}

export interface ToolCallScores {
  nameAccuracy: number;
  argumentsExactRate: number;
  argumentKeyShare: number;
  n: number;
}

export class ToolCallAccumulator {
  private names = 0;
  private exact = 0;
  private share = 0;
  n = 0;
  /** prediction and reference: output text or parsed values in any accepted shape. */
  add(prediction: unknown, reference: unknown): ToolCallMatch {
    const m = matchToolCalls(parseToolCalls(prediction), parseToolCalls(reference));
    this.n++;
    if (m.nameMatch) this.names++;
    if (m.argumentsExact) this.exact++;
    this.share += m.argumentKeyShare;
    return m;
  }
  result(): ToolCallScores {
    const d = this.n === 0 ? Number.NaN : this.n;
    return { nameAccuracy: this.names / d, argumentsExactRate: this.exact / d, argumentKeyShare: this.share / d, n: this.n };
  }
}
