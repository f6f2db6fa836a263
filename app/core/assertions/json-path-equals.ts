import { jsonEqual, parseJson } from "../metrics/json-value.ts";
import { getJsonPath } from "./json-path.ts";
import { fail, pass, show, type Checker } from "./check.ts";

/** The value at `path` in the output (parsed as JSON) is deep-equal to `value`. */
export const checkJsonPathEquals: Checker<"json_path_equals"> = (a, { output }) => {
  const p = parseJson(output ?? "");
  if (!p.ok) return fail(`output is not JSON, so ${a.path} cannot be read`);
  const got = getJsonPath(p.value, a.path);
  if (!got.found) return fail(`${a.path} is missing from the output`);
  return jsonEqual(got.value, a.value) ? pass(`${a.path} equals ${show(a.value)}`) : fail(`${a.path} is ${show(got.value)}, expected ${show(a.value)}`);
};
