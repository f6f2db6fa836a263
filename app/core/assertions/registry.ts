/** The one registry of assertion checks: assertion type → checker. */
import type { Assertion, AssertionType } from "./schema.ts";
import type { AssertionSubject, Checker, CheckResult } from "./check.ts";
import { checkEquals } from "./equals.ts";
import { checkContains } from "./contains.ts";
import { checkIContains } from "./icontains.ts";
import { checkNotContains } from "./not-contains.ts";
import { checkRegex } from "./regex.ts";
import { checkIsJson } from "./is-json.ts";
import { checkJsonSchema } from "./json-schema.ts";
import { checkJsonPathEquals } from "./json-path-equals.ts";
import { checkToolCall } from "./tool-call.ts";
import { checkMaxLatencyMs } from "./max-latency-ms.ts";
import { checkLlmRubric } from "./llm-rubric.ts";

export const CHECKERS: { [T in AssertionType]: Checker<T> } = {
  equals: checkEquals,
  contains: checkContains,
  icontains: checkIContains,
  not_contains: checkNotContains,
  regex: checkRegex,
  is_json: checkIsJson,
  json_schema: checkJsonSchema,
  json_path_equals: checkJsonPathEquals,
  tool_call: checkToolCall,
  max_latency_ms: checkMaxLatencyMs,
  llm_rubric: checkLlmRubric,
};

export function runCheck(assertion: Assertion, subject: AssertionSubject, index: number): CheckResult {
  const checker = CHECKERS[assertion.type] as Checker<AssertionType>;
  return checker(assertion as never, subject, index);
}
