/**
 * A gate's figures in the gate's own unit (issue 13 item 7): percentages for rates and win rates,
 * points for a difference of rates, × for a ratio, ms for latency, plain numbers otherwise. The
 * checklist, the gate's explanation and the exports say the same thing. Pure.
 */
import type { GateMetric } from "../../schemas/pack.ts";

export type GateUnit = "percent" | "points" | "ratio" | "ms" | "number";

/** Metrics whose values are fractions of 1 (shown as %, their deltas as points). */
export const RATE_METRICS: ReadonlySet<string> = new Set<GateMetric>([
  "exact_match", "token_f1", "rouge1", "rouge2", "rougeL", "accuracy", "macro_f1", "valid_json_rate", "schema_compliance",
  "tool_call_accuracy", "assertion_pass_rate", "error_rate", "human_win_rate", "human_decisive_win_rate", "judge_win_rate", "judge_faithfulness",
]);

export function gateUnit(metric: string, mode: string): GateUnit {
  if (mode === "ratio") return "ratio";
  if (mode === "relative") return "percent";
  if (metric.startsWith("latency")) return "ms";
  if (RATE_METRICS.has(metric)) return mode === "delta" ? "points" : "percent";
  return "number";
}

const sign = (v: number) => (v > 0 ? "+" : v < 0 ? "−" : "");

/** One value in the gate's unit, e.g. "63.8%", "+4.2 pts", "1.35×", "812 ms", "0.412". */
export function formatGateValue(metric: string, mode: string, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "—";
  const delta = mode === "delta" || mode === "relative";
  const s = delta ? sign(v) : v < 0 ? "−" : "";
  const a = Math.abs(v);
  switch (gateUnit(metric, mode)) {
    case "ratio":
      return `${v.toFixed(2)}×`;
    case "percent":
      return `${s}${(a * 100).toFixed(1)}%`;
    case "points":
      return `${s}${(a * 100).toFixed(1)} pts`;
    case "ms":
      return `${s}${Math.round(a)} ms`;
    case "number":
      return `${s}${a.toPrecision(4).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")}`;
  }
}

export function formatGateInterval(metric: string, mode: string, ci: readonly [number, number] | null): string {
  return ci ? `[${formatGateValue(metric, mode, ci[0])}, ${formatGateValue(metric, mode, ci[1])}]` : "—";
}
