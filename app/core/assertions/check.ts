/** What one assertion check sees and returns. */
import type { AssertionOf, AssertionType, LlmRubric } from "./schema.ts";

/** The judge's verdict on one llm_rubric assertion. */
export interface RubricVerdict {
  pass: boolean;
  /** Score in [0, 1], compared with the assertion's threshold when both exist. */
  score?: number;
  reason?: string;
}

export interface AssertionSubject {
  /** Output text; null when the system returned an error. */
  output: string | null;
  error?: string | null;
  latencyMs?: number | null;
  /** Looks up the judge's verdict for an llm_rubric assertion (by its index in the case's list); undefined until scored. */
  rubricVerdict?: (assertion: LlmRubric, index: number) => RubricVerdict | undefined;
}

export type CheckStatus = "pass" | "fail" | "pending";

export interface CheckResult {
  status: CheckStatus;
  /** Why it failed or is pending; a short confirmation when it passed. */
  reason: string;
}

export type Checker<T extends AssertionType> = (assertion: AssertionOf<T>, subject: AssertionSubject, index: number) => CheckResult;

export const pass = (reason: string): CheckResult => ({ status: "pass", reason });
export const fail = (reason: string): CheckResult => ({ status: "fail", reason });

/** Shortens a value for a reason message. */
export function show(value: unknown, max = 80): string {
  const s = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
