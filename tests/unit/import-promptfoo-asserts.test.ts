/**
 * Every promptfoo assert type Arbiter maps, checked by running the mapped Arbiter assertion on an
 * output promptfoo passes and one it fails (promptfoo's documented semantics,
 * site/docs/configuration/expected-outputs), and the example configs parsed as the importer does.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AssertionSchema, runCheck, type Assertion } from "../../app/core/assertions/index.ts";
import { mapPromptfooAssert } from "../../app/import/formats/promptfoo-asserts.ts";
import { promptfoo, fillTemplate } from "../../app/import/formats/promptfoo.ts";
import { alpacaPreference } from "../../app/import/formats/alpaca-eval.ts";
import { newReport, type ImportItem } from "../../app/import/formats/types.ts";

const FIX = join(__dirname, "..", "fixtures");

function mapped(a: Record<string, unknown>, tools: string[] = []): Assertion {
  const m = mapPromptfooAssert(a, tools);
  if (!m.ok) throw new Error(`${a.type}: ${m.reason}`);
  expect(AssertionSchema.safeParse(m.assertion).success).toBe(true);
  return m.assertion;
}
const check = (a: Assertion, output: string, latencyMs?: number) => runCheck(a, { output, latencyMs }, 0).status;

const toolCall = JSON.stringify([{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }]);

// [promptfoo assert, an output it passes, an output it fails]
const CASES: [Record<string, unknown>, string, string][] = [
  [{ type: "equals", value: "yes" }, " yes ", "yes!"],
  [{ type: "contains", value: "hello" }, "well hello there", "Hello there"],
  [{ type: "icontains", value: "HELLO" }, "well Hello there", "hi there"],
  [{ type: "not-contains", value: "no" }, "yes", "no way"],
  [{ type: "not-icontains", value: "NEVER" }, "always", "I will Never"],
  [{ type: "regex", value: "\\d{4}-\\d{2}-\\d{2}" }, "on 2024-05-01.", "on 05/01/2024"],
  [{ type: "not-regex", value: "^\\d+$" }, "42 apples", "42"],
  [{ type: "starts-with", value: "Sure," }, "Sure, here it is", "Okay. Sure, here"],
  [{ type: "not-starts-with", value: "Sorry" }, "Fine. Sorry", "Sorry, I cannot"],
  [{ type: "not-equals", value: "nothing" }, "something", " nothing "],
  [{ type: "is-json" }, '{"a": 1}', "{a: 1}"],
  [{ type: "is-json", value: { type: "object", required: ["name"] } }, '{"name": "Ada"}', '{"age": 3}'],
  [{ type: "is-valid-openai-tools-call" }, toolCall, "It is sunny."],
];

describe("promptfoo asserts as Arbiter assertions", () => {
  it.each(CASES)("%o passes and fails as promptfoo says", (a, good, bad) => {
    const assertion = mapped(a, ["get_weather"]);
    expect(check(assertion, good)).toBe("pass");
    expect(check(assertion, bad)).toBe("fail");
  });

  it("latency is a maximum in milliseconds; llm-rubric keeps its rubric and threshold", () => {
    const lat = mapped({ type: "latency", threshold: 5000 });
    expect(lat).toEqual({ type: "max_latency_ms", value: 5000 });
    expect(runCheck(lat, { output: "x", latencyMs: 4999 }, 0).status).toBe("pass");
    expect(runCheck(lat, { output: "x", latencyMs: 5001 }, 0).status).toBe("fail");
    expect(mapped({ type: "llm-rubric", value: "is polite", threshold: 0.7 })).toEqual({ type: "llm_rubric", rubric: "is polite", threshold: 0.7 });
  });

  it("says why it cannot map the rest", () => {
    expect(mapPromptfooAssert({ type: "contains-json" })).toMatchObject({ ok: false, type: "contains-json" });
    expect(mapPromptfooAssert({ type: "is-valid-openai-tools-call" }, ["a", "b"])).toMatchObject({ ok: false });
    expect(mapPromptfooAssert({ type: "javascript", value: "1" })).toMatchObject({ ok: false, type: "javascript" });
  });

  it("fills templates from vars, leaving what has no value as written", () => {
    expect(fillTemplate("Convert this English to {{language}}: {{ input }}", { language: "French", input: "Hello world" })).toEqual({ text: "Convert this English to French: Hello world", missing: [] });
    expect(fillTemplate("{{a.b}} and {{c}}", { a: { b: 1 } })).toEqual({ text: "1 and {{c}}", missing: ["c"] });
  });

  it("reads promptfoo's getting-started example: two prompts × two tests, one assertion each", async () => {
    const items: ImportItem[] = [];
    const report = newReport();
    for await (const i of promptfoo.read(join(FIX, "promptfoo/getting-started.yaml"), {}, report)) items.push(i);
    expect(items.map((i) => (i.kind === "case" ? [i.record.id, i.record.input, i.record.assertions] : i))).toEqual([
      ["test-1-prompt-1", "Convert this English to French: Hello world", [{ type: "contains", value: "Bonjour le monde" }]],
      ["test-1-prompt-2", "Translate to French: Hello world", [{ type: "contains", value: "Bonjour le monde" }]],
      ["test-2-prompt-1", "Convert this English to Spanish: Where is the library?", [{ type: "icontains", value: "Dónde está la biblioteca" }]],
      ["test-2-prompt-2", "Translate to Spanish: Where is the library?", [{ type: "icontains", value: "Dónde está la biblioteca" }]],
    ]);
    expect(report.unsupported).toEqual({});
  });
});

describe("AlpacaEval preferences", () => {
  it("1 prefers output_1, 2 output_2, 1.5 and 0 are ties, null none, in between a fractional score", () => {
    expect(alpacaPreference(1)).toEqual({ winner: 1, score: 0 });
    expect(alpacaPreference("2")).toEqual({ winner: 2, score: 1 });
    expect(alpacaPreference(1.5)).toEqual({ winner: "tie", score: 0.5 });
    expect(alpacaPreference(0)).toEqual({ winner: "tie", score: 0.5 });
    expect(alpacaPreference(null)).toBeNull();
    expect(alpacaPreference(1.25)).toEqual({ winner: 1, score: 0.25 });
    expect(alpacaPreference(1.9)).toMatchObject({ winner: 2 });
    expect(typeof alpacaPreference(3)).toBe("string");
  });
});

describe("format catalog", () => {
  it("lists exactly the registry's formats", async () => {
    const { FORMATS } = await import("../../app/import/formats/index.ts");
    const { FORMAT_CATALOG, MAPPED_FIELDS } = await import("../../app/import/formats/catalog.ts");
    const { MAPPABLE } = await import("../../app/import/formats/mapped.ts");
    expect(FORMAT_CATALOG.map((f) => f.name).sort()).toEqual(Object.keys(FORMATS).sort());
    expect(FORMAT_CATALOG.filter((f) => f.mapped).map((f) => f.name).sort()).toEqual(Object.values(FORMATS).filter((f) => f.mapped).map((f) => f.name).sort());
    expect(MAPPED_FIELDS.map((f) => f.field)).toEqual([...MAPPABLE]);
  });
});
