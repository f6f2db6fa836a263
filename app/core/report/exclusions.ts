/**
 * Why a gate has less data than the eval (issue 13 item 9): each exclusion of a gate links to the
 * cases it left out in the evidence explorer, /evals/:evalId/explore?… (query parameters defined in
 * app/core/explore/filters.ts: the gate's scope, plus the filter that selects the reason). Pure.
 */
import type { Scope } from "../../schemas/pack.ts";
import type { Exclusion } from "./gate-evaluation.ts";

/** Explorer query parameters selecting an exclusion's cases within a gate's scope. */
export function exclusionFilter(scope: Scope | "all", reason: Exclusion["reason"], metric: string): Record<string, string> {
  const q: Record<string, string> = {};
  if (scope !== "all") for (const k of ["suite", "category", "shape", "tag"] as const) if (scope[k]) q[k] = scope[k]!;
  switch (reason) {
    case "pending_llm_rubric":
      q.assert = "pending";
      break;
    case "missing_output":
    case "missing_baseline_output":
      q.missing = "1";
      break;
    case "identical":
      q.identical = "1";
      break;
    case "not_judged":
      if (metric === "judge_win_rate") q.judge = "none";
      else q.human = "none";
      q.identical = "0";
      break;
  }
  return q;
}

export function exclusionHref(evalId: number, filter: Record<string, string>): string {
  return `/evals/${evalId}/explore?${new URLSearchParams(filter).toString()}`;
}
