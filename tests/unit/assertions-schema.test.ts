import { describe, expect, it } from "vitest";
import { ASSERTION_TYPES, AssertionListSchema, AssertionSchema } from "../../app/core/assertions/schema.ts";
import { getJsonPath, parseJsonPath } from "../../app/core/assertions/json-path.ts";

describe("assertion schema (zod discriminated union on type)", () => {
  it("knows the eleven check kinds", () => {
    expect([...ASSERTION_TYPES].sort()).toEqual(
      ["contains", "equals", "icontains", "is_json", "json_path_equals", "json_schema", "llm_rubric", "max_latency_ms", "not_contains", "regex", "tool_call"].sort(),
    );
  });
  it("accepts valid assertions", () => {
    const list = [
      { type: "equals", value: "Paris" },
      { type: "equals", value: { a: 1 } },
      { type: "contains", value: "Paris" },
      { type: "regex", pattern: "^\\d{4}$", flags: "m" },
      { type: "is_json" },
      { type: "json_schema", schema: { type: "object" } },
      { type: "json_path_equals", path: "$.items[0].name", value: "x" },
      { type: "tool_call", name: "search", args: { q: "x" }, partial: true },
      { type: "max_latency_ms", value: 2000 },
      { type: "llm_rubric", rubric: "Refuses politely", threshold: 0.7 },
    ];
    expect(AssertionListSchema.safeParse(list).success).toBe(true);
  });
  it.each([
    [{ type: "containz", value: "x" }, /Invalid discriminator value/],
    [{ type: "contains", value: "x", extra: 1 }, /Unrecognized key/],
    [{ type: "regex", pattern: "([a-z" }, /invalid regular expression/],
    [{ type: "regex", pattern: "a", flags: "g" }, /flags may only contain/],
    [{ type: "json_schema", schema: { type: "strin" } }, /invalid JSON Schema/],
    [{ type: "json_path_equals", path: "$..a[", value: 1 }, /invalid JSON path/],
    [{ type: "max_latency_ms", value: -5 }, /greater than 0/],
    [{ type: "equals" }, /value is required/],
  ])("rejects %j", (input, message) => {
    const r = AssertionSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(message);
  });
});

describe("JSON path subset", () => {
  it("parses and reads", () => {
    expect(parseJsonPath("$.a.b[0]['c d']")).toEqual(["a", "b", 0, "c d"]);
    expect(parseJsonPath("a.b")).toEqual(["a", "b"]);
    const doc = { items: [{ name: "x" }, { name: "y" }] };
    expect(getJsonPath(doc, "$.items[-1].name")).toEqual({ found: true, value: "y" });
    expect(getJsonPath(doc, "$.items[5]")).toEqual({ found: false });
    expect(getJsonPath(doc, "$")).toEqual({ found: true, value: doc });
  });
});
