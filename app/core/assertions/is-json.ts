import { parseJson } from "../metrics/json-value.ts";
import { fail, pass, type Checker } from "./check.ts";

/** The trimmed output parses as JSON (strict: no code fences). */
export const checkIsJson: Checker<"is_json"> = (_a, { output }) => {
  const p = parseJson(output ?? "");
  return p.ok ? pass("output is valid JSON") : fail(`output is not valid JSON: ${p.error}`);
};
