import { fail, pass, show, type Checker } from "./check.ts";

/** Case-insensitive substring (both sides lowercased). */
export const checkIContains: Checker<"icontains"> = (a, { output }) =>
  (output ?? "").toLowerCase().includes(a.value.toLowerCase())
    ? pass(`output contains ${show(a.value)} (ignoring case)`)
    : fail(`output does not contain ${show(a.value)} (ignoring case)`);
