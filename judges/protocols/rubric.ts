/**
 * Rubric grading for the `llm_rubric` assertion: one output, one rubric written by the eval's
 * owner, a pass/fail with the judge's reason.
 */
import { z } from "zod";
import type { JudgeClient } from "../client.ts";
import { fence } from "../fence.ts";
import { loadPrompt, renderPrompt } from "../prompts.ts";
import type { RequestParams } from "../types.ts";
import { askJson, protocolConfigHash, spentUsd, type CallRecord } from "./json-answer.ts";

export const RUBRIC_PROMPT_VERSION = "rubric-v1";

export interface RubricInput {
  prompt: string;
  output: string;
  rubric: string;
}

export interface RubricOptions {
  promptVersion?: string;
  params?: RequestParams;
}

export interface RubricResult {
  protocol: "rubric";
  pass: boolean;
  reason: string;
  promptVersion: string;
  configHash: string;
  calls: CallRecord[];
  costUsd: number | null;
}

/** Judges write pass as a boolean, and sometimes as "pass"/"fail" or "true"/"false". */
export const rubricAnswerSchema = z.object({
  pass: z.union([z.boolean(), z.enum(["true", "false", "pass", "fail"]).transform((s) => s === "true" || s === "pass")]),
  reason: z.string(),
});

export async function gradeRubric(client: JudgeClient, input: RubricInput, opts: RubricOptions = {}): Promise<RubricResult> {
  const prompt = loadPrompt(opts.promptVersion ?? RUBRIC_PROMPT_VERSION);
  const params: RequestParams = { temperature: 0, max_tokens: 400, ...opts.params };
  const answer = await askJson(
    client,
    prompt,
    renderPrompt(prompt, { rubric: fence("RUBRIC", input.rubric), prompt: fence("PROMPT", input.prompt), output: fence("OUTPUT", input.output) }),
    rubricAnswerSchema,
    { step: "rubric", params },
  );
  return {
    protocol: "rubric",
    pass: answer.value.pass,
    reason: answer.value.reason,
    promptVersion: prompt.version,
    configHash: protocolConfigHash(client, "rubric", prompt.version, params),
    calls: answer.calls,
    costUsd: spentUsd(answer.calls),
  };
}
