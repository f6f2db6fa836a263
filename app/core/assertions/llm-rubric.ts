import { fail, pass, type Checker, type CheckResult } from "./check.ts";

/**
 * Scored by the LLM judge. Until a verdict exists the check is "pending", never "pass". With a verdict:
 * pass when the judge passed it and, if both a score and a threshold exist, the score reaches the threshold.
 */
export const checkLlmRubric: Checker<"llm_rubric"> = (a, subject, index): CheckResult => {
  const v = subject.rubricVerdict?.(a, index);
  if (!v) return { status: "pending", reason: `awaiting the LLM judge on rubric: ${a.rubric}` };
  const why = v.reason ? `: ${v.reason}` : "";
  if (!v.pass) return fail(`the judge failed rubric "${a.rubric}"${why}`);
  if (a.threshold !== undefined && typeof v.score === "number" && v.score < a.threshold) {
    return fail(`the judge scored rubric "${a.rubric}" ${v.score} < threshold ${a.threshold}${why}`);
  }
  return pass(`the judge passed rubric "${a.rubric}"${why}`);
};
