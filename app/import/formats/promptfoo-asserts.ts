/**
 * promptfoo assert types as Arbiter assertions (app/core/assertions/schema.ts). Pure: a promptfoo
 * assert in, an Arbiter assertion or the reason it has none out, so the importer can list what it
 * could not express with counts instead of dropping it.
 */
import type { Assertion } from "../../core/assertions/schema.ts";

export type Mapped = { ok: true; assertion: Assertion } | { ok: false; type: string; reason: string };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** `tools`: the function names the providers declare, for is-valid-openai-tools-call. */
export function mapPromptfooAssert(a: Record<string, unknown>, tools: string[] = []): Mapped {
  const type = String(a.type ?? "");
  const value = a.value;
  const description = typeof a.metric === "string" ? a.metric : undefined;
  const d = description ? { description } : {};
  const bad = (reason: string): Mapped => ({ ok: false, type, reason });
  const needString = (f: (v: string) => Assertion): Mapped => (str(value) ? { ok: true, assertion: f(value) } : bad("value must be a non-empty string"));
  switch (type) {
    case "equals":
      return value === undefined ? bad("value is required") : { ok: true, assertion: { type: "equals", value, ...d } };
    case "contains":
      return needString((v) => ({ type: "contains", value: v, ...d }));
    case "icontains":
      return needString((v) => ({ type: "icontains", value: v, ...d }));
    case "not-contains":
      return needString((v) => ({ type: "not_contains", value: v, ...d }));
    // The not- variants without an Arbiter type of their own are negative lookaheads over the
    // whole output: the output matches iff the positive check fails.
    case "not-icontains":
      return needString((v) => ({ type: "regex", pattern: `^(?![\\s\\S]*${escapeRegex(v)})`, flags: "i", ...d }));
    case "regex":
      return needString((v) => ({ type: "regex", pattern: v, ...d }));
    case "not-regex":
      return needString((v) => ({ type: "regex", pattern: `^(?![\\s\\S]*?(?:${v}))`, ...d }));
    case "starts-with":
      return needString((v) => ({ type: "regex", pattern: `^${escapeRegex(v)}`, ...d }));
    case "not-starts-with":
      return needString((v) => ({ type: "regex", pattern: `^(?!${escapeRegex(v)})`, ...d }));
    case "not-equals":
      // Arbiter's equals trims both sides; the negation of a trimmed string match.
      return typeof value === "string" ? { ok: true, assertion: { type: "regex", pattern: `^(?!\\s*${escapeRegex(value.trim())}\\s*$)`, ...d } } : bad("only a string value can be negated");
    case "is-json":
      if (value === undefined) return { ok: true, assertion: { type: "is_json", ...d } };
      return typeof value === "object" && value !== null ? { ok: true, assertion: { type: "json_schema", schema: value as Record<string, unknown>, ...d } } : bad("a schema given as a file is not read");
    case "is-valid-openai-tools-call":
      if (str(value)) return { ok: true, assertion: { type: "tool_call", name: value, ...d } };
      return tools.length === 1 ? { ok: true, assertion: { type: "tool_call", name: tools[0], ...d } } : bad(tools.length ? "the providers declare several tools; Arbiter's tool_call names one" : "no tool declared by the providers");
    case "latency": {
      const t = Number(a.threshold);
      return Number.isFinite(t) && t > 0 ? { ok: true, assertion: { type: "max_latency_ms", value: t, ...d } } : bad("threshold (ms) is required");
    }
    case "llm-rubric": {
      if (!str(value)) return bad("value (the rubric) must be a string");
      const t = a.threshold === undefined ? undefined : Number(a.threshold);
      if (t !== undefined && !(t >= 0 && t <= 1)) return bad("threshold must be in [0, 1]");
      return { ok: true, assertion: { type: "llm_rubric", rubric: value, ...(t !== undefined ? { threshold: t } : {}), ...d } };
    }
    default:
      return bad("no Arbiter assertion");
  }
}
