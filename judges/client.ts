/**
 * One client for any OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI, vLLM, Ollama,
 * LiteLLM), used both by the judge protocols and by output generation.
 *
 * Per call: cache lookup, budget check, a slot from the run-wide semaphore, then attempts with
 * our own retry loop (the openai client runs with maxRetries: 0 so attempts are counted, a
 * Retry-After is capped, and the budget is re-checked between tries). Every way out is either a
 * CompletionResult or a JudgeFailure with a named kind.
 */
import OpenAI from "openai";
import { z } from "zod";
import { Budget, type BudgetLimits } from "./budget.ts";
import { InMemoryResponseCache, normaliseBaseURL, responseCacheKey, type CachedResponse, type ResponseCache } from "./cache.ts";
import { classifyError } from "./classify.ts";
import { JudgeFailure } from "./errors.ts";
import { detectRefusal } from "./refusal.ts";
import { backoffDelayMs, DEFAULT_BACKOFF, retryAfterMs, sleep, type BackoffPolicy } from "./retry.ts";
import { Semaphore } from "./semaphore.ts";
import type { ChatMessage, RequestParams, TokenLogprob, Usage } from "./types.ts";

export type { ChatMessage, RequestParams, TokenLogprob, Usage } from "./types.ts";
export { JudgeFailure, BudgetExhausted, isJudgeFailure, type JudgeFailureKind } from "./errors.ts";
export { InMemoryResponseCache, responseCacheKey, judgeConfigHash, type ResponseCache, type CachedResponse } from "./cache.ts";
export { Budget, type BudgetLimits } from "./budget.ts";
export { Semaphore } from "./semaphore.ts";

export interface Pricing {
  /** USD per 1,000 prompt tokens. */
  inputPer1k: number;
  /** USD per 1,000 completion tokens. */
  outputPer1k: number;
}

export interface JudgeClientConfig {
  /** Undefined or empty means "no judge configured": every call fails with judge_unavailable. */
  baseURL?: string;
  /** Local servers ignore it; a placeholder is sent so the openai client does not demand one. */
  apiKey?: string;
  model: string;
  /** Per attempt, covering the whole response body. Default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Calls in flight at once; ignored when `semaphore` is given. Default 8. */
  concurrency?: number;
  /** Share one semaphore between clients to bound a run that uses several. */
  semaphore?: Semaphore;
  /** Limits, or a Budget instance shared across clients of one run. */
  budget?: BudgetLimits | Budget;
  pricing?: Pricing;
  /** Default: a fresh in-memory cache. Pass `null` to disable caching. */
  cache?: ResponseCache | null;
  /** Parameters applied to every request unless the request overrides them. */
  defaultParams?: RequestParams;
  backoff?: Partial<BackoffPolicy>;
  /** For tests: the jitter source. */
  random?: () => number;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  params?: RequestParams;
  /** Part of the cache key: "pairwise", "faithfulness-claims", "generate", ... */
  protocol: string;
  promptVersion: string;
  /** false skips the cache for this call, reading and writing. */
  cache?: boolean;
}

export interface CompletionResult {
  content: string;
  logprobs: TokenLogprob[] | null;
  usage: Usage;
  /** True when the endpoint sent no usage and the counts are a characters/4 estimate. */
  usageEstimated: boolean;
  /** Null when no pricing is configured. For a cache hit, what the original call cost. */
  costUsd: number | null;
  /** Time of the successful HTTP attempt (0 for a cache hit). */
  latencyMs: number;
  /** Wall time of the whole call including retries and waiting for a slot. */
  elapsedMs: number;
  /** HTTP attempts made (0 for a cache hit). */
  attempts: number;
  /** The refusal text when the model declined; the caller decides whether that is a failure. */
  refusal: string | null;
  finishReason: string | null;
  cached: boolean;
  cacheKey: string;
  model: string;
}

export interface ClientStats {
  calls: number;
  httpAttempts: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  failures: Record<string, number>;
}

