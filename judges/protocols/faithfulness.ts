/**
 * Faithfulness: is what the output says backed by the case's source? Two calls: extract the
 * output's claims, then check them all against the context (or, failing that, the reference).
 * Score = supported claims / all claims, and the unsupported ones are kept for the report.
 *
 * Two edge cases are decided here, not left to the judge:
 * - no context and no reference: there is nothing to be faithful to, so the result is
 *   `not_applicable`, never a score (a missing score must not read as 0 or 1);
 * - zero claims (a refusal, a clarifying question): nothing unsupported was said, so the score is
 *   1 with n_claims 0, and no verification call is made. Reports can filter on n_claims.
 */
import { z } from "zod";
import type { JudgeClient } from "../client.ts";
import { fence } from "../fence.ts";
import { loadPrompt, renderPrompt } from "../prompts.ts";
import type { RequestParams } from "../types.ts";
import { askJson, protocolConfigHash, spentUsd, type CallRecord } from "./json-answer.ts";

export const FAITHFULNESS_CLAIMS_VERSION = "faithfulness-claims-v1";
export const FAITHFULNESS_VERIFY_VERSION = "faithfulness-verify-v1";

export interface FaithfulnessInput {
  prompt: string;
  output: string;
  context?: string | null;
  reference?: string | null;
}

export interface FaithfulnessOptions {
  claimsPromptVersion?: string;
  verifyPromptVersion?: string;
  params?: RequestParams;
}

export interface CheckedClaim {
  claim: string;
  supported: boolean;
  reason: string;
}

export type FaithfulnessResult =
  | { status: "not_applicable"; reason: string; protocol: "faithfulness" }
  | {
      status: "scored";
      protocol: "faithfulness";
      score: number;
      n_claims: number;
      n_supported: number;
      source: "context" | "reference";
      claims: CheckedClaim[];
      unsupported: CheckedClaim[];
      promptVersions: { claims: string; verify: string };
      configHash: string;
      calls: CallRecord[];
      costUsd: number | null;
    };

export const claimsAnswerSchema = z.object({ claims: z.array(z.string()) });

const supportedValue = z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]);

/** One entry per claim, each claim number exactly once; order in the answer does not matter. */
export function verifyAnswerSchema(nClaims: number) {
  return z
    .object({
      results: z.array(z.object({ claim: z.coerce.number().int(), supported: supportedValue, reason: z.string().default("") })),
    })
    .superRefine((a, ctx) => {
      const seen = new Set(a.results.map((r) => r.claim));
      if (a.results.length !== nClaims || seen.size !== nClaims || [...seen].some((n) => n < 1 || n > nClaims)) {
        ctx.addIssue({ code: "custom", message: `expected one result for each claim 1..${nClaims}, got ${a.results.length}` });
      }
    });
}

export function faithfulnessParams(opts: FaithfulnessOptions = {}): RequestParams {
  return { temperature: 0, max_tokens: 1500, ...opts.params };
}

export async function judgeFaithfulness(client: JudgeClient, input: FaithfulnessInput, opts: FaithfulnessOptions = {}): Promise<FaithfulnessResult> {
  const source = input.context?.trim() ? ("context" as const) : input.reference?.trim() ? ("reference" as const) : undefined;
  if (!source) return { status: "not_applicable", reason: "the case has neither context nor reference", protocol: "faithfulness" };
  const sourceText = (source === "context" ? input.context : input.reference)!;

  const claimsPrompt = loadPrompt(opts.claimsPromptVersion ?? FAITHFULNESS_CLAIMS_VERSION);
  const verifyPrompt = loadPrompt(opts.verifyPromptVersion ?? FAITHFULNESS_VERIFY_VERSION);
  const params = faithfulnessParams(opts);
  const configHash = protocolConfigHash(client, "faithfulness", `${claimsPrompt.version}+${verifyPrompt.version}`, params);

  const extracted = await askJson(
    client,
    claimsPrompt,
    renderPrompt(claimsPrompt, { prompt: fence("PROMPT", input.prompt), output: fence("OUTPUT", input.output) }),
    claimsAnswerSchema,
    { step: "claims", params },
  );
  const claims = extracted.value.claims.map((c) => c.trim()).filter(Boolean);
  const base = { status: "scored" as const, protocol: "faithfulness" as const, source, promptVersions: { claims: claimsPrompt.version, verify: verifyPrompt.version }, configHash };
  if (claims.length === 0) {
    return { ...base, score: 1, n_claims: 0, n_supported: 0, claims: [], unsupported: [], calls: extracted.calls, costUsd: spentUsd(extracted.calls) };
  }

  const numbered = claims.map((c, i) => `${i + 1}. ${c}`).join("\n");
  const verified = await askJson(
    client,
    verifyPrompt,
    renderPrompt(verifyPrompt, { source: fence("SOURCE", sourceText), claims: fence("CLAIMS", numbered), n_claims: String(claims.length) }),
    verifyAnswerSchema(claims.length),
    { step: "verify", params },
  );
  const byNumber = new Map(verified.value.results.map((r) => [r.claim, r]));
  const checked: CheckedClaim[] = claims.map((claim, i) => {
    const r = byNumber.get(i + 1)!;
    return { claim, supported: r.supported, reason: r.reason };
  });
  const nSupported = checked.filter((c) => c.supported).length;
  const calls = [...extracted.calls, ...verified.calls];
  return {
    ...base,
    score: nSupported / checked.length,
    n_claims: checked.length,
    n_supported: nSupported,
    claims: checked,
    unsupported: checked.filter((c) => !c.supported),
    calls,
    costUsd: spentUsd(calls),
  };
}
