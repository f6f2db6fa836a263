import { jsonEqual, parseJson } from "../metrics/json-value.ts";
import { fail, pass, show, type Checker } from "./check.ts";

/** A string value: output equal after trimming both. Any other JSON value: the output parsed as JSON is deep-equal. */
export const checkEquals: Checker<"equals"> = (a, { output }) => {
  const text = output ?? "";
  if (typeof a.value === "string") {
    return text.trim() === a.value.trim() ? pass("output equals the expected text") : fail(`output ${show(text.trim())} does not equal ${show(a.value.trim())}`);
  }
  const p = parseJson(text);
  if (!p.ok) return fail(`output is not JSON, expected ${show(a.value)}`);
  return jsonEqual(p.value, a.value) ? pass("output equals the expected JSON value") : fail(`output ${show(p.value)} does not equal ${show(a.value)}`);
};
