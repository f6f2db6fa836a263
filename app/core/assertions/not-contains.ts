import { fail, pass, show, type Checker } from "./check.ts";

/** Case-sensitive: the output must not contain the value. */
export const checkNotContains: Checker<"not_contains"> = (a, { output }) =>
  (output ?? "").includes(a.value) ? fail(`output contains ${show(a.value)}`) : pass(`output does not contain ${show(a.value)}`);