/** The slice of the wire response the client relies on, checked because the server is untrusted. */
const completionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
        logprobs: z
          .object({
            content: z
              .array(
                z.object({
                  token: z.string(),
                  logprob: z.number(),
                  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export class JudgeClient {
  readonly config: Readonly<JudgeClientConfig>;
  readonly baseURL: string;
  readonly semaphore: Semaphore;
  readonly budget: Budget;
  readonly cache: ResponseCache | null;
  private readonly openai: OpenAI | null;
  private readonly backoff: BackoffPolicy;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  /** Identical requests already on the wire: followers wait for the leader instead of calling again. */
  private readonly inflight = new Map<string, Promise<CompletionResult>>();
  private readonly counters: ClientStats = { calls: 0, httpAttempts: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, failures: {} };

  constructor(config: JudgeClientConfig) {
    this.config = config;
    this.baseURL = config.baseURL ? normaliseBaseURL(config.baseURL) : "";
    this.timeoutMs = config.timeoutMs ?? 60_000;
    this.maxRetries = config.maxRetries ?? 3;
    this.semaphore = config.semaphore ?? new Semaphore(config.concurrency ?? 8);
    this.budget = config.budget instanceof Budget ? config.budget : new Budget(config.budget ?? {});
    if (this.budget.limits.maxCostUsd !== undefined && !config.pricing) {
      throw new Error("a cost budget needs pricing (inputPer1k, outputPer1k) to be enforced");
    }
    this.cache = config.cache === null ? null : (config.cache ?? new InMemoryResponseCache());
    this.backoff = { ...DEFAULT_BACKOFF, ...config.backoff };
    this.openai = this.baseURL
      ? new OpenAI({ baseURL: this.baseURL, apiKey: config.apiKey || "not-needed", timeout: this.timeoutMs, maxRetries: 0 })
      : null;
  }

  get configured(): boolean {
    return this.openai !== null;
  }

  stats(): ClientStats {
    return { ...this.counters, failures: { ...this.counters.failures } };
  }

  cacheKey(req: CompletionRequest): string {
    return responseCacheKey({
      baseURL: this.baseURL,
      model: this.config.model,
      protocol: req.protocol,
      promptVersion: req.promptVersion,
      messages: req.messages,
      params: this.paramsFor(req),
    });
  }

  async complete(req: CompletionRequest): Promise<CompletionResult> {
    const started = performance.now();
    this.counters.calls++;
    try {
      return await this.completeInner(req, started);
    } catch (err) {
      const failure = err instanceof JudgeFailure ? err : new JudgeFailure("judge_unavailable", String(err), { cause: err });
      this.counters.failures[failure.kind] = (this.counters.failures[failure.kind] ?? 0) + 1;
      throw failure;
    }
  }

  private paramsFor(req: CompletionRequest): RequestParams {
    return { ...this.config.defaultParams, ...req.params };
  }

  private async completeInner(req: CompletionRequest, started: number): Promise<CompletionResult> {
    if (!this.openai) throw new JudgeFailure("judge_unavailable", "no judge endpoint configured (set a base URL and model in the judge config)");
    const key = this.cacheKey(req);
    const useCache = this.cache !== null && req.cache !== false;

    if (useCache) {
      const hit = await this.cache!.get(key);
      if (hit) {
        this.counters.cacheHits++;
        return fromCache(hit, key, performance.now() - started);
      }
      const leader = this.inflight.get(key);
      if (leader) {
        const result = await leader;
        this.counters.cacheHits++;
        return { ...result, cached: true, attempts: 0, latencyMs: 0, elapsedMs: performance.now() - started };
      }
    }

    this.budget.assertAvailable();
    const call = this.semaphore.run(async () => {
      // Waiting for a slot can take long enough for others to spend the budget.
      this.budget.assertAvailable();
      const result = await this.callWithRetries(req, key, started);
      if (useCache && result.refusal === null) await this.cache!.set(key, toCached(result));
      return result;
    });
    if (!useCache) return call;
    this.inflight.set(key, call);
    try {
      return await call;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async callWithRetries(req: CompletionRequest, key: string, started: number): Promise<CompletionResult> {
    const params = this.paramsFor(req);
    for (let attempt = 1; ; attempt++) {
      // Our own deadline covers reading the body too (the openai timeout stops at the headers).
      // A plain timer, not AbortSignal.timeout, which costs noticeably more per call on Node 20.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
      const t0 = performance.now();
      this.counters.httpAttempts++;
      try {
        const raw = await this.openai!.chat.completions.create(
          { model: this.config.model, messages: req.messages, ...params, stream: false },
          { signal: deadline.signal, timeout: this.timeoutMs, maxRetries: 0 },
        );
        const latencyMs = performance.now() - t0;
        return this.accept(raw, req, key, { latencyMs, attempts: attempt, elapsedMs: performance.now() - started });
      } catch (err) {
        const c = classifyError(err, deadline.signal.aborted);
        if (!c.retryable || attempt > this.maxRetries) {
          const tail = c.retryable ? ` (gave up after ${attempt} attempts)` : "";
          throw new JudgeFailure(c.kind, `${c.message}${tail}`, { attempts: attempt, status: c.status, cause: err });
        }
        await sleep(backoffDelayMs(attempt - 1, retryAfterMs(c.headers), this.backoff, this.config.random));
        this.budget.assertAvailable();
      } finally {
        clearTimeout(timer);
      }
    }
  }

  private accept(raw: unknown, req: CompletionRequest, key: string, timing: { latencyMs: number; attempts: number; elapsedMs: number }): CompletionResult {
    const parsed = completionSchema.safeParse(raw);
    if (!parsed.success) {
      throw new JudgeFailure("judge_malformed", `response is not a chat completion: ${parsed.error.issues[0]?.message ?? "bad shape"}`, {
        attempts: timing.attempts,
      });
    }
    const body = parsed.data;
    const choice = body.choices[0];
    const content = choice.message.content ?? "";
    const logprobs = choice.logprobs?.content?.map((t) => ({ token: t.token, logprob: t.logprob, top_logprobs: t.top_logprobs ?? [] })) ?? null;
    const usageEstimated = !body.usage;
    const usage: Usage = body.usage
      ? { prompt_tokens: body.usage.prompt_tokens, completion_tokens: body.usage.completion_tokens }
      : { prompt_tokens: estimateTokens(req.messages.map((m) => m.content).join("\n")), completion_tokens: estimateTokens(content) };
    const costUsd = this.cost(usage);
    this.budget.charge(usage.prompt_tokens + usage.completion_tokens, costUsd);
    this.counters.promptTokens += usage.prompt_tokens;
    this.counters.completionTokens += usage.completion_tokens;
    this.counters.costUsd += costUsd ?? 0;
    return {
      content,
      logprobs,
      usage,
      usageEstimated,
      costUsd,
      ...timing,
      refusal: detectRefusal(content, choice.message.refusal, choice.finish_reason),
      finishReason: choice.finish_reason ?? null,
      cached: false,
      cacheKey: key,
      model: body.model ?? this.config.model,
    };
  }

  private cost(usage: Usage): number | null {
    const p = this.config.pricing;
    if (!p) return null;
    return (usage.prompt_tokens / 1000) * p.inputPer1k + (usage.completion_tokens / 1000) * p.outputPer1k;
  }
}

function toCached(r: CompletionResult): CachedResponse {
  return {
    content: r.content,
    logprobs: r.logprobs,
    usage: r.usage,
    costUsd: r.costUsd,
    finishReason: r.finishReason,
    model: r.model,
    createdAt: new Date().toISOString(),
  };
}

function fromCache(hit: CachedResponse, key: string, elapsedMs: number): CompletionResult {
  return {
    content: hit.content,
    logprobs: hit.logprobs,
    usage: hit.usage,
    usageEstimated: false,
    costUsd: hit.costUsd,
    latencyMs: 0,
    elapsedMs,
    attempts: 0,
    refusal: null,
    finishReason: hit.finishReason,
    cached: true,
    cacheKey: key,
    model: hit.model,
  };
}

export function createJudgeClient(config: JudgeClientConfig): JudgeClient {
  return new JudgeClient(config);
}
