import { fail, pass, show, type Checker } from "./check.ts";

/** The pattern (JavaScript syntax) must match somewhere in the output. */
export const checkRegex: Checker<"regex"> = (a, { output }) =>
  new RegExp(a.pattern, a.flags).test(output ?? "") ? pass(`output matches /${a.pattern}/${a.flags ?? ""}`) : fail(`output does not match /${a.pattern}/${a.flags ?? ""} (${show(output ?? "", 60)})`);
