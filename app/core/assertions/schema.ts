/**
 * Declarative per-case assertions: a zod discriminated union on `type`, exported so the case importer
 * validates them (unknown types, unknown keys, regexes that do not compile, JSON Schemas ajv rejects and
 * malformed JSON paths are all import errors, not run-time surprises).
 */
import { z } from "zod";
import { compileSchema } from "../metrics/json-schema.ts";
import { parseJsonPath } from "./json-path.ts";

const description = z.string().optional();

export const EqualsAssertion = z
  .object({
    type: z.literal("equals"),
    /** A string: output equal after trimming both. Any other JSON value: output parsed as JSON and deep-equal. */
    value: z.unknown().refine((v) => v !== undefined, "value is required"),
    description,
  })
  .strict();

export const ContainsAssertion = z.object({ type: z.literal("contains"), value: z.string().min(1), description }).strict();
export const IContainsAssertion = z.object({ type: z.literal("icontains"), value: z.string().min(1), description }).strict();
export const NotContainsAssertion = z.object({ type: z.literal("not_contains"), value: z.string().min(1), description }).strict();

export const RegexAssertion = z
  .object({
    type: z.literal("regex"),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/, "flags may only contain i, m, s, u").optional(),
    description,
  })
  .strict()
  .superRefine((a, ctx) => {
    try {
      new RegExp(a.pattern, a.flags);
    } catch (err) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["pattern"], message: `invalid regular expression: ${(err as Error).message}` });
    }
  });

export const IsJsonAssertion = z.object({ type: z.literal("is_json"), description }).strict();

export const JsonSchemaAssertion = z
  .object({ type: z.literal("json_schema"), schema: z.union([z.record(z.unknown()), z.boolean()]), description })
  .strict()
  .superRefine((a, ctx) => {
    try {
      compileSchema(a.schema);
    } catch (err) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["schema"], message: (err as Error).message });
    }
  });

export const JsonPathEqualsAssertion = z
  .object({
    type: z.literal("json_path_equals"),
    path: z.string().min(1),
    value: z.unknown().refine((v) => v !== undefined, "value is required"),
    description,
  })
  .strict()
  .superRefine((a, ctx) => {
    try {
      parseJsonPath(a.path);
    } catch (err) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["path"], message: (err as Error).message });
    }
  });

export const ToolCallAssertion = z
  .object({
    type: z.literal("tool_call"),
    name: z.string().min(1),
    /** Expected arguments: deep-equal to the call's arguments, or with `partial` only these keys are checked. */
    args: z.record(z.unknown()).optional(),
    partial: z.boolean().optional(),
    description,
  })
  .strict();

export const MaxLatencyMsAssertion = z.object({ type: z.literal("max_latency_ms"), value: z.number().positive(), description }).strict();

export const LlmRubricAssertion = z
  .object({
    type: z.literal("llm_rubric"),
    rubric: z.string().min(1),
    /** Minimum judge score in [0, 1] to pass, when the judge gives a score. */
    threshold: z.number().min(0).max(1).optional(),
    description,
  })
  .strict();

// discriminatedUnion needs plain object schemas; the refinements run after the union picks its member.
export const AssertionUnion = z.discriminatedUnion("type", [
  EqualsAssertion,
  ContainsAssertion,
  IContainsAssertion,
  NotContainsAssertion,
  RegexAssertion.innerType(),
  IsJsonAssertion,
  JsonSchemaAssertion.innerType(),
  JsonPathEqualsAssertion.innerType(),
  ToolCallAssertion,
  MaxLatencyMsAssertion,
  LlmRubricAssertion,
]);

const REFINED: Record<string, z.ZodTypeAny> = {
  regex: RegexAssertion,
  json_schema: JsonSchemaAssertion,
  json_path_equals: JsonPathEqualsAssertion,
};

export const AssertionSchema = AssertionUnion.superRefine((a, ctx) => {
  const refined = REFINED[a.type];
  if (!refined) return;
  const r = refined.safeParse(a);
  if (!r.success) for (const issue of r.error.issues) ctx.addIssue(issue as z.IssueData);
});

export const AssertionListSchema = z.array(AssertionSchema);

export type Assertion = z.infer<typeof AssertionUnion>;
export type AssertionType = Assertion["type"];
export type AssertionOf<T extends AssertionType> = Extract<Assertion, { type: T }>;
export type LlmRubric = AssertionOf<"llm_rubric">;

export const ASSERTION_TYPES = AssertionUnion.options.map((o) => o.shape.type.value) as AssertionType[];
