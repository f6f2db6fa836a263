/**
 * The shape of imported cases and outputs (DESIGN.md "Concepts": Case, Output), validated with zod.
 * CSV cells arrive as strings, so the same schema accepts JSON-in-a-cell for structured fields.
 */
import { z } from "zod";
import { AssertionSchema } from "../core/assertions/schema";
import { INT4_MAX } from "./bounded";

export const SHAPES = [
  "classification", "extraction", "qa", "summarization", "structured", "tool_call", "rag", "seq2seq", "transcription", "open",
] as const;

/** A CSV cell holding JSON is parsed; a JSON value passes through. */
const jsonCell = <T extends z.ZodTypeAny>(inner: T) =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const t = v.trim();
    if (!(t.startsWith("[") || t.startsWith("{"))) return v;
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }, inner);

const ChatMessage = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
});

const nonEmpty = (what: string) => z.string({ required_error: `${what} is required` }).trim().min(1, `${what} must not be empty`).max(200);

export const CaseRow = z
  .object({
    id: z.union([z.string(), z.number()], { required_error: "id is required" }).transform(String).pipe(z.string().trim().min(1, "id must not be empty").max(200)),
    input: jsonCell(z.union([z.string().min(1, "input must not be empty"), z.array(ChatMessage).min(1, "input has no messages")])),
    context: z.string().nullish(),
    reference: z.string().nullish(),
    category: nonEmpty("category"),
    suite: nonEmpty("suite"),
    shape: z.enum(SHAPES, { errorMap: () => ({ message: `shape must be one of ${SHAPES.join(", ")}` }) }),
    tags: z
      .preprocess((v) => (typeof v === "string" && !v.trim().startsWith("[") ? v.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : v), jsonCell(z.array(z.string())))
      .default([]),
    assertions: jsonCell(z.array(AssertionSchema)).default([]),
  })
  .strict();
export type CaseRow = z.infer<typeof CaseRow>;

// int4 columns (db/migrations/0001): a larger count is refused on its line, not a 500 from Postgres.
const intCell = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().int().nonnegative().max(INT4_MAX, `must be at most ${INT4_MAX}, the largest the database stores`));
const numCell = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().finite().nonnegative());

export const OutputRow = z
  .object({
    case_id: z.union([z.string(), z.number()], { required_error: "case_id is required" }).transform(String),
    /** Needed unless the import names the system (--system). */
    system: z.string().trim().min(1).optional(),
    text: z.string().nullish(),
    latency_ms: numCell.nullish(),
    prompt_tokens: intCell.nullish(),
    completion_tokens: intCell.nullish(),
    logprobs: jsonCell(z.array(z.number().finite().max(0, "a logprob is never above 0"))).nullish(),
    error: z.string().nullish(),
  })
  .strict()
  .refine((o) => (o.text != null && o.text !== "") || (o.error != null && o.error !== ""), {
    message: "an output needs text or an error",
    path: ["text"],
  });
export type OutputRow = z.infer<typeof OutputRow>;

export interface RowError {
  line: number;
  field: string | null;
  reason: string;
}

/** zod issues as "field: reason" errors on one line. */
export function rowErrors(line: number, error: z.ZodError): RowError[] {
  return error.issues.map((issue) => ({
    line,
    field: issue.path.length ? issue.path.join(".") : issue.code === "unrecognized_keys" ? (issue as z.ZodUnrecognizedKeysIssue).keys.join(", ") : null,
    reason: issue.code === "unrecognized_keys" ? `unknown field${(issue as z.ZodUnrecognizedKeysIssue).keys.length > 1 ? "s" : ""}` : issue.message,
  }));
}
