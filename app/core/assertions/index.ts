export * from "./schema.ts";
export * from "./check.ts";
export { CHECKERS, runCheck } from "./registry.ts";
export * from "./evaluate.ts";
export * from "./pass-rates.ts";
export { parseJsonPath, getJsonPath } from "./json-path.ts";
