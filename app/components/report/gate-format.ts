/** How a gate's figures read: rates as percentages or points, latency in ms, ratios with ×. */
import type { GateResult } from "../../core/report/gate-evaluation";
import { formatGateInterval, formatGateValue } from "../../core/report/gate-units";

export const STATUS: Record<GateResult["status"], { cls: string; label: string }> = {
  pass: { cls: "pass", label: "pass" },
  fail: { cls: "fail", label: "fail" },
  not_conclusive: { cls: "inconclusive", label: "not conclusive" },
  insufficient_data: { cls: "insufficient", label: "insufficient data" },
};

/** In the gate's own unit (app/core/report/gate-units.ts): the same text as the gate's explanation. */
export function fmtGate(g: Pick<GateResult, "metric" | "mode">, v: number | null): string {
  return formatGateValue(g.metric, g.mode, v);
}

export function fmtCi(g: Pick<GateResult, "metric" | "mode">, ci: [number, number] | null): string {
  return formatGateInterval(g.metric, g.mode, ci);
}

export function scopeText(scope: GateResult["scope"]): string {
  return scope === "all" ? "all cases" : Object.entries(scope).map(([k, v]) => `${k}: ${v}`).join(", ");
}
