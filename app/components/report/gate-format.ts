/** How a gate's figures read: rates as percentages or points, latency in ms, ratios with ×. */
import type { GateResult } from "../../core/report/gate-evaluation";

export const STATUS: Record<GateResult["status"], { cls: string; label: string }> = {
  pass: { cls: "pass", label: "pass" },
  fail: { cls: "fail", label: "fail" },
  not_conclusive: { cls: "inconclusive", label: "not conclusive" },
  insufficient_data: { cls: "insufficient", label: "insufficient data" },
};

const RATE_METRICS = new Set(["exact_match", "token_f1", "rouge1", "rouge2", "rougeL", "accuracy", "macro_f1", "valid_json_rate", "schema_compliance", "tool_call_accuracy", "assertion_pass_rate", "error_rate", "human_win_rate", "human_decisive_win_rate", "judge_win_rate", "judge_faithfulness"]);

export function fmtGate(g: Pick<GateResult, "metric" | "mode">, v: number | null): string {
  if (v === null) return "—";
  if (g.mode === "ratio") return `${v.toFixed(2)}×`;
  if (g.metric.startsWith("latency")) return g.mode === "value" ? `${Math.round(v)} ms` : g.mode === "delta" ? `${v > 0 ? "+" : ""}${Math.round(v)} ms` : `${(v * 100).toFixed(1)}%`;
  if (RATE_METRICS.has(g.metric) || g.mode === "relative") {
    const s = `${(v * 100).toFixed(1)}%`;
    return g.mode === "delta" ? `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts` : s;
  }
  return v.toFixed(3);
}

export function fmtCi(g: Pick<GateResult, "metric" | "mode">, ci: [number, number] | null): string {
  return ci ? `[${fmtGate(g, ci[0])}, ${fmtGate(g, ci[1])}]` : "—";
}

export function scopeText(scope: GateResult["scope"]): string {
  return scope === "all" ? "all cases" : Object.entries(scope).map(([k, v]) => `${k}: ${v}`).join(", ");
}
