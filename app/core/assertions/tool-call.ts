import { isPlainObject, jsonEqual } from "../metrics/json-value.ts";
import { parseToolCalls } from "../metrics/tool-call.ts";
import { fail, pass, show, type Checker } from "./check.ts";

/**
 * Some tool call in the output (any shape metrics/tool-call.ts accepts) has the expected name and, when
 * `args` is given, deep-equal arguments (with `partial`, only the listed keys must be deep-equal).
 */
export const checkToolCall: Checker<"tool_call"> = (a, { output }) => {
  const calls = parseToolCalls(output ?? "");
  if (calls.length === 0) return fail(`no tool call found in the output, expected ${a.name}`);
  const named = calls.filter((c) => c.name === a.name);
  if (named.length === 0) return fail(`tool ${show(a.name)} was not called (called: ${calls.map((c) => c.name).join(", ")})`);
  if (a.args === undefined) return pass(`tool ${a.name} was called`);
  const expected = a.args;
  for (const c of named) {
    if (a.partial) {
      if (isPlainObject(c.arguments) && Object.entries(expected).every(([k, v]) => Object.prototype.hasOwnProperty.call(c.arguments, k) && jsonEqual((c.arguments as Record<string, unknown>)[k], v))) {
        return pass(`tool ${a.name} was called with the expected arguments`);
      }
    } else if (jsonEqual(c.arguments, expected)) {
      return pass(`tool ${a.name} was called with exactly the expected arguments`);
    }
  }
  return fail(`tool ${a.name} was called with ${show(named[0].arguments)}, expected ${a.partial ? "at least " : ""}${show(expected)}`);
};
