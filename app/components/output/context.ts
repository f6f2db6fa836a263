/**
 * Whether a prompt refers to its context ("according to the passage", "in the document above"),
 * so the annotator's page opens the context by itself. A lead can also set "context open" per eval.
 */
const REFERS = /\b(context|passage|document|article|excerpt|text (above|below)|the (above|following) text|source text|provided (text|information|policy|material)|given (text|information)|according to|based on the|the (policy|email|transcript|report|ticket|conversation) (above|below))\b/i;

function textOf(input: unknown): string {
  if (typeof input === "string") return input;
  if (Array.isArray(input)) return input.map((m) => (m && typeof m === "object" ? String((m as { content?: unknown }).content ?? "") : String(m))).join("\n");
  return input == null ? "" : JSON.stringify(input);
}

export function promptRefersToContext(input: unknown): boolean {
  return REFERS.test(textOf(input));
}
