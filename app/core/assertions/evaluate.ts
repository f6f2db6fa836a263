/**
 * The verdict of one case: every assertion must hold. "fail" as soon as one check fails (the reason is the
 * first failing check's, in list order); otherwise "pending" while an llm_rubric awaits the judge;
 * otherwise "pass". An output that is an error fails. A case without assertions is "none" and is left out
 * of pass rates.
 */
import type { Assertion } from "./schema.ts";
import type { AssertionSubject, CheckResult } from "./check.ts";
import { runCheck } from "./registry.ts";

export type CaseStatus = "pass" | "fail" | "pending" | "none";

export interface CaseCheck extends CheckResult {
  index: number;
  type: Assertion["type"];
}

export interface CaseVerdict {
  status: CaseStatus;
  /** The first failing check's reason; for pending, the first pending one's; null on pass / none. */
  reason: string | null;
  checks: CaseCheck[];
}

export function evaluateCase(assertions: readonly Assertion[], subject: AssertionSubject): CaseVerdict {
  if (assertions.length === 0) return { status: "none", reason: null, checks: [] };
  if (subject.output === null) {
    return { status: "fail", reason: `the system returned an error${subject.error ? `: ${subject.error}` : ""}`, checks: [] };
  }
  const checks: CaseCheck[] = assertions.map((a, index) => ({ index, type: a.type, ...runCheck(a, subject, index) }));
  const failed = checks.find((c) => c.status === "fail");
  if (failed) return { status: "fail", reason: `${failed.type}: ${failed.reason}`, checks };
  const pending = checks.find((c) => c.status === "pending");
  if (pending) return { status: "pending", reason: `${pending.type}: ${pending.reason}`, checks };
  return { status: "pass", reason: null, checks };
}
