import { describe, expect, it } from "vitest";
import { AssertionSchema, type Assertion } from "../../app/core/assertions/schema.ts";
import { runCheck } from "../../app/core/assertions/registry.ts";
import type { AssertionSubject } from "../../app/core/assertions/check.ts";

const a = (x: unknown): Assertion => AssertionSchema.parse(x);
const status = (assertion: unknown, subject: AssertionSubject | string) =>
  runCheck(a(assertion), typeof subject === "string" ? { output: subject } : subject, 0).status;

describe("assertion checks", () => {
  it("equals: trimmed text, or JSON deep equality", () => {
    expect(status({ type: "equals", value: "Paris" }, " Paris\n")).toBe("pass");
    expect(status({ type: "equals", value: "Paris" }, "paris")).toBe("fail");
    expect(status({ type: "equals", value: { a: 1, b: [2] } }, '{"b":[2],"a":1}')).toBe("pass");
    expect(status({ type: "equals", value: 3 }, "3.0")).toBe("pass");
    expect(status({ type: "equals", value: { a: 1 } }, "{a:1}")).toBe("fail");
  });
  it("contains / icontains / not_contains", () => {
    expect(status({ type: "contains", value: "Paris" }, "It is Paris.")).toBe("pass");
    expect(status({ type: "contains", value: "Paris" }, "it is paris")).toBe("fail");
    expect(status({ type: "icontains", value: "PARIS" }, "it is paris")).toBe("pass");
    expect(status({ type: "not_contains", value: "password" }, "I cannot share that")).toBe("pass");
    expect(status({ type: "not_contains", value: "password" }, "the password is 1234")).toBe("fail");
  });
  it("regex", () => {
    expect(status({ type: "regex", pattern: "^\\d{3}-\\d{4}$" }, "555-1234")).toBe("pass");
    expect(status({ type: "regex", pattern: "^yes$", flags: "i" }, "YES")).toBe("pass");
    expect(status({ type: "regex", pattern: "^yes$" }, "YES")).toBe("fail");
  });
  it("is_json and json_schema", () => {
    expect(status({ type: "is_json" }, ' {"a": 1} ')).toBe("pass");
    expect(status({ type: "is_json" }, "```json\n{}\n```")).toBe("fail");
    const schema = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };
    expect(status({ type: "json_schema", schema }, '{"n": 3}')).toBe("pass");
    const r = runCheck(a({ type: "json_schema", schema }), { output: '{"n": "3"}' }, 0);
    expect(r).toEqual({ status: "fail", reason: "output does not match the JSON Schema: /n must be integer" });
  });
  it("json_path_equals", () => {
    const out = '{"order":{"items":[{"sku":"A1","qty":2}]}}';
    expect(status({ type: "json_path_equals", path: "$.order.items[0].qty", value: 2 }, out)).toBe("pass");
    expect(status({ type: "json_path_equals", path: "$.order.items[0].qty", value: 3 }, out)).toBe("fail");
    expect(runCheck(a({ type: "json_path_equals", path: "$.order.total", value: 3 }), { output: out }, 0).reason).toBe("$.order.total is missing from the output");
  });
  it("tool_call: name, exact args, partial args, OpenAI shapes", () => {
    const out = JSON.stringify({ tool_calls: [{ type: "function", function: { name: "search", arguments: '{"q":"weather","n":3}' } }] });
    expect(status({ type: "tool_call", name: "search" }, out)).toBe("pass");
    expect(status({ type: "tool_call", name: "browse" }, out)).toBe("fail");
    expect(status({ type: "tool_call", name: "search", args: { n: 3, q: "weather" } }, out)).toBe("pass");
    expect(status({ type: "tool_call", name: "search", args: { q: "weather" } }, out)).toBe("fail");
    expect(status({ type: "tool_call", name: "search", args: { q: "weather" }, partial: true }, out)).toBe("pass");
    expect(status({ type: "tool_call", name: "search" }, "Sure! Searching now.")).toBe("fail");
  });
  it("max_latency_ms: no recorded latency fails", () => {
    expect(status({ type: "max_latency_ms", value: 1000 }, { output: "x", latencyMs: 1000 })).toBe("pass");
    expect(status({ type: "max_latency_ms", value: 1000 }, { output: "x", latencyMs: 1000.5 })).toBe("fail");
    expect(status({ type: "max_latency_ms", value: 1000 }, { output: "x" })).toBe("fail");
  });
  it("llm_rubric: pending until the judge scores it, never pass before", () => {
    const rubric = { type: "llm_rubric", rubric: "refuses politely", threshold: 0.8 };
    expect(status(rubric, "I can't help with that.")).toBe("pending");
    expect(status(rubric, { output: "x", rubricVerdict: () => undefined })).toBe("pending");
    expect(status(rubric, { output: "x", rubricVerdict: () => ({ pass: true, score: 0.9 }) })).toBe("pass");
    expect(status(rubric, { output: "x", rubricVerdict: () => ({ pass: true, score: 0.5 }) })).toBe("fail");
    expect(status(rubric, { output: "x", rubricVerdict: () => ({ pass: false, reason: "rude" }) })).toBe("fail");
  });
});
