import { checkOutput } from "../metrics/json-schema.ts";
import { fail, pass, type Checker } from "./check.ts";

/** The output is JSON valid against the schema (draft 2020-12). */
export const checkJsonSchema: Checker<"json_schema"> = (a, { output }) => {
  const r = checkOutput(output ?? "", a.schema);
  return r.valid ? pass("output matches the JSON Schema") : fail(`output does not match the JSON Schema: ${r.error}`);
};
