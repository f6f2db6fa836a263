/**
 * The import formats as the web form lists them. Kept apart from the registry (index.ts), whose
 * adapters read files, so the browser bundle can import it; a unit test keeps the two in step.
 */
export const FORMAT_CATALOG: { name: string; label: string; mapped?: boolean; needsSystem?: boolean }[] = [
  { name: "alpaca-eval", label: "AlpacaEval model outputs or annotations (JSON)" },
  { name: "mt-bench", label: "MT-bench questions, answers or judgments (JSONL)" },
  { name: "arena", label: "Chatbot Arena battles with conversations (JSON or JSONL)" },
  { name: "promptfoo", label: "promptfoo config (YAML or JSON)" },
  { name: "promptfoo-results", label: "promptfoo results JSON" },
  { name: "lm-eval", label: "lm-evaluation-harness --log_samples (JSONL)", needsSystem: true },
  { name: "openai-evals", label: "OpenAI Evals samples (JSONL)" },
  { name: "jsonl", label: "any JSONL, with a field mapping", mapped: true },
  { name: "csv", label: "any CSV, with a field mapping", mapped: true },
];

/** Arbiter fields a mapped file can fill, with what each is. */
export const MAPPED_FIELDS: { field: string; what: string }[] = [
  { field: "id", what: "case id (default: the row's position)" },
  { field: "input", what: "the prompt (required)" },
  { field: "reference", what: "reference answer" },
  { field: "context", what: "retrieved context" },
  { field: "category", what: "category (default: imported)" },
  { field: "suite", what: "suite (default: imported)" },
  { field: "shape", what: "shape (default: open)" },
  { field: "tags", what: "tags (a list, or text split at ; or |)" },
  { field: "output", what: "an output per row (with system)" },
  { field: "system", what: "the system of that output" },
  { field: "latency_ms", what: "the output's latency" },
];
