/**
 * Judge prompts are versioned data files (judges/prompts/NAME.json), so a verdict can record the
 * exact prompt version it came from and a prompt change is a new file, never an edit in place.
 */
import faithfulnessClaimsV1 from "./prompts/faithfulness-claims-v1.json";
import faithfulnessVerifyV1 from "./prompts/faithfulness-verify-v1.json";
import pairwiseV1 from "./prompts/pairwise-v1.json";
import rubricV1 from "./prompts/rubric-v1.json";
import { z } from "zod";
import type { ChatMessage } from "./types.ts";

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/g;

export const promptFileSchema = z
  .object({
    version: z.string().regex(/^[a-z0-9-]+-v\d+$/, "version looks like name-v1"),
    protocol: z.enum(["pairwise", "faithfulness-claims", "faithfulness-verify", "rubric"]),
    description: z.string(),
    /** Every placeholder the templates use; rendering demands exactly these. */
    variables: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)),
    system: z.string().min(1),
    user: z.string().min(1),
    /** Sent once when an answer does not parse; may use {error}. */
    repair: z.string().min(1),
  })
  .superRefine((p, ctx) => {
    const used = new Set([...placeholders(p.system), ...placeholders(p.user)]);
    for (const v of used) if (!p.variables.includes(v)) ctx.addIssue({ code: "custom", message: `placeholder {${v}} is not declared in variables` });
    for (const v of p.variables) if (!used.has(v)) ctx.addIssue({ code: "custom", message: `variable ${v} is declared but never used` });
  });

export type PromptFile = z.infer<typeof promptFileSchema>;

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * The prompt files, imported statically so they travel inside any bundle (the Remix server build
 * included) instead of being looked up beside a module file that bundling moves.
 */
const PROMPT_FILES: Record<string, unknown> = {
  "pairwise-v1": pairwiseV1,
  "faithfulness-claims-v1": faithfulnessClaimsV1,
  "faithfulness-verify-v1": faithfulnessVerifyV1,
  "rubric-v1": rubricV1,
};
const loaded = new Map<string, PromptFile>();

/** Loads and validates judges/prompts/<version>.json (e.g. "pairwise-v1"), once per process. */
export function loadPrompt(version: string): PromptFile {
  const cached = loaded.get(version);
  if (cached) return cached;
  if (!/^[a-z0-9-]+$/.test(version)) throw new Error(`bad prompt version name: ${version}`);
  const raw = PROMPT_FILES[version];
  if (raw === undefined) throw new Error(`no prompt file ${version}.json (known: ${Object.keys(PROMPT_FILES).join(", ")})`);
  const parsed = promptFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`prompt ${version} is invalid: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  if (parsed.data.version !== version) throw new Error(`prompt file ${version}.json declares version ${parsed.data.version}`);
  loaded.set(version, parsed.data);
  return parsed.data;
}

/**
 * Replaces {name} in one pass, so a value that itself contains "{x}" (model output often does)
 * is inserted literally and never expanded. Missing or unexpected values are errors: a typo must
 * not silently send "{output_a}" to the judge.
 */
export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in vars)) throw new Error(`no value for placeholder {${name}}`);
    return vars[name];
  });
}

export function renderPrompt(prompt: PromptFile, vars: Record<string, string>): ChatMessage[] {
  for (const v of prompt.variables) if (!(v in vars)) throw new Error(`prompt ${prompt.version}: missing value for {${v}}`);
  for (const k of Object.keys(vars)) if (!prompt.variables.includes(k)) throw new Error(`prompt ${prompt.version}: unexpected value ${k}`);
  return [
    { role: "system", content: renderTemplate(prompt.system, vars) },
    { role: "user", content: renderTemplate(prompt.user, vars) },
  ];
}

export function renderRepair(prompt: PromptFile, error: string): string {
  return prompt.repair.replace(/\{error\}/g, error);
}
