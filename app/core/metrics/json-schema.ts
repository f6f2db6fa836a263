/**
 * JSON Schema compliance (draft 2020-12, ajv). A schema that ajv cannot compile is an InvalidSchemaError
 * with ajv's explanation; an output that is not JSON fails compliance.
 */
import Ajv2020 from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import { parseJson, type ParseJsonOptions } from "./json-value.ts";
import type { RateResult } from "./json-validity.ts";

export class InvalidSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidSchemaError";
  }
}

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, logger: false });
const compiled = new Map<string, ValidateFunction>();

/** Compiles (and caches) a schema; throws InvalidSchemaError when it is not a valid draft 2020-12 schema. */
export function compileSchema(schema: unknown): ValidateFunction {
  if (typeof schema !== "boolean" && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    throw new InvalidSchemaError(`invalid JSON Schema: a schema must be an object or a boolean, got ${Array.isArray(schema) ? "an array" : typeof schema}`);
  }
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate) return validate;
  try {
    validate = ajv.compile(schema as object);
  } catch (err) {
    throw new InvalidSchemaError(`invalid JSON Schema: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(key, validate);
  return validate;
}

export interface SchemaCheck {
  valid: boolean;
  /** First problem, e.g. "/age must be integer" or "not JSON: Unexpected token". */
  error: string | null;
}

export function checkValue(value: unknown, schema: unknown): SchemaCheck {
  const validate = compileSchema(schema);
  if (validate(value)) return { valid: true, error: null };
  const e = validate.errors?.[0];
  return { valid: false, error: e ? `${e.instancePath || "/"} ${e.message ?? "is invalid"}` : "does not match the schema" };
}

export function checkOutput(text: string, schema: unknown, options: ParseJsonOptions = {}): SchemaCheck {
  compileSchema(schema); // an invalid schema is an error even when the output is not JSON
  const parsed = parseJson(text, options);
  if (!parsed.ok) return { valid: false, error: `not JSON: ${parsed.error}` };
  return checkValue(parsed.value, schema);
}

export function schemaComplianceRate(outputs: Iterable<string>, schema: unknown, options: ParseJsonOptions = {}): RateResult {
  compileSchema(schema);
  let passed = 0;
  let n = 0;
  for (const o of outputs) {
    n++;
    if (checkOutput(o, schema, options).valid) passed++;
  }
  return { rate: n === 0 ? Number.NaN : passed / n, passed, n };
}
