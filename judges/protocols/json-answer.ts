/**
 * Asking a judge for a JSON answer: parse leniently (code fences and chatter around the object
 * are tolerated), validate with zod, and on failure re-ask exactly once, showing the judge its
 * own answer and what was wrong. A second failure is `judge_malformed`; a refusal at either
 * step is `judge_refused` and is not re-asked, since asking again rarely changes a refusal.
 */
import type { z } from "zod";
import type { CompletionResult, JudgeClient } from "../client.ts";
import { judgeConfigHash } from "../cache.ts";
import { JudgeFailure } from "../errors.ts";
import { renderRepair, type PromptFile } from "../prompts.ts";
import type { ChatMessage, RequestParams } from "../types.ts";

/** What a verdict keeps about each HTTP-level call it took, for cost and audit. */
export interface CallRecord {
  step: string;
  promptVersion: string;
  cacheKey: string;
  cached: boolean;
  attempts: number;
  usage: { prompt_tokens: number; completion_tokens: number };
  costUsd: number | null;
  latencyMs: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The JSON object in a model answer: inside a ```json fence if there is one, else the outermost braces. */
export function extractJsonText(text: string): string | undefined {
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  const body = fenced ? fenced[1] : text;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : undefined;
}

export function parseJsonAnswer<S extends z.ZodTypeAny>(text: string, schema: S): ParseResult<z.output<S>> {
  const json = extractJsonText(text);
  if (json === undefined) return { ok: false, error: "no JSON object found" };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue.path.join(".") || "answer"}: ${issue.message}` };
}

export function callRecord(step: string, promptVersion: string, r: CompletionResult): CallRecord {
  return { step, promptVersion, cacheKey: r.cacheKey, cached: r.cached, attempts: r.attempts, usage: r.usage, costUsd: r.costUsd, latencyMs: r.latencyMs };
}

export interface JsonAnswer<T> {
  value: T;
  /** The response the value was parsed from (the repair's, if one was needed). */
  response: CompletionResult;
  calls: CallRecord[];
  repaired: boolean;
}

export async function askJson<S extends z.ZodTypeAny>(
  client: JudgeClient,
  prompt: PromptFile,
  messages: ChatMessage[],
  schema: S,
  opts: { step: string; params?: RequestParams },
): Promise<JsonAnswer<z.output<S>>> {
  const ask = async (msgs: ChatMessage[], step: string, calls: CallRecord[]) => {
    const r = await client.complete({ messages: msgs, params: opts.params, protocol: prompt.protocol, promptVersion: prompt.version });
    calls.push(callRecord(step, prompt.version, r));
    if (r.refusal !== null) throw new JudgeFailure("judge_refused", `judge refused (${step}): ${r.refusal.slice(0, 200)}`, { attempts: r.attempts });
    return r;
  };
  const calls: CallRecord[] = [];
  const first = await ask(messages, opts.step, calls);
  const p1 = parseJsonAnswer(first.content, schema);
  if (p1.ok) return { value: p1.value, response: first, calls, repaired: false };

  const repairMessages: ChatMessage[] = [
    ...messages,
    { role: "assistant", content: first.content },
    { role: "user", content: renderRepair(prompt, p1.error) },
  ];
  const second = await ask(repairMessages, `${opts.step}:repair`, calls);
  const p2 = parseJsonAnswer(second.content, schema);
  if (p2.ok) return { value: p2.value, response: second, calls, repaired: true };
  const failure = new JudgeFailure("judge_malformed", `judge answer still invalid after one repair (${opts.step}): ${p2.error}`, {
    attempts: first.attempts + second.attempts,
  });
  throw Object.assign(failure, { calls });
}

/** Spend of a judgement: cache hits cost nothing now. Null when the client has no pricing. */
export function spentUsd(calls: readonly CallRecord[]): number | null {
  if (calls.some((c) => c.costUsd === null)) return null;
  return calls.reduce((sum, c) => sum + (c.cached ? 0 : (c.costUsd ?? 0)), 0);
}

/** The config hash a verdict records: the parameters as actually sent, client defaults included. */
export function protocolConfigHash(client: JudgeClient, protocol: string, promptVersion: string, params: RequestParams): string {
  return judgeConfigHash({ baseURL: client.baseURL, model: client.config.model, protocol, promptVersion, params: { ...client.config.defaultParams, ...params } });
}
