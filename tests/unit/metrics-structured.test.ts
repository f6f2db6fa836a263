import { describe, expect, it } from "vitest";
import { validJsonRate } from "../../app/core/metrics/json-validity.ts";
import { InvalidSchemaError, checkOutput, compileSchema, schemaComplianceRate } from "../../app/core/metrics/json-schema.ts";
import { FieldAccuracyAccumulator } from "../../app/core/metrics/field-accuracy.ts";
import { ToolCallAccumulator, argumentKeyShare, matchToolCalls, parseToolCalls } from "../../app/core/metrics/tool-call.ts";
import { jsonEqual, parseJson } from "../../app/core/metrics/json-value.ts";

const personSchema = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
  required: ["name", "age"],
  additionalProperties: false,
};

describe("JSON validity", () => {
  it("strict by default; code fences only when allowed", () => {
    expect(validJsonRate(['{"a":1}', " [1,2] ", "{a:1}", "```json\n{}\n```"])).toEqual({ rate: 0.5, passed: 2, n: 4 });
    expect(parseJson("```json\n{\"a\": 1}\n```", { allowCodeFence: true })).toEqual({ ok: true, value: { a: 1 } });
  });
  it("deep equality ignores key order, not array order", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});

describe("JSON Schema compliance (draft 2020-12)", () => {
  it("counts outputs that parse and validate", () => {
    const outputs = ['{"name":"Ada","age":36}', '{"name":"Bob","age":-1}', '{"name":"Cy"}', "not json", '{"name":"Di","age":3,"x":1}'];
    expect(schemaComplianceRate(outputs, personSchema)).toEqual({ rate: 0.2, passed: 1, n: 5 });
    expect(checkOutput('{"name":"Bob","age":-1}', personSchema).error).toMatch(/\/age must be >= 0/);
  });
  it("uses 2020-12 keywords (prefixItems)", () => {
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false };
    expect(checkOutput('["a", 1]', schema).valid).toBe(true);
    expect(checkOutput('["a", 1, 2]', schema).valid).toBe(false);
  });
  it("an invalid schema is a clear error", () => {
    expect(() => compileSchema({ type: "strin" })).toThrow(InvalidSchemaError);
    expect(() => compileSchema({ type: "strin" })).toThrow(/invalid JSON Schema/);
    expect(() => compileSchema([1, 2])).toThrow(/must be an object or a boolean/);
  });
});

describe("per-field accuracy", () => {
  it("compares every reference field with the prediction", () => {
    const acc = new FieldAccuracyAccumulator();
    acc.add('{"city":"Paris","zip":"75001","tags":["a"]}', '{"city":"Paris","zip":"75002","tags":["a"]}');
    acc.add("not json", '{"city":"Rome"}');
    const r = acc.result();
    expect(r.correct).toBe(2);
    expect(r.n).toBe(4);
    expect(r.accuracy).toBe(0.5);
    expect(r.perField.city).toEqual({ accuracy: 0.5, correct: 1, n: 2 });
    expect(r.perField.zip.accuracy).toBe(0);
  });
  it("nested fields by dotted path when asked", () => {
    const acc = new FieldAccuracyAccumulator({ nested: true });
    acc.add({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } });
    expect(Object.keys(acc.result().perField)).toEqual(["a.b", "a.c"]);
    expect(acc.result().accuracy).toBe(0.5);
  });
});

describe("tool calls", () => {
  it("accepts the common shapes", () => {
    const expected = [{ name: "get_weather", arguments: { city: "Paris" } }];
    expect(parseToolCalls('{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}')).toEqual(expected);
    expect(parseToolCalls({ name: "get_weather", args: { city: "Paris" } })).toEqual(expected);
    expect(parseToolCalls({ tool_calls: [{ id: "1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] })).toEqual(expected);
    expect(parseToolCalls("I think it will rain")).toEqual([]);
  });
  it("name, exact and key-by-key argument match", () => {
    const ref = [{ name: "book", arguments: { from: "PAR", to: "ROM", seats: 2 } }];
    expect(matchToolCalls([{ name: "book", arguments: { to: "ROM", from: "PAR", seats: 2 } }], ref)).toEqual({ nameMatch: true, argumentsExact: true, argumentKeyShare: 1 });
    // 2 of the 3 keys equal, union 3 keys → 2/3
    expect(matchToolCalls([{ name: "book", arguments: { from: "PAR", to: "ROM", seats: 3 } }], ref)).toEqual({ nameMatch: true, argumentsExact: false, argumentKeyShare: 2 / 3 });
    // an extra argument enlarges the union: 3 equal of 4 keys
    expect(argumentKeyShare({ from: "PAR", to: "ROM", seats: 2, class: "first" }, ref[0].arguments)).toBe(3 / 4);
    expect(matchToolCalls([{ name: "cancel", arguments: { from: "PAR", to: "ROM", seats: 2 } }], ref)).toEqual({ nameMatch: false, argumentsExact: false, argumentKeyShare: 0 });
  });
  it("accumulates rates over cases", () => {
    const acc = new ToolCallAccumulator();
    acc.add('{"name":"a","arguments":{"x":1}}', { name: "a", args: { x: 1 } });
    acc.add('{"name":"a","arguments":{"x":2}}', { name: "a", args: { x: 1 } });
    acc.add("no call", { name: "a", args: { x: 1 } });
    acc.add('{"name":"b"}', { name: "a" });
    expect(acc.result()).toEqual({ nameAccuracy: 0.5, argumentsExactRate: 0.25, argumentKeyShare: 0.25, n: 4 });
  });
});
