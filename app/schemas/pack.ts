/**
 * Eval packs: the metrics to compute and the gates to pass, declared in JSON or YAML and validated
 * by this one schema. Gates are fixed before results exist (DESIGN rule 1).
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { SHAPES } from "./rows";

/** Every figure a gate can name; the report computes each per scope and per system. */
export const GATE_METRICS = [
  "exact_match", "token_f1", "rouge1", "rouge2", "rougeL", "bleu", "wer", "accuracy", "macro_f1",
  "valid_json_rate", "schema_compliance", "tool_call_accuracy", "assertion_pass_rate",
  "latency_p50", "latency_p95", "latency_p99", "perplexity", "error_rate",
  "human_win_rate", "human_decisive_win_rate", "judge_win_rate", "judge_faithfulness", "human_agreement_alpha",
  "judge_win_rate_lc", "human_win_rate_lc",
] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export const Comparator = z.enum([">=", ">", "<=", "<", "=="]);
export type Comparator = z.infer<typeof Comparator>;

export const Scope = z
  .object({
    suite: z.string().min(1).optional(),
    category: z.string().min(1).optional(),
    shape: z.enum(SHAPES).optional(),
    tag: z.string().min(1).optional(),
  })
  .strict();
export type Scope = z.infer<typeof Scope>;

export const Gate = z
  .object({
    id: z.string().regex(/^[a-z0-9_][a-z0-9_-]*$/, "gate ids are lower-case words joined by _ or -"),
    description: z.string().max(300).optional(),
    metric: z.enum(GATE_METRICS, { errorMap: () => ({ message: `metric must be one of ${GATE_METRICS.join(", ")}` }) }),
    /** "all" or a slice of the cases. */
    scope: z.union([z.literal("all"), Scope]).default("all"),
    /**
     * value: the candidate's own figure; delta: candidate − baseline; ratio: candidate / baseline;
     * relative: (candidate − baseline) / baseline. Pairwise metrics (win rates) are always "value".
     */
    mode: z.enum(["value", "delta", "ratio", "relative"]).default("value"),
    comparator: Comparator,
    threshold: z.number().finite(),
    min_n: z.number().int().min(1).default(1),
    /**
     * bound: pass only when the whole 95% interval clears the threshold, fail when it lies wholly on
     * the wrong side, else "not conclusive". point: decided on the point estimate (interval still shown).
     */
    decide_on: z.enum(["bound", "point"]).default("bound"),
    /**
     * human_win_rate only: "ppi" decides on the prediction-powered interval (human votes on a
     * random subset plus the judge on every comparison, app/core/report/hybrid.ts); default classical.
     */
    estimator: z.enum(["classical", "ppi"]).optional(),
    /** The baseline this gate compares the candidate with, by system name; default the pack's compare_to, else the eval's baseline. */
    baseline: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((g) => g.estimator !== "ppi" || g.metric === "human_win_rate", {
    message: "estimator ppi applies to metric human_win_rate only",
    path: ["estimator"],
  });
export type Gate = z.infer<typeof Gate>;

export const Pack = z
  .object({
    name: z.string().min(1).max(120),
    description: z.string().max(2000).optional(),
    /** Which baseline system the deltas compare against; default: the eval's first baseline. */
    compare_to: z.string().min(1).optional(),
    /** Metrics to compute per shape, overriding the task-aware defaults. */
    metrics: z.record(z.enum(SHAPES), z.array(z.string().min(1))).optional(),
    /** The drop (candidate − baseline) in a category's pass rate that the report flags as a regression. */
    regression_threshold: z.number().min(0).max(1).default(0.05),
    /**
     * Byte-identical outputs (after trimming) are never asked about: "tie" counts them as ties in the
     * win-rate gates, "exclude" leaves them out of those gates (the checklist says how many). Absent: "tie".
     */
    identical: z.enum(["tie", "exclude"]).optional(),
    /** Slices (category, shape, tag) with fewer decided cases than this (default 10) are shown greyed and never flagged. */
    slice_min_n: z.number().int().min(1).optional(),
    gates: z.array(Gate).min(1, "a pack needs at least one gate"),
  })
  .strict()
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.gates.forEach((g, i) => {
      if (seen.has(g.id)) ctx.addIssue({ code: "custom", path: ["gates", i, "id"], message: `duplicate gate id "${g.id}"` });
      seen.add(g.id);
    });
  });
export type Pack = z.infer<typeof Pack>;

export class PackError extends Error {}

/** Parses JSON or YAML text into a validated pack; errors name the field path. */
export function parsePack(text: string, format: "json" | "yaml"): Pack {
  let raw: unknown;
  try {
    raw = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new PackError(`the pack is not valid ${format.toUpperCase()}: ${(err as Error).message}`);
  }
  const parsed = Pack.safeParse(raw);
  if (!parsed.success) {
    throw new PackError(
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "pack"}: ${i.message}`).join("\n"),
    );
  }
  return parsed.data;
}
