/** Valid-JSON rate: the share of outputs that parse as JSON (strict by default, see json-value.ts). */
import { parseJson, type ParseJsonOptions } from "./json-value.ts";

export interface RateResult {
  rate: number;
  passed: number;
  n: number;
}

export function isValidJson(text: string, options: ParseJsonOptions = {}): boolean {
  return parseJson(text, options).ok;
}

export function validJsonRate(outputs: Iterable<string>, options: ParseJsonOptions = {}): RateResult {
  let passed = 0;
  let n = 0;
  for (const o of outputs) {
    n++;
    if (isValidJson(o, options)) passed++;
  }
  return { rate: n === 0 ? Number.NaN : passed / n, passed, n };
}
