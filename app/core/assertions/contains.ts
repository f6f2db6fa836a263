import { fail, pass, show, type Checker } from "./check.ts";

/** Case-sensitive substring. */
export const checkContains: Checker<"contains"> = (a, { output }) =>
  (output ?? "").includes(a.value) ? pass(`output contains ${show(a.value)}`) : fail(`output does not contain ${show(a.value)}`);
