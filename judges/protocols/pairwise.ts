/**
 * Pairwise preference with a margin. One comparison is judged in both orders (candidate shown
 * first, then second); each order yields a five-point verdict and a margin from the side shown
 * first (probability-weighted when the endpoint returns logprobs, else the scale point), and
 * app/core/judging/pairwise-combine.ts turns the two into the candidate's margin.
 */
import { z } from "zod";
import { combineOrders, VERDICT_SCORE, VERDICTS, type CombinedPairwise, type Verdict } from "../../app/core/judging/pairwise-combine.ts";
import type { JudgeClient } from "../client.ts";
import { fence } from "../fence.ts";
import { loadPrompt, renderPrompt } from "../prompts.ts";
import type { RequestParams } from "../types.ts";
import { askJson, protocolConfigHash, spentUsd, type CallRecord } from "./json-answer.ts";
import { verdictDistribution } from "./verdict-logprobs.ts";

export const PAIRWISE_PROMPT_VERSION = "pairwise-v1";

export interface PairwiseInput {
  /** The case's input, rendered as text (chat messages joined by the caller). */
  prompt: string;
  context?: string | null;
  candidate: string;
  other: string;
}

export interface PairwiseOptions {
  promptVersion?: string;
  /** Ask for logprobs (default true). Turn off for endpoints that reject the parameter. */
  logprobs?: boolean;
  /** Overrides of the defaults (temperature 0, max_tokens 400). */
  params?: RequestParams;
}

export interface OrderResult {
  order: "candidate_first" | "candidate_second";
  verdict: Verdict;
  reason: string;
  /** Margin for the response shown first (A), in [-1, 1]. */
  margin: number;
  marginSource: "logprobs" | "scale";
  verdictProbs?: Partial<Record<Verdict, number>>;
  repaired: boolean;
  calls: CallRecord[];
}

export interface PairwiseResult extends CombinedPairwise {
  protocol: "pairwise";
  promptVersion: string;
  configHash: string;
  orders: [OrderResult, OrderResult];
  calls: CallRecord[];
  /** What this judgement spent: calls served from the cache cost nothing. Null without pricing. */
  costUsd: number | null;
}

/** Lenient about spacing ("A > B") since the meaning is unambiguous. */
export const pairwiseAnswerSchema = z.object({
  verdict: z.preprocess((v) => (typeof v === "string" ? v.replace(/\s+/g, "") : v), z.enum(VERDICTS)),
  reason: z.string(),
});

export function pairwiseParams(opts: PairwiseOptions = {}): RequestParams {
  const useLogprobs = opts.logprobs ?? true;
  return { temperature: 0, max_tokens: 400, ...(useLogprobs ? { logprobs: true, top_logprobs: 5 } : {}), ...opts.params };
}

/** One order: `a` is shown first. */
export async function judgeOneOrder(
  client: JudgeClient,
  input: { prompt: string; context?: string | null; a: string; b: string },
  order: OrderResult["order"],
  opts: PairwiseOptions = {},
): Promise<OrderResult> {
  const prompt = loadPrompt(opts.promptVersion ?? PAIRWISE_PROMPT_VERSION);
  const messages = renderPrompt(prompt, {
    prompt: fence("PROMPT", input.prompt),
    context: input.context ? fence("CONTEXT", input.context) : "(none)",
    output_a: fence("OUTPUT_A", input.a),
    output_b: fence("OUTPUT_B", input.b),
  });
  const answer = await askJson(client, prompt, messages, pairwiseAnswerSchema, { step: order, params: pairwiseParams(opts) });
  const { verdict, reason } = answer.value;
  const dist = answer.response.logprobs ? verdictDistribution(answer.response.logprobs) : undefined;
  // Logprobs that point at another verdict than the parsed one belong to different text; trust the scale.
  const usable = dist?.generated === verdict;
  return {
    order,
    verdict,
    reason,
    margin: usable ? dist.score : VERDICT_SCORE[verdict],
    marginSource: usable ? "logprobs" : "scale",
    verdictProbs: usable ? dist.probs : undefined,
    repaired: answer.repaired,
    calls: answer.calls,
  };
}

export async function judgePairwise(client: JudgeClient, input: PairwiseInput, opts: PairwiseOptions = {}): Promise<PairwiseResult> {
  const promptVersion = opts.promptVersion ?? PAIRWISE_PROMPT_VERSION;
  // Both orders go out together; allSettled lets the other order finish (and reach the cache)
  // even when one fails, so a retry of the comparison does not pay for it twice.
  const settled = await Promise.allSettled([
    judgeOneOrder(client, { prompt: input.prompt, context: input.context, a: input.candidate, b: input.other }, "candidate_first", opts),
    judgeOneOrder(client, { prompt: input.prompt, context: input.context, a: input.other, b: input.candidate }, "candidate_second", opts),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  const [first, second] = settled.map((s) => (s as PromiseFulfilledResult<OrderResult>).value) as [OrderResult, OrderResult];
  const combined = combineOrders(first.margin, second.margin);
  const calls = [...first.calls, ...second.calls];
  return {
    ...combined,
    protocol: "pairwise",
    promptVersion,
    configHash: protocolConfigHash(client, "pairwise", promptVersion, pairwiseParams(opts)),
    orders: [first, second],
    calls,
    costUsd: spentUsd(calls),
  };
}
